import { rename } from 'node:fs/promises';
import * as path from 'node:path';
import { NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './jsonBytes';
import { JsonLinesWriter } from './jsonLinesWriter';
import { partialNameFor } from './resultFiles';
import { ResultColumns, VALUE_COLUMN } from './resultColumns';
import { resultTitle } from './resultText';
import { cellText, forEachMember } from './rowMembers';
import { StoredRows } from './storedRows';
import type { StoredResult } from './storedResult';

/** What a stored result can be exported as. */
export type ExportFormat = 'csv' | 'json' | 'jsonl';

/** Every {@link ExportFormat}, in the order they are offered. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'jsonl'];

/**
 * The file name an export suggests: the result's title (the query's first line, shortened, and
 * the job id) with the format's extension, without the characters Windows refuses in names.
 *
 * @example exportFileName('FOR d IN docs FILTER d.a == "x" RETURN d', '12', 'csv') // 'FOR d IN docs FILTER d.a == _x_ RETURN d (job 12).csv'
 */
export function exportFileName(queryLine: string, jobId: string, format: ExportFormat): string {
  const title = resultTitle(queryLine, jobId, 'result').replace(/\.json$/, '');
  return `${title.replace(/[<>:"|?*]/g, '_')}.${format}`;
}

/**
 * How far an export is: `columns` is CSV's first pass (finding the columns), `rows` the writing;
 * each pass reads the stored rows file from its start to `totalBytes`.
 */
export interface ExportProgress {
  readonly phase: 'columns' | 'rows';
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface ExportOptions {
  /** Called after each block of rows (a few hundred kilobytes). */
  readonly onProgress?: ((progress: ExportProgress) => void) | undefined;
  /** Cancels the export: the partial file is removed and the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** What an export wrote. */
export interface ExportSummary {
  readonly rows: number;
  readonly bytes: number;
  /** The CSV header, in order; empty for JSON and JSON Lines. */
  readonly columns: readonly string[];
}

const CSV_NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field by RFC 4180: quoted when it holds a comma, a quote, CR or LF, with quotes doubled.
 * Hand-written: it is this line, the libraries (csv-stringify, papaparse) would take the same
 * strings and add a dependency and a per-record stream to the bundle.
 */
export function csvField(text: string): string {
  return CSV_NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A cell of the CSV export from a value's JSON text: a string's text, a number with every digit
 * the server sent, `true`/`false`, a nested object or array as its compact JSON; `null` and a
 * missing attribute are empty fields.
 */
export function csvCell(raw: string | undefined): string {
  if (raw === undefined || raw === 'null') return '';
  const first = raw.charCodeAt(0);
  // Numbers, true and false never hold a comma, a quote or a line break: no test needed.
  if (first !== QUOTE && first !== OPEN_BRACE && first !== OPEN_BRACKET) return raw;
  return csvField(cellText(raw));
}

/** One CSV record (with its CRLF) of a row's JSON text, in the order of `columns`. */
export function csvRecord(text: string, columns: readonly string[], positions: ReadonlyMap<string, number>): string {
  const cells = new Array<string | undefined>(columns.length).fill(undefined);
  const isObject = forEachMember(text, (name, start, end) => {
    const at = positions.get(name);
    if (at !== undefined) cells[at] = text.slice(start, end);
  });
  if (!isObject) {
    const at = positions.get(VALUE_COLUMN);
    if (at !== undefined) cells[at] = text.trim();
  }
  let record = csvCell(cells[0]);
  for (let index = 1; index < cells.length; index += 1) record += `,${csvCell(cells[index])}`;
  return `${record}\r\n`;
}

const ROW_SEPARATOR = Buffer.from(',\n');

/**
 * Whole JSON lines as the inside of a JSON array: the rows' bytes copied as they are, `,\n`
 * between them (and before the first, unless this is the array's first part), no newline after
 * the last. Byte copies, no decoding: five times faster than through a string.
 */
function jsonArrayPart(lines: Buffer, first: boolean): Buffer {
  let rows = 0;
  for (let at = lines.indexOf(NEWLINE); at >= 0; at = lines.indexOf(NEWLINE, at + 1)) rows += 1;
  const out = Buffer.allocUnsafe(lines.length + rows * ROW_SEPARATOR.length);
  let used = 0;
  let start = 0;
  for (let newline = lines.indexOf(NEWLINE); newline >= 0; newline = lines.indexOf(NEWLINE, start)) {
    if (!first || start > 0) used += ROW_SEPARATOR.copy(out, used);
    used += lines.copy(out, used, start, newline);
    start = newline + 1;
  }
  return out.subarray(0, used);
}

/**
 * Writes a whole stored result to `targetPath` without running its query again, streaming: CSV
 * (a header row of every column of the table, found in a first pass over the file, then one
 * record per row, CRLF line ends), JSON (an array of the rows as the server sent them) or JSON
 * Lines. The file appears under `targetPath` only when complete (written under a `.partial`
 * name beside it, then renamed); on cancel or failure nothing is left behind.
 *
 * @example await exportResult(stored, '/tmp/out.csv', 'csv', { signal, onProgress: (p) => bar.report(p) })
 */
export async function exportResult(stored: StoredResult, targetPath: string, format: ExportFormat, options: ExportOptions = {}): Promise<ExportSummary> {
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const rows = await StoredRows.open(stored, signal);
  const totalRows = rows.rowCount;
  const totalBytes = rows.bytes;
  let columns: string[] = [];
  if (format === 'csv') {
    const found = new ResultColumns();
    for await (const block of rows.blocks(signal)) {
      for (const text of block.texts) found.addRowText(text);
      onProgress?.({ phase: 'columns', bytesRead: block.bytesRead, totalBytes });
    }
    columns = found.names;
  }
  const positions = new Map(columns.map((name, index) => [name, index]));
  async function* pieces(): AsyncGenerator<Buffer, void, undefined> {
    // Rows of empty objects alone have no column: the header is then an empty line, so a reader
    // that takes the first record as the header still finds one record per row after it.
    if (format === 'csv' && totalRows > 0) yield Buffer.from(`${columns.map(csvField).join(',')}\r\n`, 'utf8');
    if (format === 'json') yield Buffer.from(totalRows === 0 ? '[]\n' : '[\n');
    for await (const block of format === 'csv' ? rows.blocks(signal) : rows.byteBlocks(signal)) {
      let bytesRead: number;
      if ('texts' in block) {
        let text = '';
        for (const row of block.texts) text += csvRecord(row, columns, positions);
        bytesRead = block.bytesRead;
        yield Buffer.from(text, 'utf8');
      } else {
        bytesRead = block.offset + block.bytes.length;
        if (format === 'json') {
          yield jsonArrayPart(block.bytes, block.offset === 0);
        } else {
          yield block.bytes;
        }
      }
      onProgress?.({ phase: 'rows', bytesRead: Math.min(bytesRead, totalBytes), totalBytes });
    }
    if (format === 'json' && totalRows > 0) yield Buffer.from('\n]\n');
    // The signal is checked before each read; this catches an abort after the last one.
    signal?.throwIfAborted();
  }
  const writer = await JsonLinesWriter.create(path.join(path.dirname(targetPath), partialNameFor(path.basename(targetPath))));
  try {
    for await (const piece of pieces()) await writer.writeLines(piece, signal);
    await writer.close();
    await rename(writer.filePath, targetPath);
  } catch (error: unknown) {
    await writer.discard();
    throw error;
  }
  return { rows: totalRows, bytes: writer.bytesWritten, columns };
}
