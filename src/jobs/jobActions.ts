import { AQLQueryExecuteError, AsyncJobResultError, Cursor, ErrorNum, isArangoError, isConnectionError } from '../client';
import type { AqlExecuteOptions, AsyncJob, Database } from '../client';
import type { DrainableCursor, StoredEntry } from '../results/storedResult';
import { queryOfJob } from '../plans/serverQueries';
import type { JobPatch, JobStore } from './jobStore';
import { LOST_REASON, RESULT_LOST_IN_TRANSIT, jobKey } from './trackedJob';
import type { CancelOutcome, DocumentPosition, JobError, JobResultSummary, TrackedJob } from './trackedJob';

/** What a cursor-draining store must offer; `src/results/resultStore.ts` implements it. */
export interface ResultStorage {
  storeCursor(
    jobKey: string,
    cursor: DrainableCursor,
    meta: { query: string; database: string; bindVars?: Record<string, unknown> },
    signal?: AbortSignal,
  ): Promise<{ kind: 'json' | 'jsonl'; rows: number; bytes: number }>;
  storeError(jobKey: string, error: JobError, meta: { query: string; database: string }): Promise<unknown>;
  get(jobKey: string): Promise<StoredEntry | undefined>;
  remove(jobKey: string): Promise<void>;
}

/** One client session as an action uses it from its first request to its last. */
export interface JobSession {
  /** The database queries are submitted to. */
  readonly database: string;
  /** A handle on `name` with the same client and credentials (jobs and cursors live in their own database). */
  databaseHandle(name: string): Database;
  /** Whether `coordinator` belongs to this connection (jobs of another connection are left alone). */
  knows(coordinator: string): boolean;
}

/** The live connection as the job actions need it. */
export interface JobConnection extends JobSession {
  /**
   * The session now live, kept open until `release()` even if settings replace it meanwhile: a
   * result drained through a client that is closed halfway is lost with its job.
   */
  acquire(): HeldSession;
}

export interface HeldSession {
  readonly session: JobSession;
  release(): void;
}

export interface SubmitRequest {
  query: string;
  bindVars?: Record<string, unknown>;
  options?: Omit<AqlExecuteOptions, 'bindVars' | 'signal'>;
  documentUri?: string;
  queryStart?: DocumentPosition;
  queryEnd?: DocumentPosition;
  blockName?: string;
  /** Another database than the connection's (History's *Run Again* runs a query where it ran before). */
  database?: string;
}

export type FetchOutcome =
  | { kind: 'stored'; job: TrackedJob }
  | { kind: 'failed'; job: TrackedJob }
  | { kind: 'cancelled'; job: TrackedJob }
  | { kind: 'not-done'; job: TrackedJob }
  | { kind: 'lost'; job: TrackedJob };


/**
 * What commands do to jobs, without VS Code: submit, fetch (exactly once), cancel and clear.
 * Every outcome is written to the job store; views follow the store.
 */
export class JobActions {
  private readonly fetches = new Map<string, Promise<FetchOutcome>>();

  constructor(
    private readonly store: JobStore,
    private readonly results: ResultStorage,
    private readonly connection: () => JobConnection,
    private readonly now: () => number = Date.now,
  ) {}

  /** Submits `query` as an async job (`x-arango-async: store`) and tracks it at once. */
  submit(request: SubmitRequest, signal?: AbortSignal): Promise<TrackedJob> {
    return this.withSession((session) => this.submitThrough(session, request, signal));
  }

