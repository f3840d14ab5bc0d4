import * as assert from 'node:assert/strict';
import { ArangoClient } from '../../../src/client';
import type { RequestEvent } from '../../../src/client';
import { ClientSession } from '../../../src/jobs/clientSession';
import { Poller } from '../../../src/jobs/poller';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import { memoryJobStore, settledCopies, submitTrackedJobs } from '../../../bench/jobFixtures';
import { startTestServer } from '../../support/testServer';
import type { TestServer } from '../../support/testServer';

const TRACKED_JOBS = 1000;
const IDLE_WINDOW_MS = 2000;
/** The setting's minimum: an idle poller that polled at all would refresh ~10 times in the window. */
const IDLE_INTERVAL_MS = 200;

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
    jobs = await submitTrackedJobs(session.databaseHandle('_system'), { done: TRACKED_JOBS / 2, pending: TRACKED_JOBS / 2 });
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
    const store = memoryJobStore(jobs);
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
      const store = memoryJobStore(subset);
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
    const store = memoryJobStore(settledCopies(jobs));
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
