import type { CopyFormat } from '../webviewHost/messages/resultMessages';
import { csvCell, csvField } from './resultExport';
import { VALUE_COLUMN } from './resultColumns';
import { cellText, rowMembers } from './rowMembers';

const TSV_NEEDS_QUOTES = /["\t\r\n]/;

/**
 * A TSV field as spreadsheets read a paste: quoted, quotes doubled, when it holds a tab, a quote
 * or a line break (Excel, Google Sheets and LibreOffice all take that form).
 */
export function tsvField(text: string): string {
  return TSV_NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function tsvCell(raw: string | undefined): string {
  return raw === undefined || raw === 'null' ? '' : tsvField(cellText(raw));
}

/** The JSON text of each column of a row, as the table lays it out; a row that is not an object fills {@link VALUE_COLUMN}. */
export function rowCells(rowText: string): Map<string, string> {
  const members = rowMembers(rowText);
  if (members === undefined) return new Map([[VALUE_COLUMN, rowText.trim()]]);
  return new Map(members.map((member) => [member.name, member.raw]));
}

/**
 * One cell for the clipboard: JSON gives the value's JSON text as the server sent it (`"a"`,
 * `12345678901234567890`, `{"x":1}`); CSV and TSV give the cell as a spreadsheet takes it (a
 * string without its quotes, quoted only when it must be; nothing for `null` or a missing cell).
 *
 * @example copyCell('{"a":"x,y"}', 'a', 'csv') // '"x,y"'
 */
export function copyCell(rowText: string, column: string, format: CopyFormat): string {
  const raw = rowCells(rowText).get(column);
  if (format === 'json') return raw ?? '';
  return format === 'csv' ? csvCell(raw) : tsvCell(raw);
}

/**
 * Rows for the clipboard. JSON: the row as the server sent it, or an array of them for more than
 * one. CSV and TSV: a header of `columns` (the table's visible columns, in its order) and a line
 * per row, nested values as their JSON, lines ending in CRLF as RFC 4180 has it.
 *
 * @example copyRows(['{"a":1}', '{"a":2}'], ['a'], 'csv') // 'a\r\n1\r\n2\r\n'
 */
export function copyRows(rowTexts: readonly string[], columns: readonly string[], format: CopyFormat): string {
  if (format === 'json') {
    return rowTexts.length === 1 ? (rowTexts[0] ?? '') : `[\n${rowTexts.map((text) => `  ${text}`).join(',\n')}\n]`;
  }
  const separator = format === 'csv' ? ',' : '\t';
  const header = columns.map((column) => (format === 'csv' ? csvField(column) : tsvField(column))).join(separator);
  const lines = rowTexts.map((text) => {
    const cells = rowCells(text);
    return columns.map((column) => (format === 'csv' ? csvCell(cells.get(column)) : tsvCell(cells.get(column)))).join(separator);
  });
  return `${[header, ...lines].join('\r\n')}\r\n`;
}
