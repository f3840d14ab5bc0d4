import { findErrorRange } from '../language/errorPosition';

/**
 * The texts of the read-only tabs that show a job's stored result or error: their titles, the
 * notice around a cut preview, and the error report. Plain strings, so they are tested in Node.
 */

/** The URI scheme of result tabs (package.json activates the extension on it, so restored tabs open). */
export const RESULT_SCHEME = 'arangodb-result';

/** What a result tab shows: all rows, the first rows of a large result, all rows as JSON Lines, or the error. */
export type ResultView = 'result' | 'preview' | 'full' | 'error';

/** The file extension that gives each view its language (`.jsonc` because the preview carries comments). */
const EXTENSIONS: Record<ResultView, string> = { result: 'json', preview: 'jsonc', full: 'jsonl', error: 'txt' };

/** Longest part of a query's first line kept in a tab title. */
const TITLE_QUERY_LENGTH = 48;

/**
 * A tab title: the query's first line, shortened, then the job id, ending in the extension that
 * picks the language. It is used as a file name, so it holds no path separator.
 *
 * @example resultTitle('FOR s IN students FILTER s.age > 21 SORT s.name RETURN s', '1234', 'result')
 * // 'FOR s IN students FILTER s.age > 21 SORT s.name… (job 1234).json'
 */
export function resultTitle(queryLine: string, jobId: string, view: ResultView, detail?: string): string {
  const flat = queryLine
    .replace(/[\\/]/g, '\u2215')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = [...flat];
  const shown = characters.length > TITLE_QUERY_LENGTH ? `${characters.slice(0, TITLE_QUERY_LENGTH - 1).join('').trimEnd()}…` : flat;
  const label = view === 'error' ? (detail ?? 'error') : view === 'full' ? 'all rows' : detail;
  return `${shown || 'query'} (job ${jobId}${label === undefined ? '' : `, ${label}`}).${EXTENSIONS[view]}`;
}

/** `200,000`: counts as people read them, whatever the host's locale. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** `1.5 MB`, `820 KB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  }
  if (bytes < 1024 * 1024) {
    return `${Math.round(bytes / 1024)} KB`;
  }
  const megabytes = bytes / (1024 * 1024);
  return `${megabytes < 10 ? megabytes.toFixed(1) : Math.round(megabytes)} MB`;
}

/** The command a person uses to see every row of a cut result, as the job's context menu names it. */
export const OPEN_FULL_RESULT = 'Open Full Result';

/**
 * The preview of a large result as a tab shows it: the stored pretty JSON array of its first
 * rows, with a comment line above and below saying it is cut and how to see the rest, so the
 * closing `]` is never mistaken for the end of the result. Language `jsonc`.
 */
export function previewText(previewJson: string, shownRows: number, totalRows: number): string {
  const hidden = Math.max(0, totalRows - shownRows);
  const head = `// Preview: the first ${formatCount(shownRows)} of ${formatCount(totalRows)} rows. ${OPEN_FULL_RESULT} (right-click the job in ArangoDB: Async Jobs) shows all of them.`;
  const tail = `// … ${formatCount(hidden)} more ${hidden === 1 ? 'row' : 'rows'} not shown: ${OPEN_FULL_RESULT} shows all ${formatCount(totalRows)}.`;
  return `${head}\n${previewJson.replace(/\s+$/, '')}\n${tail}\n`;
}

/**
 * What is said when a full result is too big to open as text here; `limitBytes` is what the
 * extension is willing to load into an editor.
 */
export function fullResultTooLargeMessage(jobId: string, rows: number, bytes: number, limitBytes: number): string {
  return (
    `The full result of job ${jobId} (${formatCount(rows)} rows, ${formatBytes(bytes)} of JSON Lines) is larger than ` +
    `${formatBytes(limitBytes)}, too large to open as text in an editor tab. Open the file with a tool made for big files ` +
    '(jq, a JSON Lines viewer, a database import): reveal it or copy its path.'
  );
}

/** What the error report needs to know about a failed or cancelled job. */
export interface ErrorReport {
  readonly jobId: string;
  readonly state: 'failed' | 'cancelled';
  readonly errorNum?: number | undefined;
  readonly httpCode?: number | undefined;
  readonly message: string;
  /** The AQL text; unknown for a job submitted elsewhere. */
  readonly query?: string | undefined;
  readonly bindVars?: Readonly<Record<string, unknown>> | undefined;
  readonly database: string;
  readonly coordinator?: string | undefined;
  /** Epoch ms. */
  readonly submittedAt?: number | undefined;
  /** Epoch ms. */
  readonly finishedAt?: number | undefined;
  /** For a cancelled job: what the cancel did, in words. */
  readonly cancelNote?: string | undefined;
}

