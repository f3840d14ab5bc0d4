/**
 * {@link Cursor}: the result of an AQL query, batch by batch (`/_api/cursor`, PROTOCOL §4).
 * Later batches are always fetched synchronously, from the coordinator that holds the cursor.
 */
import type { DatabaseContext } from './executor';
import { CursorCloseError, CursorNextError } from './errors';
import type { RequestOptions } from './job';
import { RawBatch, RawBodyError } from './rawBatch';
import type { ScannedCursorBody } from './rawBatch';
import type { ArangoResponse } from './response';
import { errorFromResponse, errorNumOf, invalidJson, isSuccess, objectBody, unexpectedBody } from './response';
import { ErrorNum } from './errors';

/** Query statistics (`extra.stats`), as of the latest batch. All numbers; some appear only on some versions. */
export interface QueryStatistics {
  readonly writesExecuted?: number;
  readonly writesIgnored?: number;
  readonly documentLookups?: number;
  readonly seeks?: number;
  readonly scannedFull?: number;
  readonly scannedIndex?: number;
  readonly searchParallelism?: number;
  readonly cursorsCreated?: number;
  readonly cursorsRearmed?: number;
  readonly cacheHits?: number;
  readonly cacheMisses?: number;
  readonly filtered?: number;
  readonly httpRequests?: number;
  /** Only with the `fullCount` option: rows before the last top-level `LIMIT`. */
  readonly fullCount?: number;
  /** Seconds. */
  readonly executionTime?: number;
  /** Bytes. */
  readonly peakMemoryUsage?: number;
  readonly intermediateCommits?: number;
  readonly [other: string]: number | undefined;
}

/** A warning the query produced (`extra.warnings`). */
export interface QueryWarning {
  /** ArangoDB error number, e.g. 1562 division by zero. */
  readonly code: number;
  readonly message: string;
}

/** @internal A cursor answer (`201` of `POST /_api/cursor`, `200` of a batch). */
interface CursorBody {
  readonly result: unknown[];
  readonly hasMore: boolean;
  readonly id?: string;
  readonly nextBatchId?: string;
  readonly count?: number;
  readonly cached?: boolean;
  readonly extra?: { readonly stats?: QueryStatistics; readonly warnings?: QueryWarning[]; readonly profile?: Record<string, number>; readonly plan?: unknown };
}

const CURSOR_OBJECT = 'a cursor object with result and hasMore';

/** A first batch still in bytes, with the answer that brought it (to name it if a row is not JSON). */
interface RawFirstBatch {
  readonly batch: RawBatch;
  readonly answer: ArangoResponse;
}

/** A cursor answer kept as bytes: its rows found, its other fields parsed and checked. */
function scannedCursorAnswer(response: ArangoResponse): { fields: Omit<CursorBody, 'result'>; batch: RawBatch } {
  let scanned: ScannedCursorBody;
  try {
    scanned = RawBatch.scanCursorBody(response.rawBody ?? Buffer.alloc(0));
  } catch (error) {
    if (!(error instanceof RawBodyError)) throw error;
    // As for parsed answers: bytes that claim to be JSON and are not were cut off or garbled;
    // bytes that do not claim it (a proxy's page) are not an ArangoDB answer at all.
    const claimsJson = response.mediaType.includes('json');
    throw error.validJson || !claimsJson ? unexpectedBody(response, CURSOR_OBJECT) : invalidJson(response, error, `: ${error.message}`);
  }
  const fields = scanned.fields;
  if (typeof fields.hasMore !== 'boolean' || (fields.hasMore && typeof fields.id !== 'string')) {
    throw unexpectedBody(response, CURSOR_OBJECT);
  }
  return { fields: fields as unknown as Omit<CursorBody, 'result'>, batch: scanned.batch };
}

function cursorBody(response: ArangoResponse): CursorBody {
  const body = objectBody(response, CURSOR_OBJECT);
  if (!Array.isArray(body.result) || typeof body.hasMore !== 'boolean' || (body.hasMore && typeof body.id !== 'string')) {
    throw unexpectedBody(response, CURSOR_OBJECT);
  }
  return body as unknown as CursorBody;
}

/**
 * The items of a query, fetched lazily batch by batch. Iterate it with `for await`, or take
 * items with `next()`, batches with `batch()` / `batches()`, or everything with `all()`.
 *
 * @example for await (const row of await db.aql.execute('FOR d IN students RETURN d')) console.log(row)
 */
export class Cursor<T = unknown> implements AsyncIterable<T> {
  /** Base URL of the coordinator that holds the cursor. @example cursor.coordinator === 'http://127.0.0.1:8529' */
  readonly coordinator: string;
  readonly #context: DatabaseContext;
  #buffer: T[];
  /** The first batch while its rows are still the server's bytes (parsed when first read). */
  #rawFirst: RawFirstBatch | undefined;
  #id: string | undefined;
  #hasMore: boolean;
  #nextBatchId: string | undefined;
  #count: number | undefined;
  #cached: boolean;
  #extra: CursorBody['extra'];
  #fetching: Promise<void> | undefined;
  #released = false;

