import { mkdirSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { RawBatch } from '../client/rawBatch';
import type { PartialFile } from './atomicFile';
import { PRIVATE_DIRECTORY_MODE, removeFile, writeFileAtomic, writePartialFileFrom } from './atomicFile';
import { prettyJsonArray, readFirstJsonLines, readJsonLinesInGroups } from './jsonLinesReader';
import { JsonLinesWriter } from './jsonLinesWriter';
import { OffsetIndexBuilder } from './offsetIndex';
import type { ResultFileNames } from './resultFiles';
import { PARTIAL_SUFFIX, fileBaseFor, isPlainFileName, partialNameFor, resultFileNames } from './resultFiles';
import { ResultStoreError } from './resultStoreError';
import type {
  DrainableBatch,
  DrainableCursor,
  JobErrorDetails,
  PreviewRows,
  ResultMeta,
  StoredEntry,
  StoredError,
  StoredResult,
} from './storedResult';

/** How a {@link ResultStore} keeps results. */
export interface ResultStoreOptions {
  /**
   * Results with at most this many rows are kept as one pretty JSON array; larger ones as JSON
   * Lines plus a preview.
   */
  readonly rowLimit: number;
  /** Rows in the preview of a large result (default and maximum: `rowLimit`). */
  readonly previewRows?: number | undefined;
  /**
   * Whether a drain writes the offset index of its rows (default true). Without it the index is
   * built by `StoredRows.open` on first read; the benchmark turns it off to measure its cost.
   */
  readonly offsetIndex?: boolean | undefined;
}

/** Version of the files' layout, so a later release can read or migrate older entries. */
const FORMAT_VERSION = 1;

/** A stored entry as written to disk: file names relative to the store's folder. */
type EntryOnDisk =
  | (Omit<StoredResult, 'path' | 'previewPath' | 'rowsPath' | 'indexPath'> & {
      version: number;
      file: string;
      previewFile?: string;
      rowsFile?: string;
      indexFile?: string;
    })
  | (Omit<StoredError, 'path'> & { version: number; file: string });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted.', 'AbortError');
}

/** Resolves like `promise`, or rejects as soon as `signal` aborts. */
async function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) {
    return promise;
  }
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort !== undefined) {
      signal.removeEventListener('abort', onAbort);
    }
  }
}

/** A cursor's parsed batches as {@link DrainableBatch}es, for cursors that have no raw ones. */
async function* parsedBatches(cursor: DrainableCursor): AsyncGenerator<DrainableBatch, void, undefined> {
  for await (const rows of cursor.batches()) {
    yield RawBatch.fromRows(rows);
  }
}

/** Writes rows read back from a drain's JSON Lines as a pretty JSON array, under a partial name. */
async function writePrettyRows(filePath: string, groups: AsyncIterable<readonly unknown[]>): Promise<PartialFile> {
  try {
    return await writePartialFileFrom(filePath, prettyJsonArray(groups));
  } catch (error: unknown) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ResultStoreError('RESULT_INVALID_ROWS', `A row the server sent is not valid JSON (${error.message}); the result was not stored.`, { cause: error });
  }
}

/**
 * Keeps AQL results and errors on disk, one set of files per job, in a folder of its own.
 *
 * A job's result can be fetched from ArangoDB only once and its cursor expires `ttl` seconds
 * after the query ends, so the extension drains it at once with {@link storeCursor} and later
 * opens the stored copy, which survives window reloads. Files are private (folder `0700`,
 * files `0600`), appear under their final names only when complete, and a job's metadata file
 * is written last, so an interrupted drain never looks like a result.
 *
 * @example
 * const store = new ResultStore(context.globalStorageUri.fsPath + '/results', { rowLimit: 1000 });
 * const stored = await store.storeCursor(jobKey, cursor, { query, database }, signal);
 * if (stored.kind === 'jsonl') { open(stored.previewPath); } else { open(stored.path); }
 */
export class ResultStore {
  private rowLimit = 1;
  private previewRowsOption: number | undefined;
  private readonly writesOffsetIndex: boolean;

