import type { ResultRequest } from '../../../webviewHost/messages/resultMessages';
import { GridColumns } from '../gridModel';
import { PageCache } from '../pageCache';

/**
 * The rows the page knows: pages of row texts asked of the extension as the views need them, and
 * the table's columns as found in every page read. Views redraw when a page arrives.
 */
export class ResultData {
  readonly columns = new GridColumns();
  cache: PageCache;
  rowCount = 0;
  readonly #listeners: (() => void)[] = [];

  constructor(private readonly send: (request: ResultRequest) => void) {
    this.cache = new PageCache(200);
  }

  reset(rowCount: number, pageSize: number): void {
    this.rowCount = rowCount;
    this.cache = new PageCache(pageSize);
  }

  /** The text of a row, asking for its page when it is not held (undefined until it comes). */
  rowText(row: number): string | undefined {
    const text = this.cache.rowText(row);
    if (text === undefined) this.need(row, row);
    return text;
  }

  /** Asks for the pages rows `first` to `last` need. */
  need(first: number, last: number): void {
    for (const pageIndex of this.cache.pagesMissing(first, Math.min(last, this.rowCount - 1))) this.send({ type: 'page', pageIndex });
  }

  /** A page arrived: holds it, finds its columns, and lets the views redraw. */
  addPage(pageIndex: number, rows: readonly string[]): void {
    this.cache.add(pageIndex, rows);
    this.columns.addRows(rows);
    for (const listener of [...this.#listeners]) listener();
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const at = this.#listeners.indexOf(listener);
      if (at >= 0) this.#listeners.splice(at, 1);
    };
  }

  /** Redraws every view (columns hidden or resized). */
  changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
