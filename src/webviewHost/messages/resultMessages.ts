/**
 * The messages between the result viewer's page and the extension. Pure types, shared by both
 * sides. Rows always travel as the JSON text the server sent (one string per row), so a number
 * keeps every digit in every view; the page splits them into cells itself.
 */

/** One fact of the header, in words: `Scanned` → `1,000 full, 20 by index`. */
export interface ResultFact {
  readonly label: string;
  readonly value: string;
}

/** One warning the server gave with the result. */
export interface ResultWarning {
  readonly code?: number;
  readonly message: string;
}

/** What the viewer shows above the rows. */
export interface ResultHeader {
  /** The tab's title: the query's first line and the job id. */
  readonly title: string;
  readonly jobId: string;
  readonly query: string;
  /** The bind parameters as pretty JSON, or undefined when there were none. */
  readonly bindVars?: string;
  readonly database: string;
  readonly rowCount: number;
  /** The server's execution time, in words (`1.234 s`), when it said. */
  readonly executionTime?: string;
  /** Scanned, filtered, writes, peak memory: only those the server reported. */
  readonly statistics: readonly ResultFact[];
  readonly warnings: readonly ResultWarning[];
}

/** A cell, a row or consecutive rows (`first` to `last`, inclusive, 0-based). */
export type CopyTarget =
  | { readonly kind: 'cell'; readonly row: number; readonly column: string }
  | { readonly kind: 'rows'; readonly first: number; readonly last: number };

export type CopyFormat = 'json' | 'csv' | 'tsv';

export type ExportFormat = 'csv' | 'json' | 'jsonl';

/** A cell holding the text found (as `findInResult` reports it). */
export interface FindHitMessage {
  readonly row: number;
  readonly column: string;
  readonly snippet: string;
}

/** What the page asks of the extension. */
export type ResultRequest =
  /** The page is loaded and listening: the extension answers with `init`. */
  | { readonly type: 'ready' }
  /** Rows of one page (`pageIndex * pageSize` on). */
  | { readonly type: 'page'; readonly pageIndex: number }
  /** Starts a find (stopping any running one); hits come as `findHits`, the end as `findDone`. */
  | { readonly type: 'find'; readonly findId: number; readonly needle: string }
  | { readonly type: 'stopFind'; readonly findId: number }
  /** Copies to the clipboard (the extension reads the rows, so big numbers keep their digits). */
  | { readonly type: 'copy'; readonly target: CopyTarget; readonly format: CopyFormat; readonly columns: readonly string[] }
  | { readonly type: 'export'; readonly format: ExportFormat }
  | { readonly type: 'openAsText' }
  /** The answer to `measureMemory`: the page's JS heap in bytes, when the browser tells it. */
  | { readonly type: 'memory'; readonly probeId: number; readonly usedHeapBytes?: number };

/** What the extension sends the page. */
export type ResultUpdate =
  | { readonly type: 'init'; readonly jobKey: string; readonly header: ResultHeader; readonly rowCount: number; readonly pageSize: number }
  | { readonly type: 'page'; readonly pageIndex: number; readonly firstRow: number; readonly rows: readonly string[] }
  | { readonly type: 'findHits'; readonly findId: number; readonly hits: readonly FindHitMessage[] }
  | { readonly type: 'findDone'; readonly findId: number; readonly stopped: boolean; readonly hitCount: number; readonly limited: boolean }
  | { readonly type: 'copied'; readonly description: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'measureMemory'; readonly probeId: number };

/** What the page keeps across a reload (VS Code's webview state), so the serializer can restore it. */
export interface ResultPageState {
  readonly jobKey: string;
  readonly tab?: string;
  readonly scrollRow?: number;
}

/** The view type of the result viewer's panels (package.json activates on it). */
export const RESULT_VIEW_TYPE = 'arangodb.resultViewer';