  /** @internal Cursors come from `aql.execute()` and from AQL jobs' results. */
  static fromResponse<T>(context: DatabaseContext, response: ArangoResponse): Cursor<T> {
    if (response.rawBody !== undefined) {
      const { fields, batch } = scannedCursorAnswer(response);
      return new Cursor<T>(context, response.coordinator, fields, [], { batch, answer: response });
    }
    const body = cursorBody(response);
    return new Cursor<T>(context, response.coordinator, body, body.result as T[], undefined);
  }

  private constructor(context: DatabaseContext, coordinator: string, body: Omit<CursorBody, 'result'>, rows: T[], rawFirst: RawFirstBatch | undefined) {
    this.#context = context;
    this.coordinator = coordinator;
    this.#buffer = rows;
    this.#rawFirst = rawFirst;
    this.#id = body.id;
    this.#hasMore = body.hasMore;
    this.#nextBatchId = body.nextBatchId;
    this.#count = body.count;
    this.#cached = body.cached === true;
    this.#extra = body.extra;
  }

  /** Server-side cursor id; `undefined` when the whole result came in the first batch. @example cursor.id === '74175' */
  get id(): string | undefined {
    return this.#id;
  }

  /** True while the server still holds batches not fetched yet. @example while (cursor.hasMore) await cursor.batch() */
  get hasMore(): boolean {
    return this.#hasMore;
  }

  /** True while an item remains, here or on the server. @example while (cursor.hasNext) use(await cursor.next()) */
  get hasNext(): boolean {
    return this.#buffer.length > 0 || (this.#rawFirst?.batch.rowCount ?? 0) > 0 || this.#hasMore;
  }

  /** Total number of items, when the query asked for `count: true`. @example cursor.count === 5 */
  get count(): number | undefined {
    return this.#count;
  }

  /** Query statistics (`extra.stats`) of the latest batch. @example cursor.statistics?.writesExecuted === 2 */
  get statistics(): QueryStatistics | undefined {
    return this.#extra?.stats;
  }

  /** Warnings the query produced. @example cursor.warnings.map((w) => w.code) */
  get warnings(): readonly QueryWarning[] {
    return this.#extra?.warnings ?? [];
  }

  /** Phase timings (`extra.profile`) when the query ran with `profile`. @example cursor.profile?.executing */
  get profile(): Readonly<Record<string, number>> | undefined {
    return this.#extra?.profile;
  }

  /**
   * The executed plan (`extra.plan`) when the query ran with `profile: 2`; its nodes' measured
   * calls, items and runtimes are in `statistics.nodes`. @example cursor.plan !== undefined
   */
  get plan(): unknown {
    return this.#extra?.plan;
  }

  /** Whether the result came from the query cache. @example cursor.cached === false */
  get cached(): boolean {
    return this.#cached;
  }