  /** Creates the folder (and its parents) with mode `0700` if it does not exist. */
  constructor(
    readonly rootDir: string,
    options: ResultStoreOptions,
  ) {
    this.setRowLimit(options.rowLimit, options.previewRows);
    this.writesOffsetIndex = options.offsetIndex ?? true;
    mkdirSync(rootDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  }

  /**
   * Changes the row limit (and the preview length) for drains that start from now on; a drain
   * already running keeps the limits it started with.
   *
   * @example results.setRowLimit(settings.results.rowLimit);
   */
  setRowLimit(rowLimit: number, previewRows?: number): void {
    if (!Number.isInteger(rowLimit) || rowLimit < 1) {
      throw new ResultStoreError('RESULT_INVALID_OPTIONS', `rowLimit must be a whole number of at least 1, not ${rowLimit}.`);
    }
    if (previewRows !== undefined && (!Number.isInteger(previewRows) || previewRows < 0)) {
      throw new ResultStoreError('RESULT_INVALID_OPTIONS', `previewRows must be a whole number of at least 0, not ${previewRows}.`);
    }
    this.rowLimit = rowLimit;
    this.previewRowsOption = previewRows;
  }

  /** Rows in the preview of a large result. */
  private get previewRows(): number {
    return Math.min(this.previewRowsOption ?? this.rowLimit, this.rowLimit);
  }

  /**
   * Drains a cursor to disk, batch after batch, holding no more than the batches in flight.
   * A result of at most `rowLimit` rows is kept as `<hash>.json` (a pretty JSON array); a
   * larger one as `<hash>.jsonl` (one row per line) with `<hash>.preview.json` holding its
   * first `previewRows` rows. Either way the rows as the server sent them stay in `<hash>.jsonl`
   * with their offset index `<hash>.idx`, written as the batches pass, for the result viewer's
   * paging (a `json` result's copy costs about its pretty file's size again, at most `rowLimit`
   * rows; it is the only copy whose numbers keep every digit). On failure or abort every file of this drain is removed and the
   * error is rethrown; an earlier entry for the same key survives a drain that fails before
   * its last batch.
   */
  async storeCursor(jobKey: string, cursor: DrainableCursor, meta: ResultMeta, signal?: AbortSignal): Promise<StoredResult> {
    const names = this.namesFor(jobKey);
    const limits = { rowLimit: this.rowLimit, previewRows: this.previewRows };
    signal?.throwIfAborted();
    await this.ensureFolder();
    const writer = await JsonLinesWriter.create(this.pathOf(partialNameFor(names.jsonl)));
    const index = this.writesOffsetIndex ? new OffsetIndexBuilder() : undefined;
    let rows = 0;
    try {
      const batches = (cursor.rawBatches?.() ?? parsedBatches(cursor))[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await unlessAborted(batches.next(), signal);
          if (next.done === true) {
            break;
          }
          const batch = next.value;
          rows += batch.rowCount;
          const lines = batch.jsonLines();
          index?.addLines(lines);
          await writer.writeLines(lines, signal);
        }
      } catch (error: unknown) {
        // Let the cursor release what it holds; it may still be waiting on the network.
        void batches.return?.().catch(() => undefined);
        throw error;
      }
      if (typeof cursor.count === 'number' && cursor.count !== rows) {
        throw new ResultStoreError(
          'RESULT_INCOMPLETE',
          `The server announced ${cursor.count} rows but the cursor delivered ${rows}; the result was not stored.`,
        );
      }
      await writer.close();
      signal?.throwIfAborted();
      return await this.commitRows(jobKey, names, writer, { rows, index, ...limits }, cursor, meta);
    } catch (error: unknown) {
      await writer.discard();
      throw error;
    }
  }

