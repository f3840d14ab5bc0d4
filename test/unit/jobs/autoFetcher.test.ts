import * as assert from 'node:assert/strict';
import { AutoFetcher } from '../../../src/jobs/autoFetcher';
import type { FetchOutcome } from '../../../src/jobs/jobActions';
import { requireSandbox } from '../../support/testServer';
import { waitUntil } from '../../support/waitUntil';
import { useJobTestbed } from './testbed';

describe('AutoFetcher: results fetched as soon as jobs finish', function () {
  this.timeout(30_000);
  const testbed = useJobTestbed('autofetch');

  it('fetches a finished job\'s result by itself and stores it', async () => {
    const parts = testbed.setup();
    const fetched: FetchOutcome[] = [];
    const fetcher = new AutoFetcher(parts.store, parts.actions, () => true, () => assert.fail('no error expected'), (outcome) => fetched.push(outcome));
    try {
      const job = await parts.actions.submit({ query: 'RETURN "auto"' });
      // The fetch starts the moment a refresh sees the job done, so refresh until it was stored.
      await waitUntil(async () => {
        await parts.poller.refresh();
        return fetched.length === 1;
      }, { timeoutMs: 10_000, what: 'the automatic fetch' });
      assert.equal(fetched[0]?.kind, 'stored');
      assert.equal(parts.store.get(job.key)?.state, 'done');
    } finally {
      fetcher.dispose();
      await parts.close();
    }
  });

  it('tries again with back-off while the server answers 503, reporting the failure once', async function () {
    const sandbox = requireSandbox(this, testbed.server, 'answering 503');
    const parts = testbed.setup();
    let enabled = false;
    const errors: boolean[] = [];
    const fetched: FetchOutcome[] = [];
    const fetcher = new AutoFetcher(parts.store, parts.actions, () => enabled, (_job, _error, willRetry) => errors.push(willRetry), (outcome) => fetched.push(outcome), { retryDelayMs: 100, maxAttempts: 8 });
    try {
      const job = await parts.actions.submit({ query: 'FOR i IN 1..3 RETURN i' });
      await parts.untilFinished(job.key);
      sandbox.setFaults({ unavailableRate: 1 });
      enabled = true;
      fetcher.catchUp();
      await waitUntil(() => errors.length > 0, { timeoutMs: 10_000, what: 'the first failure' });
      sandbox.setFaults({});
      await waitUntil(() => fetched.length === 1, { timeoutMs: 10_000, what: 'the fetch after the server recovered' });
      assert.deepEqual(errors, [true], 'the failure is reported once, saying it will be retried');
      assert.equal(fetched[0]?.kind, 'stored');
      assert.equal(parts.store.get(job.key)?.result?.rows, 3);
    } finally {
      sandbox.setFaults({});
      fetcher.dispose();
      await parts.close();
    }
  });

  it('gives up after its attempts and leaves the result waiting for Fetch Result', async function () {
    const sandbox = requireSandbox(this, testbed.server, 'answering 503');
    const parts = testbed.setup();
    let enabled = false;
    const errors: boolean[] = [];
    const fetcher = new AutoFetcher(parts.store, parts.actions, () => enabled, (_job, _error, willRetry) => errors.push(willRetry), undefined, { retryDelayMs: 50, maxAttempts: 3 });
    try {
      const job = await parts.actions.submit({ query: 'RETURN 1' });
      await parts.untilFinished(job.key);
      sandbox.setFaults({ unavailableRate: 1 });
      enabled = true;
      fetcher.catchUp();
      await waitUntil(() => errors.length === 2, { timeoutMs: 10_000, what: 'the first and the last failure' });
      assert.deepEqual(errors, [true, false]);
      assert.equal(parts.store.get(job.key)?.resultWaiting, true);
    } finally {
      sandbox.setFaults({});
      fetcher.dispose();
      await parts.close();
    }
  });
});
