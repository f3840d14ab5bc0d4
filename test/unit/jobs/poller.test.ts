import * as assert from 'node:assert/strict';
import { Poller } from '../../../src/jobs/poller';
import { LOST_REASON } from '../../../src/jobs/trackedJob';
import { requireSandbox } from '../../support/testServer';
import { useJobTestbed } from './testbed';

describe('Poller: reconciling tracked jobs with the server\'s lists', function () {
  this.timeout(60_000);
  const testbed = useJobTestbed('poller', { workers: 4 });
  const setup = () => testbed.setup({ rowLimit: 100 });

  async function waitUntil(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('costs two requests per refresh however many jobs are tracked', async () => {
    const { store, actions, poller, requests, close } = setup();
    try {
      for (let i = 0; i < 40; i++) {
        await actions.submit({ query: i % 2 === 0 ? 'RETURN SLEEP(2)' : `RETURN ${i}` });
      }
      for (const tracked of [1, 40]) {
        assert.ok(store.all().length >= tracked);
        requests.length = 0;
        const report = await poller.refresh();
        assert.equal(report.requests, 2);
        assert.deepEqual(requests.map((event) => `${event.method} ${event.path.replace(/\?.*/, '')}`).sort(), [
          `GET /_db/${testbed.database}/_api/job/done`,
          `GET /_db/${testbed.database}/_api/job/pending`,
        ]);
      }
      await actions.clear(store.all().map((job) => job.key), { deleteStoredResults: true });
    } finally {
      await close();
    }
  });

  it('marks a job done when it appears in the done list, and stops polling once nothing is pending', async () => {
    const { store, actions, poller, requests, close } = setup();
    try {
      const job = await actions.submit({ query: 'RETURN SLEEP(0.3)' });
      poller.wake();
      assert.ok(poller.isScheduled);
      await waitUntil('the job to be seen done', () => store.get(job.key)?.resultWaiting === true);
      assert.equal(store.get(job.key)?.state, 'done');
      await waitUntil('polling to stop', () => !poller.isScheduled);
      const before = requests.length;
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(requests.length, before, 'an idle poller sent requests');
    } finally {
      await close();
    }
  });

  it('does not poll at all while nothing is pending', async () => {
    const { poller, requests, close } = setup();
    try {
      poller.wake();
      assert.equal(poller.isScheduled, false);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(requests.length, 0);
    } finally {
      await close();
    }
  });

  it('adds jobs that someone else submitted when discovery is on', async () => {
    const { store, session, close } = setup();
    const discovering = new Poller(store, session, { intervalMs: 50, maxBackoffMs: 400 });
    try {
      const foreign = await session.databaseHandle(testbed.database).beginAsyncExecution({ returnResult: true }).aql.execute('RETURN SLEEP(1)');
      const report = await discovering.refresh();
      const found = store.all().find((job) => job.id === foreign.id);
      assert.ok(found, `not discovered: ${JSON.stringify(report)}`);
      assert.equal(found.origin, 'discovered');
      assert.equal(found.query, undefined);
      await foreign.clear({ ignoreMissing: true });
    } finally {
      discovering.dispose();
      await close();
    }
  });

  it('marks jobs lost when the server restarts and keeps working for new jobs', async function () {
    const sandbox = requireSandbox(this, testbed.server, 'restart');
    const { store, actions, poller, close } = setup();
    try {
      const doomed = await actions.submit({ query: 'RETURN SLEEP(5)' });
      await poller.refresh();
      assert.equal(store.get(doomed.key)?.state, 'pending');
      await sandbox.restart();
      const report = await poller.refresh();
      assert.deepEqual(report.lost, [doomed.key]);
      assert.equal(store.get(doomed.key)?.state, 'lost');
      assert.equal(store.get(doomed.key)?.lostReason, LOST_REASON);

      const fresh = await actions.submit({ query: 'RETURN "after the restart"' });
      await waitUntil('the new job to finish', () => {
        void poller.refresh();
        return store.get(fresh.key)?.resultWaiting === true;
      });
      const outcome = await actions.fetchResult(fresh.key);
      assert.equal(outcome.kind, 'stored');
    } finally {
      await close();
    }
  });

  it('backs off while a coordinator cannot be reached, and recovers on its own', async function () {
    const sandbox = requireSandbox(this, testbed.server, 'restart with downtime');
    const { store, actions, poller, close } = setup();
    try {
      const job = await actions.submit({ query: 'RETURN SLEEP(0.2)' });
      const restarting = sandbox.restart({ downtimeMs: 1500 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const report = await poller.refresh();
      assert.equal(report.unreachable.length, 1);
      await restarting;
      // The restart dropped the job: the next successful refresh says so.
      await waitUntil('a refresh to succeed again', () => store.get(job.key)?.state === 'lost', 20_000);
    } finally {
      await close();
    }
  });
});