  private async commitRows(
    jobKey: string,
    names: ResultFileNames,
    writer: JsonLinesWriter,
    drained: { rows: number; index: OffsetIndexBuilder | undefined; rowLimit: number; previewRows: number },
    cursor: DrainableCursor,
    meta: ResultMeta,
  ): Promise<StoredResult> {
    const { rows, index, rowLimit, previewRows } = drained;
    const fitsLimit = rows <= rowLimit;
    // The rows a tab shows are read back from the finished file and written out one at a time,
    // rather than held while draining: a drain holds the batches in flight, whatever rowLimit is.
    const prettyName = fitsLimit ? names.json : names.preview;
    const pretty = await writePrettyRows(this.pathOf(prettyName), readJsonLinesInGroups(writer.filePath, fitsLimit ? rows : previewRows));
    try {
      // An older entry for this key stops counting before its files are replaced.
      await this.removeEntryFiles(names);
    } catch (error: unknown) {
      await removeFile(pretty.partialPath);
      throw error;
    }
    try {
      await rename(pretty.partialPath, this.pathOf(prettyName));
      await rename(writer.filePath, this.pathOf(names.jsonl));
      const bytes = fitsLimit ? pretty.bytes : writer.bytesWritten;
      if (index !== undefined) {
        await writeFileAtomic(this.pathOf(names.index), index.finish().toBuffer());
      }
      const entry: EntryOnDisk = {
        version: FORMAT_VERSION,
        kind: fitsLimit ? 'json' : 'jsonl',
        jobKey,
        file: fitsLimit ? names.json : names.jsonl,
        ...(fitsLimit ? {} : { previewFile: names.preview, previewRows: Math.min(previewRows, rows) }),
        rowsFile: names.jsonl,
        ...(index === undefined ? {} : { indexFile: names.index }),
        rows,
        bytes,
        storedAt: new Date().toISOString(),
        query: meta.query,
        database: meta.database,
        ...(meta.bindVars === undefined ? {} : { bindVars: meta.bindVars }),
        ...(cursor.statistics === undefined ? {} : { statistics: { ...cursor.statistics } }),
        ...(cursor.warnings === undefined ? {} : { warnings: [...cursor.warnings] }),
        ...(cursor.profile === undefined ? {} : { profile: cursor.profile }),
        ...(cursor.plan === undefined ? {} : { plan: cursor.plan }),
      };
      await writeFileAtomic(this.pathOf(names.meta), `${JSON.stringify(entry, null, 2)}\n`);
      return this.toStoredEntry(entry) as StoredResult;
    } catch (error: unknown) {
      await removeFile(pretty.partialPath);
      await this.removeEntryFiles(names);
      throw error;
    }
  }

  /**
   * Keeps a failed job's error as `<hash>.error.json`, replacing any earlier entry for the
   * key, so the error can be shown again after a reload.
   */
  async storeError(jobKey: string, error: JobErrorDetails, meta: ResultMeta): Promise<StoredError> {
    const names = this.namesFor(jobKey);
    const entry: EntryOnDisk = {
      version: FORMAT_VERSION,
      kind: 'error',
      jobKey,
      file: names.error,
      storedAt: new Date().toISOString(),
      ...(error.httpCode === undefined ? {} : { httpCode: error.httpCode }),
      ...(error.errorNum === undefined ? {} : { errorNum: error.errorNum }),
      message: error.message,
      query: meta.query,
      database: meta.database,
      ...(meta.bindVars === undefined ? {} : { bindVars: meta.bindVars }),
    };
    await this.ensureFolder();
    await this.removeEntryFiles(names);
    await writeFileAtomic(this.pathOf(names.error), `${JSON.stringify(entry, null, 2)}\n`);
    return this.toStoredEntry(entry) as StoredError;
  }

  /** What is stored for a job, or `undefined` if nothing (complete) is. */
  async get(jobKey: string): Promise<StoredEntry | undefined> {
    const names = this.namesFor(jobKey);
    const found: StoredEntry[] = [];
    for (const name of [names.meta, names.error]) {
      const entry = await this.readEntry(name);
      if (entry !== undefined && entry.jobKey === jobKey) {
        found.push(entry);
      }
    }
    return found.sort((a, b) => b.storedAt.localeCompare(a.storedAt))[0];
  }

  /** Every stored entry, newest first. Unreadable or foreign files are skipped. */
  async list(): Promise<StoredEntry[]> {
    const entries: StoredEntry[] = [];
    for (const name of await this.fileNames()) {
      if (name.endsWith('.meta.json') || name.endsWith('.error.json')) {
        const entry = await this.readEntry(name);
        if (entry !== undefined && this.namesFor(entry.jobKey)[entry.kind === 'error' ? 'error' : 'meta'] === name) {
          entries.push(entry);
        }
      }
    }
    return entries.sort((a, b) => b.storedAt.localeCompare(a.storedAt));
  }

  /** Deletes every file of a job, including those of a drain still in progress. */
  async remove(jobKey: string): Promise<void> {
    const prefix = `${fileBaseFor(jobKey)}.`;
    for (const name of await this.fileNames()) {
      if (name.startsWith(prefix)) {
        await removeFile(this.pathOf(name));
      }
    }
  }

  /** Bytes used by every file in the store's folder. */
  async totalBytes(): Promise<number> {
    let total = 0;
    for (const name of await this.fileNames()) {
      try {
        const info = await stat(this.pathOf(name));
        total += info.isFile() ? info.size : 0;
      } catch {
        // Removed meanwhile: it no longer counts.
      }
    }
    return total;
  }

