import { graphShapeOf } from '../graph/graphShape';
import { GraphView } from './graph/graphView';
import { element } from './dom';
import type { ResultData } from './resultData';

/** Rows the graph draws at most: the first ones of the result (a graph of more is unreadable and slow to lay out). */
export const GRAPH_ROWS = 2000;

export interface GraphTab {
  readonly element: HTMLElement;
  /** Whether the result's first page looks like edges or paths (the tab is offered then). */
  offer(rowCount: number): Promise<boolean>;
  /** Draws the graph, the first time the tab is shown. */
  show(): void;
}

function parseRows(texts: readonly string[]): unknown[] {
  return texts.map((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  });
}

/**
 * The Graph tab: offered when the first rows are edges or paths (`graphShapeOf`), drawing the
 * first {@link GRAPH_ROWS} rows with the graph's `GraphView`; a click on a node or an edge shows
 * its document, from the row's text as the server sent it, in the side panel.
 */
export function graphTab(data: ResultData, showDocument: (row: number, rowText: string, pointer: string) => void): GraphTab {
  const caption = element('p', { className: 'graph-caption', attributes: { role: 'status' } });
  const canvas = element('div', { className: 'graph-host' });
  const root = element('div', { className: 'graph-tab' }, caption, canvas);
  let rowCount = 0;
  let texts: string[] = [];
  let view: GraphView | undefined;

  /** The texts of the first `count` rows, asking for their pages and waiting for them. */
  function firstRows(count: number): Promise<string[]> {
    return new Promise((resolve) => {
      const collect = (): boolean => {
        const rows: string[] = [];
        for (let row = 0; row < count; row += 1) {
          const text = data.cache.rowText(row);
          if (text === undefined) return false;
          rows.push(text);
        }
        resolve(rows);
        return true;
      };
      data.need(0, count - 1);
      if (collect()) return;
      const stop = data.onChange(() => {
        if (collect()) stop();
      });
    });
  }

  return {
    element: root,
    async offer(count: number): Promise<boolean> {
      rowCount = count;
      if (count === 0) return false;
      const sample = await firstRows(Math.min(count, data.cache.pageSize));
      return graphShapeOf(parseRows(sample)) !== undefined;
    },
    show(): void {
      if (view !== undefined) return;
      view = new GraphView(canvas, {
        onSelect: (selection) => {
          const text = texts[selection.rowIndex];
          if (text !== undefined) showDocument(selection.rowIndex, text, selection.pointer);
        },
      });
      const drawing = view;
      caption.textContent = 'Reading the first rows…';
      void firstRows(Math.min(rowCount, GRAPH_ROWS)).then((rows) => {
        texts = rows;
        drawing.show(parseRows(rows), 0, {});
        caption.textContent =
          rowCount > rows.length
            ? `The graph of the first ${rows.length.toLocaleString('en-US')} of ${rowCount.toLocaleString('en-US')} rows.`
            : `The graph of all ${rows.length.toLocaleString('en-US')} rows.`;
      });
    },
  };
}
