import { rename } from 'node:fs/promises';
import { removeFile, writePartialFileFrom } from './atomicFile';
import { ResultColumns, VALUE_COLUMN } from './resultColumns';
import { cellText, rowMembers } from './rowMembers';
import { StoredRows } from './storedRows';
import type { StoredResult } from './storedResult';

/** What a stored result can be exported as. */
export type ExportFormat = 'csv' | 'json' | 'jsonl';

/** How far an export is: `columns` is CSV's first pass (finding the columns), `rows` the writing. */
export interface ExportProgress {
  readonly phase: 'columns' | 'rows';
  readonly rowsDone: number;
  readonly totalRows: number;
}

export interface ExportOptions {
  /** Called after each block of rows (a few hundred kilobytes). */
  readonly onProgress?: ((progress: ExportProgress) => void) | undefined;
  /** Cancels the export: the partial file is removed and the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** What an export wrote. */
export interface ExportSummary {
  readonly rows: number;
  readonly bytes: number;
  /** The CSV header, in order; empty for JSON and JSON Lines. */
  readonly columns: readonly string[];
}

const CSV_NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field by RFC 4180: quoted when it holds a comma, a quote, CR or LF, with quotes doubled.
 * Hand-written: it is this line, the libraries (csv-stringify, papaparse) would take the same
 * strings and add a dependency and a per-record stream to the bundle.
 */
export function csvField(text: string): string {
  return CSV_NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A cell of the CSV export from a value's JSON text: a string's text, a number with every digit
 * the server sent, `true`/`false`, a nested object or array as its compact JSON; `null` and a
 * missing attribute are empty fields.
 */
export function csvCell(raw: string | undefined): string {
  if (raw === undefined || raw === 'null') return '';
  return csvField(cellText(raw));
}

/** One CSV record (with its CRLF) of a row's JSON text, in the order of `columns`. */
export function csvRecord(text: string, columns: readonly string[], positions: ReadonlyMap<string, number>): string {
  const members = rowMembers(text);
  const cells = new Array<string | undefined>(columns.length);
  if (members === undefined) {
    const at = positions.get(VALUE_COLUMN);
    if (at !== undefined) cells[at] = text.trim();
  } else {
    for (const member of members) {
      const at = positions.get(member.name);
      if (at !== undefined) cells[at] = member.raw;
    }
  }
  let record = '';
  for (let index = 0; index < cells.length; index += 1) record += `${index === 0 ? '' : ','}${csvCell(cells[index])}`;
  return `${record}\r\n`;
}

/**
 * Writes a whole stored result to `targetPath` without running its query again, streaming: CSV
 * (a header row of every column of the table, found in a first pass over the file, then one
 * record per row, CRLF line ends), JSON (an array of the rows as the server sent them) or JSON
 * Lines. The file appears under `targetPath` only when complete (written under a `.partial`
 * name beside it, then renamed); on cancel or failure nothing is left behind.
 *
 * @example await exportResult(stored, '/tmp/out.csv', 'csv', { signal, onProgress: (p) => bar.report(p) })
 */
export async function exportResult(stored: StoredResult, targetPath: string, format: ExportFormat, options: ExportOptions = {}): Promise<ExportSummary> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const rows = await StoredRows.open(stored, signal);
  const totalRows = rows.rowCount;
  let columns: string[] = [];
  if (format === 'csv') {
    const found = new ResultColumns();
    for await (const block of rows.blocks(signal)) {
      for (const text of block.texts) found.addRowText(text);
      onProgress?.({ phase: 'columns', rowsDone: block.firstRow + block.texts.length, totalRows });
    }
    columns = found.names;
  }
  const positions = new Map(columns.map((name, index) => [name, index]));
  async function* pieces(): AsyncGenerator<string, void, undefined> {
    if (format === 'csv' && columns.length > 0) yield `${columns.map(csvField).join(',')}\r\n`;
    if (format === 'json') yield totalRows === 0 ? '[]\n' : '[\n';
    for await (const block of rows.blocks(signal)) {
      if (format === 'csv') {
        let text = '';
        for (const row of block.texts) text += csvRecord(row, columns, positions);
        yield text;
      } else if (format === 'json') {
        const last = block.firstRow + block.texts.length === totalRows;
        yield `${block.firstRow === 0 ? '' : ',\n'}${block.texts.join(',\n')}${last ? '\n]\n' : ''}`;
      } else {
        yield `${block.texts.join('\n')}\n`;
      }
      onProgress?.({ phase: 'rows', rowsDone: block.firstRow + block.texts.length, totalRows });
    }
    // The signal is checked before each read; this catches an abort after the last one.
    signal?.throwIfAborted();
  }
  const partial = await writePartialFileFrom(targetPath, pieces());
  try {
    await rename(partial.partialPath, targetPath);
  } catch (error: unknown) {
    await removeFile(partial.partialPath);
    throw error;
  }
  return { rows: totalRows, bytes: partial.bytes, columns };
}