  private async submitThrough(connection: JobSession, request: SubmitRequest, signal?: AbortSignal): Promise<TrackedJob> {
    const database = request.database ?? connection.database;
    const db = connection.databaseHandle(database);
    const submittedAt = this.now();
    const job = await db.beginAsyncExecution({ returnResult: true }).aql.execute(request.query, {
      ...request.options,
      // A batch whose answer was lost (a reset after the server handled it) can then be asked
      // again by its nextBatchId, even the last one; fetchResult's cursor.close() frees it.
      allowRetry: true,
      ...(request.bindVars ? { bindVars: request.bindVars } : {}),
      ...(signal ? { signal } : {}),
    });
    const tracked: TrackedJob = {
      key: jobKey(job.coordinator, job.id),
      id: job.id,
      coordinator: job.coordinator,
      database,
      origin: 'submitted',
      query: request.query,
      ...(request.bindVars && Object.keys(request.bindVars).length > 0 ? { bindVars: request.bindVars } : {}),
      ...(request.documentUri !== undefined ? { documentUri: request.documentUri } : {}),
      ...(request.queryStart ? { queryStart: request.queryStart } : {}),
      ...(request.queryEnd ? { queryEnd: request.queryEnd } : {}),
      ...(request.blockName !== undefined ? { blockName: request.blockName } : {}),
      ...(request.options && Object.keys(request.options).length > 0 ? { options: request.options } : {}),
      state: 'pending',
      submittedAt,
      resultWaiting: false,
    };
    this.store.add(tracked);
    return tracked;
  }

  /** Whether the job's coordinator is one of the connection's (jobs of a removed coordinator wait for it). */
  reaches(job: Pick<TrackedJob, 'coordinator'>): boolean {
    return this.connection().knows(job.coordinator);
  }

  /**
   * Takes the job's one-time result from the server and stores it; concurrent calls share one
   * fetch, and a stored result is never fetched again.
   */
  fetchResult(key: string, signal?: AbortSignal): Promise<FetchOutcome> {
    const inFlight = this.fetches.get(key);
    if (inFlight) {
      return inFlight;
    }
    const held = this.store.hold([key]);
    const fetch = this.withSession((session) => this.fetchOnce(session, key, signal)).finally(() => {
      held.dispose();
      this.fetches.delete(key);
    });
    this.fetches.set(key, fetch);
    return fetch;
  }

  /**
   * Cancels a pending job. A queued job never runs; a running query is also looked up in the
   * server's running-query list and killed there, and the outcome says which happened.
   */
  cancel(key: string, signal?: AbortSignal): Promise<CancelOutcome> {
    return this.withSession((session) => this.cancelThrough(session, key, signal));
  }

  private async cancelThrough(session: JobSession, key: string, signal?: AbortSignal): Promise<CancelOutcome> {
    const job = this.require(key);
    requireCoordinator(session, job);
    const db = session.databaseHandle(job.database);
    const options = signal ? { signal } : {};
    // Look for the running query before cancelling: once cancelled it leaves the list.
    const running = job.query === undefined ? undefined : await this.findRunningQuery(db, job, signal);
    const cancelled = await this.asyncJob(session, job).cancel({ ...options, ignoreMissing: true });
    if (!cancelled) {
      const status = await this.asyncJob(session, job).status(options).catch((error: unknown) => {
        if (isArangoError(error) && error.httpCode === 404) {
          return 'unknown' as const;
        }
        throw error;
      });
      if (status === 'unknown') {
        this.store.update(key, { state: 'lost', resultWaiting: false, lostReason: LOST_REASON, finishedAt: this.now() });
        return 'unknown-to-server';
      }
      this.store.update(key, { cancelOutcome: 'already-finished', ...(status === 'done' ? { state: 'done', resultWaiting: true } : {}) });
      return 'already-finished';
    }
    let outcome: CancelOutcome = 'job-cancelled';
    if (running) {
      // The job manager kills a running query itself; killing it by id as well makes sure it stops
      // even where a server only stops queued work. An id that is gone already (1591) is fine.
      await db.aql.kill(running.id, { ...options, coordinator: running.coordinator }).catch((error: unknown) => {
        if (!(isArangoError(error) && error.errorCode === ErrorNum.QUERY_NOT_FOUND)) {
          throw error;
        }
      });
      outcome = 'job-cancelled-and-query-killed';
    }
    this.store.update(key, { cancelRequestedAt: this.now(), cancelOutcome: outcome });
    return outcome;
  }

