/**
 * A refresh that reads the job lists while a job's result is being fetched or the job is being
 * cleared: the job manager takes the job off its lists the moment it hands the result out (or
 * deletes it), before the client has the answer. The interleavings are played step by step on a
 * scripted server, so each one happens every time.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArangoConnectionError, AsyncJobStatusError } from '../../../src/client';
import type { Database } from '../../../src/client';
import { JobActions } from '../../../src/jobs/jobActions';
import type { FetchOutcome, JobConnection } from '../../../src/jobs/jobActions';
import { JobStore } from '../../../src/jobs/jobStore';
import type { JobChange } from '../../../src/jobs/jobStore';
import { Poller } from '../../../src/jobs/poller';
import type { JobLists } from '../../../src/jobs/poller';
import { StatePersistence } from '../../../src/jobs/statePersistence';
import { LOST_REASON, RESULT_LOST_IN_TRANSIT, jobKey } from '../../../src/jobs/trackedJob';
import type { DrainableCursor } from '../../../src/results/storedResult';
import { ResultStore } from '../../../src/results/resultStore';
import { MemoryState } from './memoryState';

const COORDINATOR = 'http://127.0.0.1:8529';
const REQUEST = { method: 'PUT', path: '/_db/_system/_api/job/1', coordinator: COORDINATOR };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** One coordinator's job manager, answering when the test says so. */
class ScriptedServer implements JobConnection, JobLists {
  readonly database = '_system';
  readonly pending = new Set<string>();
  readonly done = new Set<string>();
  /** The answer to the result fetch in flight (`PUT /_api/job/{id}`), settled by the test. */
  resultAnswer = deferred<DrainableCursor>();
  /** The answer to the clear in flight (`DELETE /_api/job/{id}`), settled by the test. */
  clearAnswer = deferred<boolean>();
  /** Resolved when the job manager has handed the result out (or deleted the job). */
  readonly handled = deferred<void>();
  /** How a status check (`GET /_api/job/{id}`) ends. */
  status: () => Promise<'pending' | 'done'> = () => Promise.resolve('done');

  coordinators(): readonly string[] {
    return [COORDINATOR];
  }

  list(_coordinator: string, status: 'pending' | 'done'): Promise<string[]> {
    return Promise.resolve([...(status === 'pending' ? this.pending : this.done)]);
  }

  knows(coordinator: string): boolean {
    return coordinator === COORDINATOR;
  }

  acquire(): { session: ScriptedServer; release(): void } {
    return { session: this, release: () => undefined };
  }

  databaseHandle(): Database {
    const job = (id: string) => ({
      // The job manager hands the stored answer out and forgets the job before the answer travels.
      result: () => {
        this.done.delete(id);
        this.handled.resolve();
        return this.resultAnswer.promise;
      },
      status: () => this.status(),
      clear: () => {
        this.done.delete(id);
        this.pending.delete(id);
        this.handled.resolve();
        return this.clearAnswer.promise;
      },
    });
    return { aqlJob: job, job } as unknown as Database;
  }
}

function rows(values: unknown[]): DrainableCursor {
  return {
    count: values.length,
    // eslint-disable-next-line @typescript-eslint/require-await -- the one batch is already here
    async *batches() {
      yield values;
    },
  };
}

describe('A refresh while a job is being fetched or cleared', () => {
  let server: ScriptedServer;
  let store: JobStore;
  let actions: JobActions;
  let poller: Poller;
  let resultsDir: string;
  let changes: JobChange[];
  const key = jobKey(COORDINATOR, '1');

  beforeEach(() => {
    server = new ScriptedServer();
    store = new JobStore(new StatePersistence(new MemoryState()));
    resultsDir = mkdtempSync(path.join(tmpdir(), 'fetch-during-refresh-'));
    actions = new JobActions(store, new ResultStore(resultsDir, { rowLimit: 100 }), () => server, () => 5_000);
    poller = new Poller(store, server, { intervalMs: 3_600_000, maxBackoffMs: 3_600_000, discover: false, now: () => 5_000 });
    // A job that finished and whose result waits on the server.
    server.done.add('1');
    store.add({ key, id: '1', coordinator: COORDINATOR, database: '_system', origin: 'submitted', query: 'RETURN 1', state: 'done', submittedAt: 1_000, finishedAt: 2_000, resultWaiting: true });
    changes = [];
    store.onDidChange((batch) => changes.push(...batch));
  });

  afterEach(() => {
    poller.dispose();
    store.dispose();
    rmSync(resultsDir, { recursive: true, force: true });
  });

  it('does not call a job lost while its result is on the way, and stores it when it arrives', async () => {
    const fetch = actions.fetchResult(key);
    await server.handled.promise;
    assert.equal(server.done.has('1'), false, 'the server has handed the result out');
    const report = await poller.refresh();
    assert.deepEqual(report.lost, [], 'the refresh judged the job lost while its result was arriving');
    server.resultAnswer.resolve(rows([1]));
    const outcome: FetchOutcome = await fetch;
    assert.equal(outcome.kind, 'stored');
    assert.deepEqual(changes.map((change) => change.job.state), ['done'], 'the job was shown in another state on the way');
    assert.equal(store.get(key)?.resultWaiting, false);
  });

  it('says a result was lost in transit when its answer was cut off, even if the status check then fails too', async () => {
    const fetch = actions.fetchResult(key);
    await server.handled.promise;
    const duringFetch = await poller.refresh();
    assert.deepEqual(duringFetch.lost, [], 'the refresh judged the job lost while its fetch was in flight');
    // The connection is reset after the server handled the fetch, and the status check meets a 503.
    server.status = () => Promise.reject(new AsyncJobStatusError({ message: 'service unavailable', httpCode: 503, errorCode: 503, ...REQUEST, method: 'GET' }));
    server.resultAnswer.reject(new ArangoConnectionError({ code: 'ECONNRESET', message: 'the server may have received the request', mayHaveReachedServer: true, attempts: 1, ...REQUEST }));
    await assert.rejects(fetch, ArangoConnectionError);
    assert.equal(store.get(key)?.state, 'done', 'a fetch whose fate is unknown leaves the job for the next look');
    const afterFetch = await poller.refresh();
    assert.deepEqual(afterFetch.lost, [key]);
    assert.equal(store.get(key)?.lostReason, RESULT_LOST_IN_TRANSIT);
    assert.notEqual(store.get(key)?.lostReason, LOST_REASON);
  });

  it('does not call a job lost while it is being cleared', async () => {
    const clearing = actions.clear([key], { deleteStoredResults: false });
    await server.handled.promise;
    const report = await poller.refresh();
    assert.deepEqual(report.lost, [], 'a job the user is clearing was reported lost');
    server.clearAnswer.resolve(true);
    await clearing;
    assert.equal(store.get(key), undefined);
    assert.deepEqual(changes.map((change) => change.kind), ['removed']);
  });
});
