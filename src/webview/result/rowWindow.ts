/**
 * Which rows of a list of fixed-height rows are on screen, for a list of any length. A browser
 * cannot make an element taller than about 33 million pixels (fewer in some), so past
 * {@link maxScrollHeight} the scroll range is scaled: the scrollbar spans the whole result and
 * the rows still move by whole pixels while scrolling. It holds no per-row state: what it costs
 * is the same at a hundred rows and at a million (a per-item measurement cache, as general
 * virtualizers keep, grows by 16 bytes or more a row).
 *
 * @example const window = new RowWindow(22); window.range(44_000, 600, 1_000_000) // rows 2000 to 2028
 */
export class RowWindow {
  constructor(
    readonly rowHeight: number,
    readonly maxScrollHeight = 8_000_000,
  ) {}

  /** The height of the scrolled content. */
  scrollHeight(rowCount: number): number {
    return Math.min(rowCount * this.rowHeight, this.maxScrollHeight);
  }

  /** Content pixels per scrolled pixel (1 unless the list is taller than the browser allows). */
  scale(rowCount: number, viewportHeight: number): number {
    const total = rowCount * this.rowHeight;
    const height = this.scrollHeight(rowCount);
    if (total <= height || height <= viewportHeight) return 1;
    return (total - viewportHeight) / (height - viewportHeight);
  }

  /**
   * The rows to draw for a scroll position: `first` to `last` inclusive (with `overscan` rows
   * either side), and `offset`, the y of row `first` relative to the top of the viewport.
   */
  range(scrollTop: number, viewportHeight: number, rowCount: number, overscan = 4): { first: number; last: number; offset: number } {
    if (rowCount <= 0) return { first: 0, last: -1, offset: 0 };
    const contentTop = scrollTop * this.scale(rowCount, viewportHeight);
    const top = Math.max(0, Math.min(rowCount - 1, Math.floor(contentTop / this.rowHeight)));
    const first = Math.max(0, top - overscan);
    const last = Math.min(rowCount - 1, Math.ceil((contentTop + viewportHeight) / this.rowHeight) + overscan);
    return { first, last, offset: first * this.rowHeight - contentTop };
  }

  /** The scrollTop that shows `row`: at the top, or just enough to bring it into view (`nearest`). */
  scrollTopFor(row: number, currentScrollTop: number, viewportHeight: number, rowCount: number, align: 'start' | 'nearest' = 'nearest'): number {
    const scale = this.scale(rowCount, viewportHeight);
    const rowTop = row * this.rowHeight;
    const contentTop = currentScrollTop * scale;
    let target = contentTop;
    if (align === 'start' || rowTop < contentTop) target = rowTop;
    else if (rowTop + this.rowHeight > contentTop + viewportHeight) target = rowTop + this.rowHeight - viewportHeight;
    const maxTop = Math.max(0, this.scrollHeight(rowCount) - viewportHeight);
    return Math.max(0, Math.min(maxTop, target / scale));
  }

  /** Whole rows in a viewport (what Page Down moves). */
  rowsPerPage(viewportHeight: number): number {
    return Math.max(1, Math.floor(viewportHeight / this.rowHeight) - 1);
  }
}