  /**
   * The next item, or `undefined` once every item has been taken (an AQL `null` is returned as `null`).
   *
   * @example const first = await cursor.next()
   */
  async next(options: RequestOptions = {}): Promise<T | undefined> {
    this.#parseRawFirst();
    while (this.#buffer.length === 0 && this.#hasMore) await this.#fill(options.signal);
    return this.#buffer.shift();
  }

  /**
   * The items of the current batch not taken yet; once those are gone, the next batch (fetched
   * from the server). `undefined` when nothing is left.
   *
   * @example let rows; while ((rows = await cursor.batch()) !== undefined) write(rows)
   */
  async batch(options: RequestOptions = {}): Promise<T[] | undefined> {
    this.#parseRawFirst();
    while (this.#buffer.length === 0 && this.#hasMore) await this.#fill(options.signal);
    if (this.#buffer.length === 0) return undefined;
    const rows = this.#buffer;
    this.#buffer = [];
    return rows;
  }

  /**
   * Every remaining batch, fetched one at a time as the loop asks for it.
   *
   * @example for await (const rows of cursor.batches()) await file.write(rows.map(JSON.stringify).join('\n'))
   */
  async *batches(options: RequestOptions = {}): AsyncGenerator<T[], void, undefined> {
    for (let rows = await this.batch(options); rows !== undefined; rows = await this.batch(options)) {
      yield rows;
    }
  }

  /**
   * Every remaining batch as the server sent it: rows stay bytes until `RawBatch.rows()` parses
   * them, and `RawBatch.jsonLines()` copies them out unparsed, which is how a big result goes to
   * a file at the speed of the wire. The next batch is asked for while the loop handles the
   * current one, so the server's work overlaps the caller's (one more batch in memory). Do not
   * take items with `next()` or `batch()` while this runs.
   *
   * @example for await (const batch of cursor.rawBatches()) await file.write(batch.jsonLines())
   */
  async *rawBatches(options: RequestOptions = {}): AsyncGenerator<RawBatch, void, undefined> {
    await this.#fetching?.catch(() => undefined);
    let ahead = this.#hasMore ? this.#fetchRawBatch(options.signal) : undefined;
    try {
      const rawFirst = this.#rawFirst?.batch;
      this.#rawFirst = undefined;
      if (rawFirst !== undefined && rawFirst.rowCount > 0) yield rawFirst;
      if (this.#buffer.length > 0) {
        const rows = this.#buffer;
        this.#buffer = [];
        yield RawBatch.fromRows(rows);
      }
      while (ahead !== undefined) {
        const batch = await ahead;
        ahead = this.#hasMore ? this.#fetchRawBatch(options.signal) : undefined;
        yield batch;
      }
    } finally {
      // A batch asked for ahead that the loop no longer wants: its failure is nobody's to handle.
      ahead?.catch(() => undefined);
    }
  }

  /**
   * Every remaining item (fetches all batches; mind the memory for big results).
   *
   * @example const rows = await cursor.all()
   */
  async all(options: RequestOptions = {}): Promise<T[]> {
    const rows: T[] = [];
    for await (const batch of this.batches(options)) rows.push(...batch);
    return rows;
  }

  /**
   * Releases the server-side cursor (`DELETE /_api/cursor/{id}`) once; sends nothing when the
   * whole result came in the first batch (no id). The DELETE is sent also after the last batch:
   * a query run with `allowRetry` keeps its cursor until deleted or its ttl ends (PROTOCOL §4).
   * A cursor the server no longer knows (404/1600, e.g. one dropped with its last batch) counts
   * as closed. Items already fetched stay readable.
   *
   * @example await cursor.close()
   */
  async close(options: RequestOptions = {}): Promise<void> {
    const id = this.#id;
    if (id === undefined || this.#released) return;
    const response = await this.#context.connection.send({
      method: 'DELETE',
      database: this.#context.database,
      path: `/_api/cursor/${encodeURIComponent(id)}`,
      coordinator: this.coordinator,
      auth: this.#context.auth,
      retry: 'never',
      signal: options.signal,
    });
    if (!isSuccess(response) && errorNumOf(response) !== ErrorNum.CURSOR_NOT_FOUND && response.status !== 404) {
      throw errorFromResponse(CursorCloseError, response);
    }
    this.#released = true;
    this.#hasMore = false;
    this.#nextBatchId = undefined;
  }

  /** Every item across all batches, fetched lazily. @example for await (const row of cursor) use(row) */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }

  /** Appends the next batch to the buffer; concurrent callers share one fetch. */
  async #fill(signal: AbortSignal | undefined): Promise<void> {
    this.#fetching ??= this.#fetchBatch(signal)
      .then((rows) => {
        this.#buffer = this.#buffer.length === 0 ? rows : this.#buffer.concat(rows);
      })
      .finally(() => {
        this.#fetching = undefined;
      });
    await this.#fetching;
  }

  async #fetchBatch(signal: AbortSignal | undefined): Promise<T[]> {
    const response = await this.#requestBatch(signal, false);
    if (response === undefined) return [];
    const body = cursorBody(response);
    this.#advance(body);
    return body.result as T[];
  }

  async #fetchRawBatch(signal: AbortSignal | undefined): Promise<RawBatch> {
    const response = await this.#requestBatch(signal, true);
    if (response === undefined) return RawBatch.fromRows([]);
    const { fields, batch } = scannedCursorAnswer(response);
    this.#advance(fields);
    return batch;
  }

  /** Turns a first batch still in bytes into the rows `next()` and `batch()` hand out. */
  #parseRawFirst(): void {
    const rawFirst = this.#rawFirst;
    if (rawFirst === undefined) return;
    let rows: T[];
    try {
      rows = rawFirst.batch.rows() as T[];
    } catch (error) {
      if (error instanceof RawBodyError) throw invalidJson(rawFirst.answer, error, `: ${error.message}`);
      throw error;
    }
    this.#rawFirst = undefined;
    this.#buffer = this.#buffer.length === 0 ? rows : rows.concat(this.#buffer);
  }

  /** The next batch's answer (a 2xx), or undefined when the server holds no cursor. */
  async #requestBatch(signal: AbortSignal | undefined, raw: boolean): Promise<ArangoResponse | undefined> {
    const id = this.#id;
    if (id === undefined) {
      this.#hasMore = false;
      return undefined;
    }
    const batchId = this.#nextBatchId;
    // With a batch id the request names the batch it wants, so asking again after a lost
    // answer returns the same batch (3.11.1+ always send nextBatchId). Without one, a repeat
    // would skip a batch: never retried.
    const response = await this.#context.connection.send({
      method: 'POST',
      database: this.#context.database,
      path: batchId === undefined ? `/_api/cursor/${encodeURIComponent(id)}` : `/_api/cursor/${encodeURIComponent(id)}/${encodeURIComponent(batchId)}`,
      coordinator: this.coordinator,
      auth: this.#context.auth,
      retry: batchId === undefined ? 'never' : 'replay',
      signal,
      rawSuccessBody: raw,
    });
    if (!isSuccess(response)) throw errorFromResponse(CursorNextError, response);
    return response;
  }

  #advance(body: Omit<CursorBody, 'result'>): void {
    this.#hasMore = body.hasMore;
    this.#nextBatchId = body.hasMore ? body.nextBatchId : undefined;
    if (body.count !== undefined) this.#count = body.count;
    if (body.extra !== undefined) this.#extra = body.extra;
  }
}