  /**
   * Deletes the job's result on the server (a pending job keeps running there, its result is
   * discarded) and stops tracking it; its stored copy is deleted only when asked.
   */
  clear(keys: readonly string[], options: { deleteStoredResults: boolean; signal?: AbortSignal }): Promise<void> {
    return this.withSession((session) => this.clearThrough(session, keys, options));
  }

  private async clearThrough(session: JobSession, keys: readonly string[], options: { deleteStoredResults: boolean; signal?: AbortSignal }): Promise<void> {
    const cleared: string[] = [];
    const held = this.store.hold(keys);
    try {
      for (const key of keys) {
        const job = this.store.get(key);
        if (!job) {
          continue;
        }
        const live = job.state === 'pending' || job.resultWaiting;
        if (live && session.knows(job.coordinator)) {
          await this.asyncJob(session, job).clear({ ignoreMissing: true, ...(options.signal ? { signal: options.signal } : {}) });
        }
        if (options.deleteStoredResults) {
          await this.results.remove(key);
        }
        cleared.push(key);
      }
    } finally {
      this.store.remove(cleared);
      held.dispose();
    }
  }

  private async fetchOnce(session: JobSession, key: string, signal?: AbortSignal): Promise<FetchOutcome> {
    const job = this.require(key);
    if (job.result) {
      return { kind: job.state === 'cancelled' ? 'cancelled' : job.state === 'failed' ? 'failed' : 'stored', job };
    }
    if (job.state === 'lost') {
      return { kind: 'lost', job };
    }
    const kept = await this.storedCopy(job);
    if (kept !== undefined) {
      return this.adoptStored(job, kept);
    }
    requireCoordinator(session, job);
    const options = signal ? { signal } : {};
    let cursor: DrainableCursor;
    try {
      cursor = await this.takeResult(session, job, options);
    } catch (error) {
      return this.settleFailure(job, error);
    }
    const meta = { query: job.query ?? '', database: job.database, ...(job.bindVars ? { bindVars: job.bindVars } : {}) };
    try {
      const stored = await this.results.storeCursor(key, cursor, meta, signal);
      const summary = resultSummary(stored, cursor.statistics, cursor.warnings);
      return { kind: 'stored', job: this.settle(key, { state: 'done', result: summary }) };
    } catch (error) {
      // The one-time result was taken but its later batches could not be read (an expired cursor,
      // a broken connection): say so, with the server's errorNum where there is one.
      const failure = describeError(error, 'Reading the rest of the result failed');
      await this.results.storeError(key, failure, meta);
      return { kind: 'failed', job: this.settle(key, { state: 'failed', error: failure, result: errorSummary(failure) }) };
    } finally {
      if (cursor instanceof Cursor) {
        await cursor.close().catch(() => undefined);
      }
    }
  }

  /** `PUT /_api/job/{id}`, never repeated blindly: if the answer was lost, ask the server what it has. */
  private async takeResult(session: JobSession, job: TrackedJob, options: { signal?: AbortSignal }): Promise<DrainableCursor> {
    try {
      return await this.resultOf(session, job, options);
    } catch (error) {
      if (!(isConnectionError(error) && error.mayHaveReachedServer)) {
        throw error;
      }
      // Remembered before anything else, so that whoever finds the result gone (this status check,
      // a later fetch, or the poller while the check is under way or after it failed) says it was lost in transit.
      this.store.update(job.key, { fetchCutOffAt: this.now() });
      const status = await this.asyncJob(session, job).status(options).catch((statusError: unknown) => {
        if (isArangoError(statusError) && statusError.httpCode === 404) {
          return 'gone' as const;
        }
        throw error;
      });
      if (status === 'gone') {
        throw new ResultLostInTransit();
      }
      // The result is still there, so the first attempt never reached the job manager.
      return await this.resultOf(session, job, options);
    }
  }

