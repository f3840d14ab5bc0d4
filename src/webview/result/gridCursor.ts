/** The focused cell of the table and the rows selected with it (from `anchorRow` to `row`). */
export interface GridCursor {
  readonly row: number;
  readonly column: number;
  /** Where a Shift selection started; equal to `row` when one row is selected. */
  readonly anchorRow: number;
}

export interface GridBounds {
  readonly rowCount: number;
  readonly columnCount: number;
  /** Rows a Page Up/Down moves. */
  readonly pageRows: number;
}

export interface KeyPress {
  readonly key: string;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/**
 * Where the cursor goes for a key, as in a spreadsheet and VS Code's own grids: arrows move a
 * cell, Page Up/Down a screen, Home/End to the row's first or last cell (with Ctrl to the first
 * or last row), Shift extends the selection of rows. Undefined for a key the grid does not use.
 *
 * @example moveCursor({ row: 0, column: 0, anchorRow: 0 }, { key: 'End', ctrl: true }, bounds) // last row
 */
export function moveCursor(cursor: GridCursor, press: KeyPress, bounds: GridBounds): GridCursor | undefined {
  const lastRow = Math.max(0, bounds.rowCount - 1);
  const lastColumn = Math.max(0, bounds.columnCount - 1);
  let { row, column } = cursor;
  switch (press.key) {
    case 'ArrowDown':
      row += 1;
      break;
    case 'ArrowUp':
      row -= 1;
      break;
    case 'ArrowRight':
      column += 1;
      break;
    case 'ArrowLeft':
      column -= 1;
      break;
    case 'PageDown':
      row += bounds.pageRows;
      break;
    case 'PageUp':
      row -= bounds.pageRows;
      break;
    case 'Home':
      if (press.ctrl === true) row = 0;
      else column = 0;
      break;
    case 'End':
      if (press.ctrl === true) row = lastRow;
      else column = lastColumn;
      break;
    default:
      return undefined;
  }
  row = clamp(row, 0, lastRow);
  column = clamp(column, 0, lastColumn);
  return { row, column, anchorRow: press.shift === true ? cursor.anchorRow : row };
}

/** The selected rows, first to last. */
export function selectedRows(cursor: GridCursor): { first: number; last: number } {
  return { first: Math.min(cursor.row, cursor.anchorRow), last: Math.max(cursor.row, cursor.anchorRow) };
}

/**
 * The row a person typed into Go to row (1-based, as the table numbers rows; `1,000` and
 * `1 000` read as a thousand), as a 0-based index, or an error message.
 */
export function parseRowNumber(text: string, rowCount: number): { row: number } | { error: string } {
  const digits = text.trim().replace(/[\s,._']/g, '');
  if (!/^\d+$/.test(digits)) return { error: 'Type a row number.' };
  const number = Number(digits);
  if (number < 1 || number > rowCount) return { error: `Rows are numbered 1 to ${rowCount.toLocaleString('en-US')}.` };
  return { row: number - 1 };
}
