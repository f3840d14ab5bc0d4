import * as assert from 'node:assert/strict';
import { ArangoClient } from '../../../src/client';
import type { Database, RequestEvent } from '../../../src/client';
import { ClientSession } from '../../../src/jobs/clientSession';
import { JobStore } from '../../../src/jobs/jobStore';
import { Poller } from '../../../src/jobs/poller';
import { jobKey } from '../../../src/jobs/trackedJob';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import { startTestServer } from '../../support/testServer';
import type { TestServer } from '../../support/testServer';

/** Stays pending for the whole test file: the sandbox is stopped long before it ends. */
const SLEEPING_QUERY = 'LET x = SLEEP(3600) RETURN x';
const TRACKED_JOBS = 1000;
const IDLE_WINDOW_MS = 2000;
/** The setting's minimum: an idle poller that polled at all would refresh ~10 times in the window. */
const IDLE_INTERVAL_MS = 200;

function memoryStore(jobs: readonly TrackedJob[]): JobStore {
  return new JobStore({ load: () => jobs, save: () => Promise.resolve() });
}

function tracked(job: { id: string; coordinator: string }, database: string, state: 'pending' | 'done', query: string): TrackedJob {
  const submittedAt = Date.now() - 60_000;
  return {
    key: jobKey(job.coordinator, job.id),
    id: job.id,
    coordinator: job.coordinator,
    database,
    origin: 'submitted',
    query,
    state,
    submittedAt,
    resultWaiting: state === 'done',
    ...(state === 'done' ? { finishedAt: submittedAt } : {}),
  };
}

/** Half the jobs end at once and wait with their results; the other half sleep, running or queued. */
async function submitHalfPending(db: Database, count: number): Promise<TrackedJob[]> {
  const asyncDb = db.beginAsyncExecution();
  const jobs: TrackedJob[] = [];
  for (let index = 0; index < count / 2; index += 1) {
    const query = `RETURN ${index}`;
    jobs.push(tracked(await asyncDb.aql.execute(query), db.name, 'done', query));
  }
  const doneIds = jobs.map((job) => job.id);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const listed = new Set(await db.asyncJobs('done', 10_000));
    if (doneIds.every((id) => listed.has(id))) {
      break;
    }
    assert.ok(Date.now() < deadline, 'the quick jobs did not all end within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (let index = 0; index < count / 2; index += 1) {
    jobs.push(tracked(await asyncDb.aql.execute(SLEEPING_QUERY), db.name, 'pending', SLEEPING_QUERY));
  }
  return jobs;
}

describe('Refresh cost: what the poller sends, counted exactly', function () {
  this.timeout(120_000);
  let server: TestServer;
  let client: ArangoClient;
  let session: ClientSession;
  let jobs: TrackedJob[];
  const requests: RequestEvent[] = [];

  before(async () => {
    server = await startTestServer();
    client = new ArangoClient({ hosts: server.url, onRequest: (event) => requests.push(event) });
    session = new ClientSession(client, { username: server.username, password: server.password }, '_system');
    jobs = await submitHalfPending(session.databaseHandle('_system'), TRACKED_JOBS);
  });

  after(async () => {
    if (server.real) {
      // A real server would run the sleeping jobs for an hour: cancel them.
      const db = session.databaseHandle('_system');
      for (const job of jobs.filter((candidate) => candidate.state === 'pending')) {
        await db.aqlJob(job.id, { coordinator: job.coordinator }).cancel({ ignoreMissing: true });
      }
    }
    await client.close();
    await server.close();
  });

  it('sends exactly 2 requests per refresh while tracking 1,000 jobs, half of them pending', async () => {
    assert.equal(jobs.length, TRACKED_JOBS);
    assert.equal(jobs.filter((job) => job.state === 'pending').length, TRACKED_JOBS / 2);
    const store = memoryStore(jobs);
    const poller = new Poller(store, session, { intervalMs: 3_600_000, maxBackoffMs: 3_600_000, discover: false });
    try {
      for (let refresh = 0; refresh < 3; refresh += 1) {
        requests.length = 0;
        const report = await poller.refresh();
        assert.deepEqual(report.unreachable, []);
        assert.deepEqual(report.lost, []);
        assert.equal(report.requests, 2);
        assert.deepEqual(requests.map((event) => `${event.method} ${event.path.replace(/\?.*/, '')}`).sort(), [
          'GET /_db/_system/_api/job/done',
          'GET /_db/_system/_api/job/pending',
        ]);
      }
      assert.equal(store.pendingCount, TRACKED_JOBS / 2, 'the sleeping jobs are still pending');
    } finally {
      poller.dispose();
      store.dispose();
    }
  });

  it('sends the same 2 requests per refresh for 10 tracked jobs as for 1,000', async () => {
    const counts: number[] = [];
    for (const subset of [jobs.slice(-10), jobs]) {
      const store = memoryStore(subset);
      const poller = new Poller(store, session, { intervalMs: 3_600_000, maxBackoffMs: 3_600_000, discover: false });
      try {
        requests.length = 0;
        await poller.refresh();
        counts.push(requests.length);
      } finally {
        poller.dispose();
        store.dispose();
      }
    }
    assert.deepEqual(counts, [2, 2]);
  });

  it(`sends 0 requests over ${IDLE_WINDOW_MS / 1000} s while 1,000 jobs are tracked and none is pending`, async () => {
    const settled = jobs.map((job): TrackedJob => ({ ...job, state: 'done', resultWaiting: false, finishedAt: job.submittedAt }));
    const store = memoryStore(settled);
    const poller = new Poller(store, session, { intervalMs: IDLE_INTERVAL_MS, maxBackoffMs: IDLE_INTERVAL_MS });
    try {
      requests.length = 0;
      poller.wake();
      assert.equal(poller.isScheduled, false, 'an idle poller sets no timer');
      await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
      assert.equal(requests.length, 0);
      assert.equal(poller.isScheduled, false);
    } finally {
      poller.dispose();
      store.dispose();
    }
  });
});
