/**
 * {@link AsyncJob}: a request the server runs in the background (`x-arango-async: store`).
 * A job lives in the memory of the coordinator that accepted it, so every call about it goes
 * there. Status mapping follows the job routes (PROTOCOL §2) and python-arango's `AsyncJob`.
 */
import type { DatabaseContext } from './executor';
import type { ArangoErrorClass } from './errors';
import { AsyncJobCancelError, AsyncJobClearError, AsyncJobResultError, AsyncJobStatusError } from './errors';
import type { ArangoResponse } from './response';
import { errorFromResponse, errorNumOf, headerValue, isSuccess } from './response';

/**
 * What the server says about a job: `'pending'` (queued or running; also after `cancel()` until
 * it has ended) or `'done'` (a result is waiting). The server has no "cancelled" status: a
 * cancelled job's stored result is a 410 with errorNum 21 (or 1500 for a killed query).
 */
export type AsyncJobStatus = 'pending' | 'done';

/** What to persist to find a job again after a reload: pass it back to `db.job(id, { coordinator })`. */
export interface AsyncJobReference {
  readonly id: string;
  readonly coordinator: string;
  readonly database: string;
}

/** Options of every call that only needs cancelling. */
export interface RequestOptions {
  /** Aborts the call (it then fails with an `ArangoConnectionError` of code `'ABORTED'`). */
  readonly signal?: AbortSignal;
}

/** Options of `cancel()` and `clear()`. */
export interface JobRemovalOptions extends RequestOptions {
  /** Resolve to `false` instead of throwing when the server does not know the job. */
  readonly ignoreMissing?: boolean;
}

/**
 * A job the server runs in the background.
 *
 * @example
 * const job = await db.beginAsyncExecution().aql.execute('RETURN 1');
 * while ((await job.status()) !== 'done') await sleep(100);
 * const cursor = await job.result();
 */
export class AsyncJob<T> {
  /** The server's job id (a decimal string). @example job.id === '152' */
  readonly id: string;
  /** Base URL of the coordinator that accepted the job; every call about it goes there. @example job.coordinator === 'http://127.0.0.1:8529' */
  readonly coordinator: string;
  /** Name of the database the job was submitted to. @example job.database === 'test' */
  readonly database: string;
  readonly #context: DatabaseContext;
  readonly #handle: (response: ArangoResponse) => T;
  readonly #rawAnswer: boolean;

  /**
   * @internal Jobs come from async calls, `db.job()` and `db.aqlJob()`. `rawAnswer`: the stored
   * answer's handler reads a 2xx body as bytes (`rawBody`), as the original call would have.
   */
  constructor(context: DatabaseContext, id: string, coordinator: string, handle: (response: ArangoResponse) => T, rawAnswer = false) {
    this.#context = context;
    this.id = id;
    this.coordinator = coordinator;
    this.database = context.database;
    this.#handle = handle;
    this.#rawAnswer = rawAnswer;
  }

  /**
   * Asks the server whether the job has finished (`GET /_api/job/{id}`; retried after a
   * connection failure, it changes nothing on the server).
   *
   * @throws {@link AsyncJobStatusError} `job {id} not found` (errorCode 404) when the server
   *   does not know the job (unknown, fetched, cleared, or lost in a restart); the server's
   *   own error otherwise (e.g. 401/11).
   * @example if ((await job.status()) === 'done') show(await job.result())
   */
  async status(options: RequestOptions = {}): Promise<AsyncJobStatus> {
    const response = await this.#send('GET', '', 'read', options.signal);
    if (response.status === 204) return 'pending';
    if (isSuccess(response)) return 'done';
    throw this.#error(AsyncJobStatusError, response, 'not found');
  }

