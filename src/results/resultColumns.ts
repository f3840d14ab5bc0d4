import { forEachMember } from './rowMembers';

/** The column of a row that is not an object (an array, a string, a number, …). */
export const VALUE_COLUMN = 'value';
/** ArangoDB's system attributes lead, in this order, whenever a row has them. */
const LEADING_COLUMNS: readonly string[] = ['_key', '_id', '_from', '_to'];

/**
 * The columns of a result's table: the union of the top-level attributes of the rows read so
 * far, in first-seen order with `_key`, `_id`, `_from`, `_to` first; a row that is not an object
 * adds {@link VALUE_COLUMN}. It grows as rows are added and never reorders what it has shown,
 * except that a system attribute first seen late still moves to the front.
 *
 * @example const columns = new ResultColumns(); columns.addRowText('{"b":1,"_key":"k"}'); columns.names // ['_key', 'b']
 */
export class ResultColumns {
  readonly #seen = new Set<string>();
  readonly #others: string[] = [];

  readonly #addName = (name: string): void => this.#add(name);

  /** Adds the attributes of one row given as JSON text (a stored row as the server sent it). */
  addRowText(text: string): void {
    if (!forEachMember(text, this.#addName)) this.#add(VALUE_COLUMN);
  }

  /** The columns so far. */
  get names(): string[] {
    return [...LEADING_COLUMNS.filter((name) => this.#seen.has(name)), ...this.#others];
  }

  #add(name: string): void {
    if (this.#seen.has(name)) return;
    this.#seen.add(name);
    if (!LEADING_COLUMNS.includes(name)) this.#others.push(name);
  }
}

/** The columns of the given rows (JSON texts): see {@link ResultColumns}. */
export function columnsOf(rowTexts: Iterable<string>): string[] {
  const columns = new ResultColumns();
  for (const text of rowTexts) columns.addRowText(text);
  return columns.names;
}
