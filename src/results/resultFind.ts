import { VALUE_COLUMN } from './resultColumns';
import { cellText, rowMembers } from './rowMembers';
import type { StoredRows } from './storedRows';

/** A cell that holds the text searched for. */
export interface FindHit {
  /** 0-based row number. */
  readonly row: number;
  /** The column of the cell, as the table names it ({@link VALUE_COLUMN} for a row that is not an object). */
  readonly column: string;
  /** The cell's text around the first match, with `…` where it was cut. */
  readonly snippet: string;
}

export interface FindOptions {
  /** Stops the search between two blocks of rows; the generator then throws the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** The row to start at (0-based); default the first. */
  readonly fromRow?: number | undefined;
  /** Characters of context on each side of the match in a snippet (default 30). */
  readonly context?: number | undefined;
}

/** Cheap test of a whole block or row before splitting it into cells. */
function mayHold(lowerText: string, lowerNeedle: string): boolean {
  // An escape (\u00e9, \", \n) can hide a match from the raw text: such rows are looked at cell by cell.
  return lowerText.includes(lowerNeedle) || lowerText.includes('\\');
}

function snippetOf(text: string, at: number, length: number, context: number): string {
  const start = Math.max(0, at - context);
  const end = Math.min(text.length, at + length + context);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/**
 * Finds `needle` in a stored result, case-insensitively, in the cells as the table shows them:
 * a string's text without quotes or escapes, a number with every digit, a nested value as its
 * compact JSON. Searching the cells rather than the raw row text means a match is always in one
 * column, `é` finds `"\u00e9"`, and the JSON punctuation (`"_key":`) finds nothing. Hits come
 * as the file is read, one per matching cell; stop by breaking out of the loop or aborting
 * `signal`.
 *
 * @example for await (const hit of findInResult(rows, 'berlin', { signal })) show(hit)
 */
export async function* findInResult(rows: StoredRows, needle: string, options: FindOptions = {}): AsyncGenerator<FindHit, void, undefined> {
  if (needle === '') return;
  const lowerNeedle = needle.toLowerCase();
  const context = options.context ?? 30;
  for await (const block of rows.blocks(options.signal, options.fromRow ?? 0)) {
    if (!mayHold(block.texts.join('\n').toLowerCase(), lowerNeedle)) continue;
    for (let index = 0; index < block.texts.length; index += 1) {
      const text = block.texts[index] as string;
      if (!mayHold(text.toLowerCase(), lowerNeedle)) continue;
      const row = block.firstRow + index;
      const cells = rowMembers(text)?.map((member) => ({ column: member.name, text: cellText(member.raw) })) ?? [
        { column: VALUE_COLUMN, text: cellText(text.trim()) },
      ];
      for (const cell of cells) {
        const at = cell.text.toLowerCase().indexOf(lowerNeedle);
        if (at >= 0) yield { row, column: cell.column, snippet: snippetOf(cell.text, at, needle.length, context) };
      }
    }
  }
}
