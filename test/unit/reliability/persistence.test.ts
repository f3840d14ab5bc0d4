import * as assert from 'node:assert/strict';
import { MemoryState } from '../jobs/memoryState';
import { requireSandbox } from '../../support/testServer';
import type { TestServer } from '../../support/testServer';
import { allFinal, readStoredRows, resultFetchesByJob, useRigTestbed, waitFor } from './rig';
import type { Rig } from './rig';

describe('Reliability 9: a killed extension host loses nothing and fetches nothing twice', function () {
  this.timeout(60_000);
  const testbed = useRigTestbed('reliability_persist', { workers: 4 }, { rowLimit: 50 });
  let server: TestServer;

  before(() => {
    server = testbed.server;
  });

  function host(state: MemoryState, autoFetch: boolean): Rig {
    return testbed.rig({ state, autoFetch });
  }

  it('restarts with every job and stored result, fetches only what was not fetched, and each job once', async function () {
    const sandbox = requireSandbox(this, server, 'request statistics');
    sandbox.resetStats();
    const state = new MemoryState();
    const first = host(state, false);
    const fetchedFirst = [];
    for (const query of ['FOR i IN 1..120 RETURN { i }', 'RETURN "small"', 'FOR x IN nowhere RETURN x']) {
      fetchedFirst.push(await first.actions.submit({ query }));
    }
    const waiting = await first.actions.submit({ query: 'RETURN "done before the kill, fetched after"' });
    const pending = [];
    for (let i = 0; i < 3; i++) pending.push(await first.actions.submit({ query: `RETURN SLEEP(1.5) || ${i}` }));
    const deadline = Date.now() + 10_000;
    while (![...fetchedFirst, waiting].every((job) => first.store.get(job.key)?.resultWaiting === true)) {
      assert.ok(Date.now() < deadline, 'jobs did not finish');
      await first.poller.refresh();
    }
    for (const job of fetchedFirst) await first.actions.fetchResult(job.key);
    // The host dies at the worst moment: the last fetch has just stored its result, and VS Code
    // has not yet written the job store's last update (its Memento writes on a timer).
    assert.ok(state.writing, 'the last update should still be waiting to be written');
    const afterKill = state.kill();
    const before = new Map(await Promise.all(fetchedFirst.map(async (job) => [job.key, await first.results.get(job.key)] as const)));
    assert.ok(pending.every((job) => first.store.get(job.key)?.state === 'pending'), 'the slow jobs must still be pending at the kill');
    // No dispose, no flush of the job store.
    await first.kill();

    const second = host(afterKill, true);
    const all = [...fetchedFirst, waiting, ...pending];
    assert.deepEqual(second.store.all().map((job) => job.key).sort(), all.map((job) => job.key).sort(), 'a job was forgotten');
    for (const job of fetchedFirst) {
      const stored = await second.results.get(job.key);
      assert.deepEqual(stored, before.get(job.key), 'a stored result changed across the restart');
    }
    // What the extension does on activation: settle what was stored, refresh, fetch what finished meanwhile.
    await second.layer.connectionChanged();
    second.poller.wake();
    await waitFor('every job to be final', () => allFinal(second.store), 15_000);
    for (const job of fetchedFirst) {
      assert.deepEqual(second.store.get(job.key)?.result, first.store.get(job.key)?.result, `job ${job.id} lost its stored result across the restart`);
      assert.equal(second.store.get(job.key)?.state, first.store.get(job.key)?.state);
    }

    assert.deepEqual([...resultFetchesByJob(second.requests).keys()].sort(), [waiting, ...pending].map((job) => job.id).sort());
    const stored = await second.results.get(waiting.key);
    assert.ok(stored && stored.kind !== 'error');
    assert.deepEqual(await readStoredRows(stored), ['done before the kill, fetched after']);
    assert.deepEqual(pending.map((job) => second.store.get(job.key)?.state), ['done', 'done', 'done']);

    // And once more: a third host finds everything and asks the server for nothing.
    const afterSecondKill = second.state.kill();
    await second.kill();
    const third = host(afterSecondKill, true);
    // The second host may have died before its Memento wrote the last settle (a loaded machine
    // makes that likely); activation settles such jobs from their stored copies, without the server.
    await third.actions.recoverStored();
    third.fetcher.catchUp();
    third.poller.wake();
    assert.equal(third.store.all().length, all.length);
    assert.ok(allFinal(third.store));
    for (const job of all) assert.ok(await third.results.get(job.key), `the stored result of ${job.id} is missing`);
    const fetches = sandbox.stats().byRoute['PUT /_api/job/{id}'];
    assert.equal(fetches, all.length, 'a result was fetched twice');
    assert.equal(third.requests.length, 0);
    console.log(`      persistence: ${all.length} jobs (${fetchedFirst.length} stored, 1 waiting, ${pending.length} pending) across two kills: all there, ${fetches} result fetches in total (one per job)`);
  });
});
