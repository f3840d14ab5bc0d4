import { RowWindow } from '../rowWindow';

export interface VirtualListOptions {
  /** The scrolling element (it gets a spacer and a layer of row elements). */
  readonly scroller: HTMLElement;
  readonly rowHeight: number;
  /** Fills (or refills) the element drawn for row `index`. */
  renderRow(element: HTMLElement, index: number): void;
  /** Rows `first` to `last` are about to be drawn (the page asks for the pages they need). */
  onRange?(first: number, last: number): void;
  /** Builds a row element (its role and class). */
  createRow(): HTMLElement;
}

/**
 * A list of fixed-height rows of any length: only the rows on screen exist in the DOM, placed by
 * {@link RowWindow}. Positions are set through the CSSOM (allowed by the page's CSP, unlike style
 * attributes).
 */
export class VirtualList {
  readonly #window: RowWindow;
  readonly #spacer: HTMLElement;
  readonly #layer: HTMLElement;
  readonly #rows: HTMLElement[] = [];
  #count = 0;
  #frame = 0;
  #range = { first: 0, last: -1 };

  constructor(private readonly options: VirtualListOptions) {
    this.#window = new RowWindow(options.rowHeight);
    this.#spacer = document.createElement('div');
    this.#spacer.className = 'virtual-spacer';
    this.#layer = document.createElement('div');
    this.#layer.className = 'virtual-layer';
    this.#layer.setAttribute('role', 'presentation');
    options.scroller.append(this.#spacer, this.#layer);
    options.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(options.scroller);
  }

  /** The element rows are drawn in (for a role such as rowgroup). */
  get layer(): HTMLElement {
    return this.#layer;
  }

  get count(): number {
    return this.#count;
  }

  /** The rows drawn now, first to last. */
  get range(): { first: number; last: number } {
    return this.#range;
  }

  setCount(count: number): void {
    this.#count = count;
    this.#spacer.style.height = `${this.#window.scrollHeight(count)}px`;
    this.schedule();
  }

  /** Redraws on the next frame (after new rows arrived or columns changed). */
  schedule(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.draw();
    });
  }

  /** Draws the rows on screen now. */
  draw(): void {
    const scroller = this.options.scroller;
    const viewport = scroller.clientHeight;
    const { first, last, offset } = this.#window.range(scroller.scrollTop, viewport, this.#count);
    this.#range = { first, last };
    if (last >= first) this.options.onRange?.(first, last);
    const needed = Math.max(0, last - first + 1);
    while (this.#rows.length < needed) {
      const row = this.options.createRow();
      this.#rows.push(row);
      this.#layer.append(row);
    }
    while (this.#rows.length > needed) this.#rows.pop()?.remove();
    this.#layer.style.transform = `translateY(${scroller.scrollTop + offset}px)`;
    for (let index = 0; index < needed; index += 1) this.options.renderRow(this.#rows[index] as HTMLElement, first + index);
  }

  /** Scrolls so that `index` is in view (at the top with `start`). */
  scrollTo(index: number, align: 'start' | 'nearest' = 'nearest'): void {
    const scroller = this.options.scroller;
    scroller.scrollTop = this.#window.scrollTopFor(index, scroller.scrollTop, scroller.clientHeight, this.#count, align);
    this.draw();
  }

  /** Rows a Page Up/Down moves. */
  rowsPerPage(): number {
    return this.#window.rowsPerPage(this.options.scroller.clientHeight);
  }

  /** The element drawn for `index`, when it is on screen. */
  elementOf(index: number): HTMLElement | undefined {
    return index >= this.#range.first && index <= this.#range.last ? this.#rows[index - this.#range.first] : undefined;
  }
}
