import { ResultColumns, VALUE_COLUMN } from '../../results/resultColumns';
import { cellText, rowMembers } from '../../results/rowMembers';

export { VALUE_COLUMN };

/** What a cell holds, for its style and for screen readers. */
export type CellKind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'missing';

/** A cell as the table draws it. */
export interface GridCell {
  readonly kind: CellKind;
  /** The text shown: a string without quotes, a number with every digit, nested values as compact JSON, cut at the display limit. */
  readonly text: string;
  /** The value's JSON text as the server sent it (undefined for a missing attribute). */
  readonly raw: string | undefined;
  /** Whether {@link text} was cut (the side panel shows it whole). */
  readonly cut: boolean;
}

/** Characters of a cell drawn in the table; the side panel shows the rest. */
export const CELL_DISPLAY_LIMIT = 300;

/** The kind of a JSON value from its first character. */
export function kindOf(raw: string | undefined): CellKind {
  if (raw === undefined) return 'missing';
  switch (raw.charAt(0)) {
    case '"':
      return 'string';
    case '{':
      return 'object';
    case '[':
      return 'array';
    case 't':
    case 'f':
      return 'boolean';
    case 'n':
      return 'null';
    default:
      return 'number';
  }
}

/** The JSON text of each column of a row; a row that is not an object fills {@link VALUE_COLUMN}. */
export function cellsOf(rowText: string): Map<string, string> {
  const members = rowMembers(rowText);
  if (members === undefined) return new Map([[VALUE_COLUMN, rowText.trim()]]);
  return new Map(members.map((member) => [member.name, member.raw]));
}

/**
 * A cell for the table: nested objects and arrays compactly (their JSON with the spaces the
 * server left out), everything cut at `limit` characters with `…`.
 *
 * @example gridCell('"Berlin"') // { kind: 'string', text: 'Berlin', … }
 */
export function gridCell(raw: string | undefined, limit = CELL_DISPLAY_LIMIT): GridCell {
  const kind = kindOf(raw);
  if (raw === undefined) return { kind, text: '', raw, cut: false };
  // Unescaping a long string only to cut it is wasted: cut the JSON text first, with room to spare.
  const source = kind === 'string' && raw.length > limit * 2 + 2 ? `${raw.slice(0, limit * 2 + 1).replace(/\\+$/, '')}"` : raw;
  let text: string;
  try {
    text = cellText(source);
  } catch {
    text = source;
  }
  const cut = text.length > limit || source !== raw;
  return { kind, text: text.length > limit ? `${text.slice(0, limit)}…` : cut ? `${text}…` : text, raw, cut };
}

/**
 * The table's columns: every top-level attribute of the rows seen so far, in first-seen order
 * with `_key`, `_id`, `_from`, `_to` first, less the hidden ones, each with its width.
 */
export class GridColumns {
  readonly #found = new ResultColumns();
  readonly #hidden = new Set<string>();
  readonly #widths = new Map<string, number>();
  #names: string[] = [];

  constructor(readonly defaultWidth = 160) {}

  /** Adds the attributes of rows just read; true when a column was added. */
  addRows(rowTexts: Iterable<string>): boolean {
    const before = this.#names.length;
    for (const text of rowTexts) {
      try {
        this.#found.addRowText(text);
      } catch {
        // A row the scanner cannot split still shows in the raw view; it adds no column.
      }
    }
    this.#names = this.#found.names;
    return this.#names.length !== before;
  }

  /** Every column found, hidden ones too. */
  get all(): readonly string[] {
    return this.#names;
  }

  /** The columns shown, in order. */
  get visible(): string[] {
    return this.#names.filter((name) => !this.#hidden.has(name));
  }

  isHidden(name: string): boolean {
    return this.#hidden.has(name);
  }

  /** Hides or shows a column; the last visible column cannot be hidden. */
  setHidden(name: string, hidden: boolean): void {
    if (hidden && this.visible.length <= 1 && !this.#hidden.has(name)) return;
    if (hidden) this.#hidden.add(name);
    else this.#hidden.delete(name);
  }

  widthOf(name: string): number {
    return this.#widths.get(name) ?? this.defaultWidth;
  }

  /** Sets a column's width in pixels, kept between 40 and 2000. */
  setWidth(name: string, width: number): void {
    this.#widths.set(name, Math.round(Math.min(2000, Math.max(40, width))));
  }
}