  /**
   * Fetches the job's result (`PUT /_api/job/{id}`). The server hands a result out once and
   * then deletes it. An answer carrying `x-arango-async-id` is the original operation's answer,
   * and goes through that operation's handler: a failed query throws `AQLQueryExecuteError`
   * exactly as the synchronous call would have.
   *
   * Never retried: if the connection fails after sending, the result may already be gone, and
   * the `ArangoConnectionError` says `mayHaveReachedServer: true`.
   *
   * @throws {@link AsyncJobResultError} `job {id} not done` (httpCode 204) while pending;
   *   `job {id} not found` (errorCode 404) when unknown or already fetched.
   * @example const metadata = await insertJob.result()
   */
  async result(options: RequestOptions = {}): Promise<T> {
    const response = await this.#send('PUT', '', 'never', options.signal, this.#rawAnswer);
    // The job manager's own answers (204 pending, 404 unknown, 400 bad id) carry no job id;
    // a stored answer always does, even when it is itself a 404.
    if (headerValue(response, 'x-arango-async-id') !== undefined) return this.#handle(response);
    if (response.status === 204) throw this.#error(AsyncJobResultError, response, 'not done');
    throw this.#error(AsyncJobResultError, response, 'not found');
  }

  /**
   * Asks the server to cancel the job (`PUT /_api/job/{id}/cancel`). A queued job never runs;
   * a running AQL query is killed. The job stays `'pending'` until it has ended, and its stored
   * result is then a 410 (errorNum 21).
   *
   * @returns `true` when cancelling began; `false` for an unknown or finished job with `ignoreMissing`.
   * @throws {@link AsyncJobCancelError} `job {id} not found` for an unknown or finished job.
   * @example await job.cancel({ ignoreMissing: true })
   */
  async cancel(options: JobRemovalOptions = {}): Promise<boolean> {
    const response = await this.#send('PUT', '/cancel', 'never', options.signal);
    return this.#removal(AsyncJobCancelError, response, options.ignoreMissing === true);
  }

  /**
   * Deletes the job's stored result (`DELETE /_api/job/{id}`). A job still queued or running is
   * not stopped; its result will be discarded when it ends.
   *
   * @returns `true` when deleted; `false` for an unknown job with `ignoreMissing`.
   * @throws {@link AsyncJobClearError} `job {id} not found` (e.g. the result was already fetched).
   * @example await job.clear({ ignoreMissing: true })
   */
  async clear(options: JobRemovalOptions = {}): Promise<boolean> {
    const response = await this.#send('DELETE', '', 'never', options.signal);
    return this.#removal(AsyncJobClearError, response, options.ignoreMissing === true);
  }

  /** What to persist to re-attach with `db.job(id, { coordinator })`. @example store.save(job.toJSON()) */
  toJSON(): AsyncJobReference {
    return { id: this.id, coordinator: this.coordinator, database: this.database };
  }

  /** python-arango's repr. @example String(job) === '<AsyncJob 152>' */
  toString(): string {
    return `<AsyncJob ${this.id}>`;
  }

  #send(method: 'GET' | 'PUT' | 'DELETE', suffix: string, retry: 'read' | 'never', signal: AbortSignal | undefined, rawSuccessBody = false): Promise<ArangoResponse> {
    return this.#context.connection.send({
      method,
      database: this.#context.database,
      path: `/_api/job/${encodeURIComponent(this.id)}${suffix}`,
      coordinator: this.coordinator,
      auth: this.#context.auth,
      retry,
      signal,
      rawSuccessBody,
    });
  }

  #removal(errorClass: ArangoErrorClass, response: ArangoResponse, ignoreMissing: boolean): boolean {
    if (isSuccess(response)) return true;
    if (ignoreMissing && errorNumOf(response) === 404) return false;
    throw this.#error(errorClass, response, 'not found');
  }

  /** `job {id} not found` / `not done` for the job manager's own answers, the server's words otherwise. */
  #error(errorClass: ArangoErrorClass, response: ArangoResponse, what: 'not found' | 'not done'): Error {
    const managerSaysSo = what === 'not done' ? response.status === 204 : errorNumOf(response) === 404;
    return errorFromResponse(errorClass, response, managerSaysSo ? `job ${this.id} ${what}` : undefined);
  }
}
