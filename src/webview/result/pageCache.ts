/**
 * The rows a result viewer page holds: a few pages of row texts, the least recently used dropped
 * first, so memory stays the same at a hundred rows or a million. Rows not held are asked for by
 * page; a page asked for and not yet answered is not asked for again.
 *
 * @example const cache = new PageCache(200, 30); cache.pagesMissing(0, 50) // [0]; cache.add(0, texts)
 */
export class PageCache {
  readonly #pages = new Map<number, readonly string[]>();
  readonly #requested = new Set<number>();

  constructor(
    readonly pageSize: number,
    /** Pages held at most; a screen needs two, the graph's first rows a few more. */
    readonly maxPages = 40,
  ) {}

  /** The text of a row, when its page is held (and marks the page as just used). */
  rowText(row: number): string | undefined {
    const pageIndex = Math.floor(row / this.pageSize);
    const page = this.#pages.get(pageIndex);
    if (page === undefined) return undefined;
    this.#pages.delete(pageIndex);
    this.#pages.set(pageIndex, page);
    return page[row - pageIndex * this.pageSize];
  }

  /** Whether a row's page is held, without marking it used. */
  has(row: number): boolean {
    return this.#pages.has(Math.floor(row / this.pageSize));
  }

  /**
   * The pages rows `first` to `last` (inclusive) need that are neither held nor asked for yet;
   * they are marked as asked for.
   */
  pagesMissing(first: number, last: number): number[] {
    const missing: number[] = [];
    if (last < first) return missing;
    for (let pageIndex = Math.floor(Math.max(0, first) / this.pageSize); pageIndex <= Math.floor(last / this.pageSize); pageIndex += 1) {
      if (this.#pages.has(pageIndex) || this.#requested.has(pageIndex)) continue;
      this.#requested.add(pageIndex);
      missing.push(pageIndex);
    }
    return missing;
  }

  /** Holds an answered page, dropping the least recently used beyond {@link maxPages}. */
  add(pageIndex: number, rows: readonly string[]): void {
    this.#requested.delete(pageIndex);
    this.#pages.delete(pageIndex);
    this.#pages.set(pageIndex, rows);
    while (this.#pages.size > this.maxPages) {
      const oldest = this.#pages.keys().next().value;
      if (oldest === undefined) break;
      this.#pages.delete(oldest);
    }
  }

  /** Forgets that pages were asked for (the page reloaded and the answers will not come). */
  forgetRequests(): void {
    this.#requested.clear();
  }

  /** How many pages are held. */
  get size(): number {
    return this.#pages.size;
  }
}