/** `2026-12-04 17:12:09 (UTC+01:00)`: local time, with its offset so it can be compared with server logs. */
export function formatLocalTime(epochMs: number): string {
  const time = new Date(epochMs);
  const two = (value: number): string => String(value).padStart(2, '0');
  const offset = -time.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `UTC${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  return (
    `${time.getFullYear()}-${two(time.getMonth() + 1)}-${two(time.getDate())} ` +
    `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())} (${zone})`
  );
}

/** Blanks the same width as `prefix`, keeping its tabs, so a caret below lines up in any editor. */
function indentUnder(prefix: string): string {
  return [...prefix].map((character) => (character === '\t' ? '\t' : ' ')).join('');
}

/**
 * The query with numbered lines and a line of `^` under the span the error is about (the
 * position the server named, or the collection, function or parameter the error names).
 */
function markedQuery(report: ErrorReport & { query: string }): { lines: string[]; at?: string } {
  const range = findErrorRange({ errorNum: report.errorNum, message: report.message }, report.query, { line: 0, character: 0 }, report.bindVars);
  const queryLines = report.query.split(/\r?\n/);
  // A file's final line break is not a line of the query, unless the error points there.
  while (queryLines.length > 1 && queryLines.at(-1)?.trim() === '' && (range === undefined || range.start.line < queryLines.length - 1)) {
    queryLines.pop();
  }
  const width = String(queryLines.length).length;
  const lines: string[] = [];
  for (const [index, text] of queryLines.entries()) {
    lines.push(`  ${String(index + 1).padStart(width)} | ${text}`);
    if (range !== undefined && range.start.line === index) {
      const end = range.end.line === index ? range.end.character : text.length;
      const carets = '^'.repeat(Math.max(1, [...text.slice(range.start.character, end)].length));
      lines.push(`  ${' '.repeat(width)} | ${indentUnder(text.slice(0, range.start.character))}${carets}`);
    }
  }
  return range === undefined ? { lines } : { lines, at: `line ${range.start.line + 1}, column ${range.start.character + 1}` };
}

/**
 * The report a failed or cancelled job's tab shows: what went wrong in the server's words with
 * its numbers, the query with the error marked, and where and when it ran. Plain text.
 *
 * @example errorReportText({ jobId: '7', state: 'failed', errorNum: 1203, httpCode: 404,
 *   message: 'collection or view not found: users', query: 'FOR u IN users RETURN u', database: '_system' })
 */
export function errorReportText(report: ErrorReport, formatTime: (epochMs: number) => string = formatLocalTime): string {
  const out: string[] = [];
  const heading = report.state === 'cancelled' ? `Job ${report.jobId} was cancelled` : `Job ${report.jobId} failed`;
  out.push(heading, '='.repeat(heading.length), '');
  if (report.cancelNote !== undefined) {
    out.push(`Cancel:       ${report.cancelNote}`);
  }
  out.push(`errorNum:     ${report.errorNum ?? '(none given)'}`);
  out.push(`HTTP code:    ${report.httpCode ?? '(none given)'}`);
  const [firstMessageLine = '', ...moreMessageLines] = report.message.split(/\r?\n/);
  out.push(`Message:      ${firstMessageLine}`, ...moreMessageLines.map((line) => `              ${line}`));
  out.push('');
  if (report.query === undefined) {
    out.push('Query:        (unknown: the job was submitted by another tool)');
  } else {
    const marked = markedQuery({ ...report, query: report.query });
    out.push(marked.at === undefined ? 'Query:' : `Query (the error is at ${marked.at}, marked ^):`);
    out.push(...marked.lines);
  }
  out.push('');
  const bindVars = report.bindVars ?? {};
  if (Object.keys(bindVars).length === 0) {
    out.push('Bind parameters: none');
  } else {
    out.push('Bind parameters:', ...JSON.stringify(bindVars, null, 2).split('\n').map((line) => `  ${line}`));
  }
  out.push('');
  out.push(`Database:     ${report.database}`);
  if (report.coordinator !== undefined) {
    out.push(`Coordinator:  ${report.coordinator}`);
  }
  if (report.submittedAt !== undefined) {
    out.push(`Submitted:    ${formatTime(report.submittedAt)}`);
  }
  if (report.finishedAt !== undefined) {
    out.push(`Finished:     ${formatTime(report.finishedAt)}`);
  }
  return `${out.join('\n')}\n`;
}
