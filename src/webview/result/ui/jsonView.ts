import { JsonTreeModel, collapsedSummary } from '../jsonTree';
import type { JsonLine } from '../jsonTree';
import type { ResultData } from './resultData';
import { VirtualList } from './virtualList';

const LINE_HEIGHT = 22;
/** Characters of a collapsed row's preview on its line. */
const PREVIEW_LIMIT = 400;

/**
 * The JSON view: the rows as a collapsible tree, one line per row at the top and a line per
 * member below an expanded value, over the whole result (a virtual list of lines). Values are
 * shown from the text the server sent, so numbers keep every digit.
 */
export class JsonView {
  readonly element: HTMLElement;
  readonly #tree: HTMLElement;
  readonly #list: VirtualList;
  readonly model = new JsonTreeModel(0);
  #focusedLine = 0;

  constructor(
    private readonly data: ResultData,
    private readonly onSelect: (row: number, pointer: string) => void,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'json-view';
    this.#tree = document.createElement('div');
    this.#tree.className = 'json-tree';
    this.#tree.setAttribute('role', 'tree');
    this.#tree.setAttribute('aria-label', 'Result rows as JSON');
    this.#tree.tabIndex = 0;
    this.element.append(this.#tree);
    this.#list = new VirtualList({
      scroller: this.#tree,
      rowHeight: LINE_HEIGHT,
      createRow: () => {
        const line = document.createElement('div');
        line.className = 'json-line';
        line.setAttribute('role', 'treeitem');
        return line;
      },
      renderRow: (element, index) => this.#renderLine(element, index),
      onRange: (first, last) => {
        const firstRow = this.model.lineAt(first, () => undefined).row;
        const lastRow = this.model.lineAt(last, () => undefined).row;
        data.need(firstRow, lastRow);
      },
    });
    this.#list.layer.setAttribute('role', 'group');
    this.#tree.addEventListener('keydown', (event) => this.#onKey(event));
    this.#tree.addEventListener('click', (event) => {
      const line = (event.target as HTMLElement).closest<HTMLElement>('.json-line');
      if (line?.dataset['line'] === undefined) return;
      this.#focusedLine = Number(line.dataset['line']);
      const toggle = (event.target as HTMLElement).closest('.twisty') !== null;
      this.#act(toggle ? 'toggle' : 'select');
    });
    data.onChange(() => this.#list.schedule());
  }

  setRowCount(count: number): void {
    this.model.rowCount = count;
    this.#list.setCount(this.model.lineCount);
  }

  focus(): void {
    this.#tree.focus();
  }

  /** Shows a row's line. */
  goTo(row: number): void {
    this.#focusedLine = this.model.lineOfRow(row);
    this.#list.scrollTo(this.#focusedLine, 'start');
  }

  #line(index: number): JsonLine {
    return this.model.lineAt(index, (row) => this.data.cache.rowText(row));
  }

  #renderLine(element: HTMLElement, index: number): void {
    const line = this.#line(index);
    element.dataset['line'] = String(index);
    element.id = `json-line-${index}`;
    element.setAttribute('aria-level', String(line.depth + 1));
    if (line.expandable) element.setAttribute('aria-expanded', String(line.expanded));
    else element.removeAttribute('aria-expanded');
    element.classList.toggle('focused', index === this.#focusedLine);
    if (index === this.#focusedLine) this.#tree.setAttribute('aria-activedescendant', element.id);
    element.style.paddingLeft = `${8 + line.depth * 16}px`;
    const twisty = document.createElement('span');
    twisty.className = `twisty${line.expandable ? (line.expanded ? ' open' : ' closed') : ''}`;
    twisty.setAttribute('aria-hidden', 'true');
    const key = document.createElement('span');
    key.className = line.key === undefined ? 'json-row-number' : 'json-key';
    key.textContent = line.key === undefined ? `${(line.row + 1).toLocaleString('en-US')}` : `${line.key}:`;
    const value = document.createElement('span');
    value.className = 'json-value';
    if (line.raw === undefined) {
      value.textContent = '…';
      value.classList.add('loading');
    } else if (line.expanded) {
      value.textContent = collapsedSummary(line.raw);
      value.classList.add('summary');
    } else {
      value.textContent = line.raw.length > PREVIEW_LIMIT ? `${line.raw.slice(0, PREVIEW_LIMIT)}…` : line.raw;
      value.classList.add(`kind-${kindClass(line.raw)}`);
    }
    element.replaceChildren(twisty, key, value);
  }

  #act(action: 'toggle' | 'select' | 'open' | 'close'): void {
    const line = this.#line(this.#focusedLine);
    const rowText = this.data.cache.rowText(line.row);
    if (rowText === undefined) return;
    if (action === 'select') this.onSelect(line.row, line.pointer);
    else if (line.expandable && (action === 'toggle' || (action === 'open') !== line.expanded)) {
      this.model.toggle(line.row, line.pointer, rowText);
      this.#list.setCount(this.model.lineCount);
    }
    this.#list.draw();
  }

  #onKey(event: KeyboardEvent): void {
    const count = this.model.lineCount;
    let next = this.#focusedLine;
    switch (event.key) {
      case 'ArrowDown':
        next += 1;
        break;
      case 'ArrowUp':
        next -= 1;
        break;
      case 'PageDown':
        next += this.#list.rowsPerPage();
        break;
      case 'PageUp':
        next -= this.#list.rowsPerPage();
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'ArrowRight':
        event.preventDefault();
        this.#act('open');
        return;
      case 'ArrowLeft':
        event.preventDefault();
        this.#act('close');
        return;
      case 'Enter':
        event.preventDefault();
        this.#act('select');
        return;
      case ' ':
        event.preventDefault();
        this.#act('toggle');
        return;
      default:
        return;
    }
    event.preventDefault();
    this.#focusedLine = Math.max(0, Math.min(count - 1, next));
    this.#list.scrollTo(this.#focusedLine);
  }
}

function kindClass(raw: string): string {
  const first = raw.charAt(0);
  return first === '"' ? 'string' : first === 't' || first === 'f' ? 'boolean' : first === 'n' ? 'null' : first === '{' ? 'object' : first === '[' ? 'array' : 'number';
}
