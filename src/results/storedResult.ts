/** A batch whose rows may still be the server's bytes (the client's `RawBatch`). */
export interface DrainableBatch {
  readonly rowCount: number;
  /** Every row as a line of JSON, each line ending in a newline. */
  jsonLines(): Buffer;
}

/** What the result store needs of a cursor: every batch, then what the server said about the query. */
export interface DrainableCursor {
  /** Every batch of rows the server sends, the first one included, in order. */
  batches(): AsyncIterable<readonly unknown[]>;
  /** The same batches unparsed, when the cursor can give them so: preferred, as it is faster. */
  rawBatches?(): AsyncIterable<DrainableBatch>;
  /** The server's row count, when the query asked for it: checked against the rows received. */
  readonly count?: number | undefined;
  /** `extra.stats`, read after the last batch. */
  readonly statistics?: object | undefined;
  /** `extra.warnings`, read after the last batch. */
  readonly warnings?: readonly unknown[] | undefined;
  /** `extra.profile`, when the query was profiled. */
  readonly profile?: unknown;
  /** `extra.plan`, when the query was profiled with `profile: 2` (its per-node figures are in `statistics.nodes`). */
  readonly plan?: unknown;
}

/** The query a stored result or error belongs to. */
export interface ResultMeta {
  readonly query: string;
  readonly database: string;
  readonly bindVars?: Readonly<Record<string, unknown>> | undefined;
}

/** What is common to stored results and stored errors. */
interface StoredEntryBase {
  /** The caller's key for the job, e.g. `coordinatorUrl + '#' + jobId`. */
  readonly jobKey: string;
  /** Absolute path of the file to open: the rows, or the error. */
  readonly path: string;
  /** When it was stored, ISO 8601. */
  readonly storedAt: string;
  readonly query: string;
  readonly database: string;
  readonly bindVars?: Readonly<Record<string, unknown>>;
}

/**
 * A job's rows, kept on disk. `kind: 'json'` is a pretty-printed JSON array of every row;
 * `kind: 'jsonl'` (more rows than the store's `rowLimit`) is one row per line, with the first
 * rows pretty-printed in `previewPath` for a tab.
 */
export interface StoredResult extends StoredEntryBase {
  readonly kind: 'json' | 'jsonl';
  /** The preview of a `jsonl` result: a pretty JSON array of its first `previewRows` rows. */
  readonly previewPath?: string;
  readonly previewRows?: number;
  /** How many rows the result has. */
  readonly rows: number;
  /** Size of the file at `path`, in bytes. */
  readonly bytes: number;
  /**
   * The rows as the server sent them, one per line: `path` itself for a `jsonl` result, a copy
   * beside the pretty file for a `json` one. Absent for results stored before the result viewer:
   * `StoredRows.open` derives the file then.
   */
  readonly rowsPath?: string;
  /** The offset index of `rowsPath` (see `offsetIndex.ts`); absent as `rowsPath` is. */
  readonly indexPath?: string;
  readonly statistics?: Readonly<Record<string, unknown>>;
  readonly warnings?: readonly unknown[];
  readonly profile?: unknown;
  /** The executed plan of a `profile: 2` run; with `statistics` and `profile` it is the query's whole profile. */
  readonly plan?: unknown;
}

/** A failed job's error, kept so it can be shown again later. */
export interface StoredError extends StoredEntryBase {
  readonly kind: 'error';
  readonly httpCode?: number;
  readonly errorNum?: number;
  readonly message: string;
}

/** Anything the store keeps for a job. */
export type StoredEntry = StoredResult | StoredError;

/** The error of a failed job, as the store keeps it. */
export interface JobErrorDetails {
  readonly httpCode?: number | undefined;
  readonly errorNum?: number | undefined;
  readonly message: string;
}

/** The first rows of a stored result, for a tab. */
export interface PreviewRows {
  readonly rows: unknown[];
  /** How many rows the whole result has. */
  readonly totalRows: number;
  /** Whether the result has more rows than `rows`. */
  readonly truncated: boolean;
}
