import { gridCell, cellsOf } from '../gridModel';
import type { GridCursor } from '../gridCursor';
import { moveCursor, selectedRows } from '../gridCursor';
import type { ResultData } from './resultData';
import { VirtualList } from './virtualList';

const ROW_HEIGHT = 24;
const ROW_NUMBER_WIDTH = 72;

export interface TableCallbacks {
  /** Show a cell's whole value (Enter, double click). */
  openCell(row: number, column: string): void;
  /** Ctrl+C (the cell, or the selected rows) and Ctrl+Shift+C (the rows). */
  copy(what: 'selection' | 'rows'): void;
  /** The focused row changed (for the status line). */
  moved(): void;
}

/**
 * The table: a virtual grid over every row of the result, one column per top-level attribute.
 * Focus stays on the grid element and moves between cells by `aria-activedescendant`, so a
 * screen reader reads each cell as the arrow keys reach it.
 */
export class TableView {
  readonly element: HTMLElement;
  readonly #grid: HTMLElement;
  readonly #headRow: HTMLElement;
  readonly #head: HTMLElement;
  readonly #body: HTMLElement;
  readonly #list: VirtualList;
  cursor: GridCursor = { row: 0, column: 0, anchorRow: 0 };

  constructor(
    private readonly data: ResultData,
    private readonly callbacks: TableCallbacks,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'table-view';
    this.#grid = document.createElement('div');
    this.#grid.className = 'grid';
    this.#grid.setAttribute('role', 'grid');
    this.#grid.setAttribute('aria-label', 'Result rows');
    this.#grid.setAttribute('aria-multiselectable', 'true');
    this.#grid.setAttribute('aria-readonly', 'true');
    this.#grid.tabIndex = 0;
    this.#head = document.createElement('div');
    this.#head.className = 'grid-head';
    this.#head.setAttribute('role', 'rowgroup');
    this.#headRow = document.createElement('div');
    this.#headRow.className = 'grid-row grid-head-row';
    this.#headRow.setAttribute('role', 'row');
    this.#headRow.setAttribute('aria-rowindex', '1');
    this.#head.append(this.#headRow);
    this.#body = document.createElement('div');
    this.#body.className = 'grid-body';
    this.#grid.append(this.#head, this.#body);
    this.element.append(this.#grid);
    this.#list = new VirtualList({
      scroller: this.#body,
      rowHeight: ROW_HEIGHT,
      createRow: () => {
        const row = document.createElement('div');
        row.className = 'grid-row';
        row.setAttribute('role', 'row');
        return row;
      },
      renderRow: (element, index) => this.#renderRow(element, index),
      onRange: (first, last) => data.need(first, last),
    });
    this.#list.layer.setAttribute('role', 'rowgroup');
    this.#body.addEventListener('scroll', () => {
      this.#head.scrollLeft = this.#body.scrollLeft;
    });
    this.#grid.addEventListener('keydown', (event) => this.#onKey(event));
    this.#body.addEventListener('click', (event) => this.#onClick(event, false));
    this.#body.addEventListener('dblclick', (event) => this.#onClick(event, true));
    data.onChange(() => this.refresh());
  }

  /** Focuses the grid (the cell under the cursor is read). */
  focus(): void {
    this.#grid.focus();
  }

  setRowCount(count: number): void {
    this.#grid.setAttribute('aria-rowcount', String(count + 1));
    this.#list.setCount(count);
  }

  /** Redraws the header and the rows on screen (a page arrived, a column was resized or hidden). */
  refresh(): void {
    this.#renderHead();
    this.#list.schedule();
  }

  /** The visible columns, in order. */
  get columns(): string[] {
    return this.data.columns.visible;
  }

  /** The rows drawn now (for the status line). */
  get range(): { first: number; last: number } {
    return this.#list.range;
  }

  /** Moves the cursor to a row (and column) and scrolls it into view. */
  goTo(row: number, column?: string, align: 'start' | 'nearest' = 'start'): void {
    const columnIndex = column === undefined ? this.cursor.column : Math.max(0, this.columns.indexOf(column));
    this.cursor = { row, column: columnIndex, anchorRow: row };
    this.#list.scrollTo(row, align);
    this.#syncActive();
    this.callbacks.moved();
  }

  /** The column name under the cursor. */
  get cursorColumn(): string | undefined {
    return this.columns[this.cursor.column];
  }

  #totalWidth(): number {
    return ROW_NUMBER_WIDTH + this.columns.reduce((sum, name) => sum + this.data.columns.widthOf(name), 0);
  }

  #renderHead(): void {
    const columns = this.columns;
    this.#grid.setAttribute('aria-colcount', String(columns.length + 1));
    const cells: HTMLElement[] = [headerCell('#', 1, ROW_NUMBER_WIDTH)];
    columns.forEach((name, index) => {
      const cell = headerCell(name, index + 2, this.data.columns.widthOf(name));
      const handle = document.createElement('span');
      handle.className = 'resize-handle';
      handle.setAttribute('aria-hidden', 'true');
      handle.title = `Drag to resize ${name}`;
      handle.addEventListener('pointerdown', (event) => this.#startResize(event, name, handle));
      cell.append(handle);
      cells.push(cell);
    });
    this.#headRow.replaceChildren(...cells);
    this.#headRow.style.width = `${this.#totalWidth()}px`;
    this.#list.layer.style.width = `${this.#totalWidth()}px`;
  }

  #startResize(event: PointerEvent, name: string, handle: HTMLElement): void {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = this.data.columns.widthOf(name);
    handle.setPointerCapture(event.pointerId);
    const move = (moved: PointerEvent): void => {
      this.data.columns.setWidth(name, startWidth + moved.clientX - startX);
      this.refresh();
    };
    const up = (): void => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  }

  #renderRow(element: HTMLElement, index: number): void {
    const columns = this.columns;
    const text = this.data.cache.rowText(index);
    const { first, last } = selectedRows(this.cursor);
    const selected = index >= first && index <= last;
    element.setAttribute('aria-rowindex', String(index + 2));
    element.setAttribute('aria-selected', String(selected));
    element.dataset['row'] = String(index);
    element.classList.toggle('selected', selected);
    element.style.width = `${this.#totalWidth()}px`;
    const cells = text === undefined ? undefined : safeCells(text);
    const children: HTMLElement[] = [];
    const number = document.createElement('div');
    number.className = 'cell row-number';
    number.setAttribute('role', 'rowheader');
    number.setAttribute('aria-colindex', '1');
    number.style.width = `${ROW_NUMBER_WIDTH}px`;
    number.textContent = (index + 1).toLocaleString('en-US');
    children.push(number);
    columns.forEach((name, columnIndex) => {
      const cell = document.createElement('div');
      cell.setAttribute('role', 'gridcell');
      cell.setAttribute('aria-colindex', String(columnIndex + 2));
      cell.id = `cell-${index}-${columnIndex}`;
      cell.dataset['column'] = String(columnIndex);
      cell.style.width = `${this.data.columns.widthOf(name)}px`;
      if (cells === undefined) {
        cell.className = 'cell loading';
        cell.textContent = '…';
        cell.setAttribute('aria-label', 'loading');
      } else {
        const shown = gridCell(cells.get(name));
        cell.className = `cell kind-${shown.kind}`;
        cell.textContent = shown.text;
        if (shown.kind === 'null') cell.textContent = 'null';
        if (shown.kind === 'missing') cell.setAttribute('aria-label', 'no value');
      }
      if (index === this.cursor.row && columnIndex === this.cursor.column) cell.classList.add('active');
      children.push(cell);
    });
    element.replaceChildren(...children);
    if (index === this.cursor.row) this.#syncActive();
  }

  #syncActive(): void {
    const id = `cell-${this.cursor.row}-${this.cursor.column}`;
    const cell = this.#list.elementOf(this.cursor.row)?.querySelector<HTMLElement>(`#${id}`);
    if (cell) this.#grid.setAttribute('aria-activedescendant', id);
    else this.#grid.removeAttribute('aria-activedescendant');
  }

  #onKey(event: KeyboardEvent): void {
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && (event.key === 'c' || event.key === 'C')) {
      event.preventDefault();
      this.callbacks.copy(event.shiftKey ? 'rows' : 'selection');
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      const column = this.cursorColumn;
      if (column !== undefined) this.callbacks.openCell(this.cursor.row, column);
      event.preventDefault();
      return;
    }
    const next = moveCursor(this.cursor, { key: event.key, ctrl, shift: event.shiftKey }, { rowCount: this.data.rowCount, columnCount: this.columns.length, pageRows: this.#list.rowsPerPage() });
    if (next === undefined) return;
    event.preventDefault();
    this.cursor = next;
    this.#list.scrollTo(next.row);
    this.#scrollColumnIntoView();
    this.#list.draw();
    this.callbacks.moved();
  }

  #scrollColumnIntoView(): void {
    let left = ROW_NUMBER_WIDTH;
    const columns = this.columns;
    for (let index = 0; index < this.cursor.column; index += 1) left += this.data.columns.widthOf(columns[index] ?? '');
    const width = this.data.columns.widthOf(columns[this.cursor.column] ?? '');
    const body = this.#body;
    if (left - ROW_NUMBER_WIDTH < body.scrollLeft) body.scrollLeft = left - ROW_NUMBER_WIDTH;
    else if (left + width > body.scrollLeft + body.clientWidth) body.scrollLeft = left + width - body.clientWidth;
  }

  #onClick(event: MouseEvent, open: boolean): void {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
    const row = cell?.closest<HTMLElement>('.grid-row');
    if (!cell || !row || row.dataset['row'] === undefined) return;
    const rowIndex = Number(row.dataset['row']);
    const columnIndex = cell.dataset['column'] === undefined ? this.cursor.column : Number(cell.dataset['column']);
    this.cursor = { row: rowIndex, column: columnIndex, anchorRow: event.shiftKey ? this.cursor.anchorRow : rowIndex };
    this.#grid.focus();
    this.#list.draw();
    this.callbacks.moved();
    const column = this.cursorColumn;
    if (open && column !== undefined) this.callbacks.openCell(rowIndex, column);
  }
}

function headerCell(text: string, columnIndex: number, width: number): HTMLElement {
  const cell = document.createElement('div');
  cell.className = 'cell head-cell';
  cell.setAttribute('role', 'columnheader');
  cell.setAttribute('aria-colindex', String(columnIndex));
  cell.style.width = `${width}px`;
  const label = document.createElement('span');
  label.className = 'head-label';
  label.textContent = text;
  cell.append(label);
  return cell;
}

function safeCells(text: string): Map<string, string> {
  try {
    return cellsOf(text);
  } catch {
    return new Map([['value', text]]);
  }
}