  /**
   * Our own jobs are AQL; a job found on the server may have been any request, so its stored
   * answer is read by shape: a cursor is drained, anything else is kept as one row.
   */
  private async resultOf(session: JobSession, job: TrackedJob, options: { signal?: AbortSignal }): Promise<DrainableCursor> {
    if (job.origin === 'submitted') {
      return this.asyncJob(session, job).result(options);
    }
    const value = await session.databaseHandle(job.database).job(job.id, { coordinator: job.coordinator }).result(options);
    return value instanceof Cursor ? value : singleRow(value);
  }

  private async settleFailure(job: TrackedJob, error: unknown): Promise<FetchOutcome> {
    if (error instanceof ResultLostInTransit) {
      return { kind: 'lost', job: this.settle(job.key, { state: 'lost', lostReason: RESULT_LOST_IN_TRANSIT }) };
    }
    if (error instanceof AsyncJobResultError) {
      if (error.httpCode === 204) {
        return { kind: 'not-done', job: this.store.update(job.key, { state: 'pending', resultWaiting: false }) ?? job };
      }
      if (error.httpCode === 404) {
        const lostReason = job.fetchCutOffAt !== undefined ? RESULT_LOST_IN_TRANSIT : LOST_REASON;
        return { kind: 'lost', job: this.settle(job.key, { state: 'lost', lostReason }) };
      }
    }
    if (isArangoError(error) && !(error instanceof AsyncJobResultError)) {
      // The job ran and its stored answer is an error: the query's own failure.
      const failure = describeError(error, 'The query failed');
      await this.results.storeError(job.key, failure, { query: job.query ?? '', database: job.database });
      const cancelled = isCancellation(error, job);
      return cancelled
        ? { kind: 'cancelled', job: this.settle(job.key, { state: 'cancelled', error: failure, result: errorSummary(failure) }) }
        : { kind: 'failed', job: this.settle(job.key, { state: 'failed', error: failure, result: errorSummary(failure) }) };
    }
    throw error;
  }

  /**
   * After a restart, before the server's lists are read: a job still waiting whose result an
   * earlier host stored is settled from the stored copy (the server, which handed the result out,
   * no longer lists it, and would have it judged lost).
   */
  async recoverStored(): Promise<void> {
    for (const job of this.store.all()) {
      const kept = await this.storedCopy(job);
      if (kept !== undefined && this.store.get(job.key)?.result === undefined) {
        this.adoptStored(job, kept);
      }
    }
  }

  /**
   * The result is stored before the job store records it, and VS Code writes that record later
   * still: a host that died in between left the result on disk and the job waiting for it.
   */
  private async storedCopy(job: TrackedJob): Promise<StoredEntry | undefined> {
    if (job.result !== undefined || !(job.state === 'pending' || job.resultWaiting)) {
      return undefined;
    }
    const kept = await this.results.get(job.key);
    return kept !== undefined && Date.parse(kept.storedAt) >= job.submittedAt ? kept : undefined;
  }

  /** Records a result an earlier fetch stored, as that fetch would have. */
  private adoptStored(job: TrackedJob, entry: StoredEntry): FetchOutcome {
    if (entry.kind !== 'error') {
      const summary = resultSummary(entry, entry.statistics, entry.warnings);
      return { kind: 'stored', job: this.settle(job.key, { state: 'done', result: summary }) };
    }
    const failure: JobError = {
      ...(entry.httpCode !== undefined ? { httpCode: entry.httpCode } : {}),
      ...(entry.errorNum !== undefined ? { errorNum: entry.errorNum } : {}),
      message: entry.message,
    };
    const state = isCancellationNum(entry.errorNum, job) ? 'cancelled' : 'failed';
    return { kind: state, job: this.settle(job.key, { state, error: failure, result: errorSummary(failure) }) };
  }

  private settle(key: string, patch: JobPatch): TrackedJob {
    const job = this.require(key);
    return this.store.update(key, { resultWaiting: false, finishedAt: job.finishedAt ?? this.now(), ...patch }) ?? job;
  }

