import type { ResultData } from './resultData';
import { VirtualList } from './virtualList';

const LINE_HEIGHT = 20;

/**
 * The raw view: every row exactly as the server sent it, one per line (the stored JSON Lines),
 * over the whole result. Lines are not cut, so a long row scrolls sideways.
 */
export class RawView {
  readonly element: HTMLElement;
  readonly #scroller: HTMLElement;
  readonly #list: VirtualList;

  constructor(private readonly data: ResultData) {
    this.element = document.createElement('div');
    this.element.className = 'raw-view';
    this.#scroller = document.createElement('div');
    this.#scroller.className = 'raw-lines';
    this.#scroller.setAttribute('role', 'list');
    this.#scroller.setAttribute('aria-label', 'Result rows as the server sent them');
    this.#scroller.tabIndex = 0;
    this.element.append(this.#scroller);
    this.#list = new VirtualList({
      scroller: this.#scroller,
      rowHeight: LINE_HEIGHT,
      createRow: () => {
        const line = document.createElement('div');
        line.className = 'raw-line';
        line.setAttribute('role', 'listitem');
        return line;
      },
      renderRow: (element, index) => {
        const text = this.data.cache.rowText(index);
        element.setAttribute('aria-posinset', String(index + 1));
        element.setAttribute('aria-setsize', String(this.data.rowCount));
        element.textContent = text ?? '…';
        element.classList.toggle('loading', text === undefined);
      },
      onRange: (first, last) => data.need(first, last),
    });
    this.#scroller.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      this.#scroller.scrollTop += step * LINE_HEIGHT;
    });
    data.onChange(() => this.#list.schedule());
  }

  setRowCount(count: number): void {
    this.#list.setCount(count);
  }

  focus(): void {
    this.#scroller.focus();
  }

  goTo(row: number): void {
    this.#list.scrollTo(row, 'start');
  }
}