  /**
   * Deletes files left half-written by a drain that never finished (the window closed, the
   * extension host crashed). Files younger than `olderThanMs` may belong to a drain running in
   * another window, so they are kept. Resolves to how many files were removed.
   */
  async removeStalePartials(olderThanMs = 24 * 60 * 60 * 1000): Promise<number> {
    let removed = 0;
    const cutoff = Date.now() - olderThanMs;
    for (const name of await this.fileNames()) {
      if (!name.endsWith(PARTIAL_SUFFIX)) {
        continue;
      }
      try {
        if ((await stat(this.pathOf(name))).mtimeMs <= cutoff) {
          await removeFile(this.pathOf(name));
          removed += 1;
        }
      } catch {
        // Renamed or removed meanwhile.
      }
    }
    return removed;
  }

  /**
   * The first `maxRows` rows of a stored result, for a tab. A JSON Lines result is read as a
   * stream and only as far as needed.
   */
  async readPreview(stored: StoredResult, maxRows: number): Promise<PreviewRows> {
    const wanted = Math.max(0, Math.floor(maxRows));
    let rows: unknown[];
    if (stored.kind === 'jsonl') {
      rows = await readFirstJsonLines(stored.path, wanted);
    } else {
      const all = JSON.parse(await readFile(stored.path, 'utf8')) as unknown;
      rows = Array.isArray(all) ? all.slice(0, wanted) : [all];
    }
    return { rows, totalRows: stored.rows, truncated: stored.rows > rows.length };
  }

  private namesFor(jobKey: string): ResultFileNames {
    if (typeof jobKey !== 'string' || jobKey === '') {
      throw new ResultStoreError('RESULT_INVALID_JOB_KEY', 'A job key must be a non-empty string.');
    }
    return resultFileNames(jobKey);
  }

  /** The folder may have been deleted since (a person clearing the extension's storage). */
  private async ensureFolder(): Promise<void> {
    await mkdir(this.rootDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  }

  private async fileNames(): Promise<string[]> {
    try {
      return await readdir(this.rootDir);
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return [];
      }
      throw error;
    }
  }

  private pathOf(name: string): string {
    return path.join(this.rootDir, name);
  }

  /** Removes the final files of an entry. */
  private async removeEntryFiles(names: ResultFileNames): Promise<void> {
    // The metadata goes first, so a half-removed entry never looks complete.
    for (const name of [names.meta, names.error, names.json, names.jsonl, names.preview, names.index]) {
      await removeFile(this.pathOf(name));
    }
  }

  private async readEntry(name: string): Promise<StoredEntry | undefined> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.pathOf(name), 'utf8'));
    } catch {
      return undefined;
    }
    if (
      !isRecord(parsed) ||
      parsed.version !== FORMAT_VERSION ||
      typeof parsed.jobKey !== 'string' ||
      typeof parsed.storedAt !== 'string' ||
      !isPlainFileName(parsed.file) ||
      (parsed.previewFile !== undefined && !isPlainFileName(parsed.previewFile)) ||
      (parsed.rowsFile !== undefined && !isPlainFileName(parsed.rowsFile)) ||
      (parsed.indexFile !== undefined && !isPlainFileName(parsed.indexFile)) ||
      !(parsed.kind === 'json' || parsed.kind === 'jsonl' || parsed.kind === 'error')
    ) {
      return undefined;
    }
    return this.toStoredEntry(parsed as unknown as EntryOnDisk);
  }

  private toStoredEntry(entry: EntryOnDisk): StoredEntry {
    const { version: _version, file, ...rest } = entry;
    if (rest.kind === 'error') {
      return { ...rest, path: this.pathOf(file) };
    }
    const { previewFile, rowsFile, indexFile, ...result } = rest as Omit<StoredResult, 'path' | 'previewPath' | 'rowsPath' | 'indexPath'> & {
      previewFile?: string;
      rowsFile?: string;
      indexFile?: string;
    };
    return {
      ...result,
      path: this.pathOf(file),
      ...(previewFile === undefined ? {} : { previewPath: this.pathOf(previewFile) }),
      ...(rowsFile === undefined ? {} : { rowsPath: this.pathOf(rowsFile) }),
      ...(indexFile === undefined ? {} : { indexPath: this.pathOf(indexFile) }),
    };
  }
}