  private async findRunningQuery(db: Database, job: TrackedJob, signal?: AbortSignal) {
    const queries = await db.aql.queries({ coordinator: job.coordinator, ...(signal ? { signal } : {}) });
    return queryOfJob(queries, job);
  }

  private asyncJob(session: JobSession, job: TrackedJob): AsyncJob<Cursor> {
    return session.databaseHandle(job.database).aqlJob(job.id, { coordinator: job.coordinator });
  }

  /** Runs `work` on the live session, which stays open until the work has ended. */
  private async withSession<T>(work: (session: JobSession) => Promise<T>): Promise<T> {
    const held = this.connection().acquire();
    try {
      return await work(held.session);
    } finally {
      held.release();
    }
  }

  private require(key: string): TrackedJob {
    const job = this.store.get(key);
    if (!job) {
      throw new Error(`Job ${key} is not tracked (it was cleared).`);
    }
    return job;
  }
}

class ResultLostInTransit extends Error {}

/**
 * A job is asked about only at the coordinator that accepted it. When that coordinator was removed
 * from `arangodb.url`, the job is kept as it is (it may still hold a result) until it is added back.
 */
export class CoordinatorNotConnectedError extends Error {
  constructor(readonly job: Pick<TrackedJob, 'id' | 'coordinator'>) {
    super(
      `Job ${job.id} was accepted by ${job.coordinator}, which is not in arangodb.url any more. ` +
        'The job is kept as it is: add that coordinator back to fetch or cancel it (Clear Job only forgets it here).',
    );
    this.name = 'CoordinatorNotConnectedError';
  }
}

function requireCoordinator(session: JobSession, job: TrackedJob): void {
  if (!session.knows(job.coordinator)) {
    throw new CoordinatorNotConnectedError(job);
  }
}

function singleRow(value: unknown): DrainableCursor {
  return {
    count: 1,
    // eslint-disable-next-line @typescript-eslint/require-await -- the one batch is already here
    async *batches() {
      yield [value];
    },
  };
}

function isCancellation(error: unknown, job: TrackedJob): boolean {
  return error instanceof AQLQueryExecuteError && isCancellationNum(error.errorCode, job);
}

function isCancellationNum(errorNum: number | undefined, job: TrackedJob): boolean {
  // A cancelled job's stored answer is 410/21; a query killed while running may say 1500 instead.
  if (errorNum === ErrorNum.REQUEST_CANCELED) {
    return true;
  }
  return errorNum === ErrorNum.QUERY_KILLED && job.cancelRequestedAt !== undefined;
}

function resultSummary(
  stored: { rows: number; bytes: number; kind: 'json' | 'jsonl'; profile?: unknown },
  statistics: object | undefined,
  warnings: readonly unknown[] | undefined,
): JobResultSummary {
  // A profile's per-node figures (`stats.nodes`) stay with the stored result, which the plan view
  // reads: the summary is kept in workspace state and shown in the tooltip.
  const { nodes: _perNode, ...figures } = (statistics ?? {}) as Record<string, unknown>;
  return {
    rows: stored.rows,
    bytes: stored.bytes,
    kind: stored.kind,
    ...(statistics ? { statistics: figures } : {}),
    ...(warnings && warnings.length > 0 ? { warnings: [...warnings] } : {}),
    ...(stored.profile !== undefined ? { profiled: true } : {}),
  };
}

function describeError(error: unknown, context: string): JobError {
  if (isArangoError(error)) {
    return {
      httpCode: error.httpCode,
      ...(error.errorCode !== undefined ? { errorNum: error.errorCode } : {}),
      message: error.message,
    };
  }
  return { message: `${context}: ${error instanceof Error ? error.message : String(error)}` };
}

function errorSummary(error: JobError): JobResultSummary {
  return { rows: 0, bytes: Buffer.byteLength(JSON.stringify(error)), kind: 'error' };
}
