import { CLOSE_BRACKET, COMMA, OPEN_BRACKET } from '../../results/jsonBytes';
import { forEachMember, skipValue, skipWhitespace } from '../../results/rowMembers';

/** A member of an object or an element of an array, with its value's JSON text as sent. */
export interface JsonChild {
  readonly key: string;
  readonly raw: string;
}

/** The children of a JSON value given as text (none for a scalar); numbers keep every digit. */
export function jsonChildren(raw: string): JsonChild[] {
  const text = raw.trim();
  const children: JsonChild[] = [];
  if (text.charCodeAt(0) === OPEN_BRACKET) {
    let at = skipWhitespace(text, 1);
    if (text.charCodeAt(at) === CLOSE_BRACKET) return children;
    for (;;) {
      const end = skipValue(text, at);
      children.push({ key: String(children.length), raw: text.slice(at, end) });
      at = skipWhitespace(text, end);
      if (text.charCodeAt(at) !== COMMA) return children;
      at = skipWhitespace(text, at + 1);
    }
  }
  forEachMember(text, (name, start, end) => children.push({ key: name, raw: text.slice(start, end) }));
  return children;
}

/** A JSON pointer (RFC 6901) one step further down. */
export function childPointer(pointer: string, key: string): string {
  return `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** The value at a JSON pointer inside a value's text ('' is the value itself), or undefined. */
export function valueAt(raw: string, pointer: string): string | undefined {
  if (pointer === '') return raw;
  let current = raw;
  for (const step of pointer.slice(1).split('/')) {
    const key = step.replaceAll('~1', '/').replaceAll('~0', '~');
    const child = jsonChildren(current).find((candidate) => candidate.key === key);
    if (child === undefined) return undefined;
    current = child.raw;
  }
  return current;
}

/** One line of the JSON view: a row (depth 0) or a value inside one. */
export interface JsonLine {
  readonly row: number;
  /** JSON pointer inside the row ('' for the row itself). */
  readonly pointer: string;
  readonly depth: number;
  /** The member name or array index; undefined for the row itself. */
  readonly key: string | undefined;
  /** The value's JSON text; undefined for a row whose page is not held yet. */
  readonly raw: string | undefined;
  readonly expandable: boolean;
  readonly expanded: boolean;
}

/** A short description of a collapsed object or array: `{ 5 attributes }`, `[ 3 items ]`. */
export function collapsedSummary(raw: string): string {
  const count = jsonChildren(raw).length;
  return raw.trim().startsWith('[') ? `[ ${count} ${count === 1 ? 'item' : 'items'} ]` : `{ ${count} ${count === 1 ? 'attribute' : 'attributes'} }`;
}

function isContainer(raw: string | undefined): boolean {
  const first = raw?.trim().charAt(0);
  return first === '{' || first === '[';
}

/**
 * The JSON view as a list of lines for a virtual list over a result of any size: one line per
 * row, and below an expanded row (or value) a line per child. Only expanded rows are held (their
 * text and lines), so a million collapsed rows cost nothing; the line of any row is found by
 * counting the lines the expanded rows before it add.
 */
export class JsonTreeModel {
  /** Expanded rows, by row: their text, their expanded pointers and their lines (the row's own first). */
  readonly #open = new Map<number, { text: string; pointers: Set<string>; lines: JsonLine[] }>();

  constructor(public rowCount: number) {}

  /** Lines in the view. */
  get lineCount(): number {
    let count = this.rowCount;
    for (const entry of this.#open.values()) count += entry.lines.length - 1;
    return count;
  }

  /** The line at `index`; `rowText` gives a row's text when its page is held. */
  lineAt(index: number, rowText: (row: number) => string | undefined): JsonLine {
    let extraBefore = 0;
    for (const [row, entry] of this.#sortedOpen()) {
      const start = row + extraBefore;
      if (index < start) break;
      if (index < start + entry.lines.length) return entry.lines[index - start] as JsonLine;
      extraBefore += entry.lines.length - 1;
    }
    const row = index - extraBefore;
    const raw = rowText(row);
    return { row, pointer: '', depth: 0, key: undefined, raw, expandable: isContainer(raw), expanded: false };
  }

  /** The line index of a row's own line. */
  lineOfRow(row: number): number {
    let extra = 0;
    for (const [openRow, entry] of this.#open) if (openRow < row) extra += entry.lines.length - 1;
    return row + extra;
  }

  /** Expands or collapses a value (`pointer` inside row `row`, whose text is `rowText`). */
  toggle(row: number, pointer: string, rowText: string): void {
    const entry = this.#open.get(row) ?? { text: rowText, pointers: new Set<string>(), lines: [] };
    if (entry.pointers.has(pointer)) {
      for (const open of [...entry.pointers]) if (open === pointer || open.startsWith(`${pointer}/`)) entry.pointers.delete(open);
    } else if (isContainer(valueAt(entry.text, pointer))) {
      entry.pointers.add(pointer);
    }
    if (entry.pointers.size === 0) {
      this.#open.delete(row);
      return;
    }
    entry.lines = this.#linesOf(row, entry.text, entry.pointers);
    this.#open.set(row, entry);
  }

  /** Collapses everything. */
  collapseAll(): void {
    this.#open.clear();
  }

  #sortedOpen(): [number, { lines: JsonLine[] }][] {
    return [...this.#open].sort((a, b) => a[0] - b[0]);
  }

  #linesOf(row: number, text: string, pointers: ReadonlySet<string>): JsonLine[] {
    const lines: JsonLine[] = [];
    const visit = (pointer: string, key: string | undefined, raw: string, depth: number): void => {
      const expanded = pointers.has(pointer);
      lines.push({ row, pointer, depth, key, raw, expandable: isContainer(raw), expanded });
      if (!expanded) return;
      for (const child of jsonChildren(raw)) visit(childPointer(pointer, child.key), child.key, child.raw, depth + 1);
    };
    visit('', undefined, text, 0);
    return lines;
  }
}


/**
 * A value's JSON text indented for reading, built from its text so a number keeps every digit
 * (`JSON.stringify(JSON.parse(…))` would round one beyond 2^53).
 *
 * @example prettyJson('{"n":12345678901234567890,"a":[1]}') // '{\n  "n": 12345678901234567890,\n  "a": [\n    1\n  ]\n}'
 */
export function prettyJson(raw: string, indent = '  ', depth = 0): string {
  const text = raw.trim();
  const open = text.charAt(0);
  if (open !== '{' && open !== '[') return text;
  const children = jsonChildren(text);
  const close = open === '{' ? '}' : ']';
  if (children.length === 0) return `${open}${close}`;
  const inner = indent.repeat(depth + 1);
  const lines = children.map((child) => {
    const value = prettyJson(child.raw, indent, depth + 1);
    return open === '{' ? `${inner}${JSON.stringify(child.key)}: ${value}` : `${inner}${value}`;
  });
  return `${open}\n${lines.join(',\n')}\n${indent.repeat(depth)}${close}`;
}
