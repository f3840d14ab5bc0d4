import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { JobActions } from '../../../src/jobs/jobActions';
import { Poller } from '../../../src/jobs/poller';
import { useJobTestbed } from './testbed';

describe('JobActions: submit, fetch exactly once, cancel, clear', function () {
  this.timeout(60_000);
  const testbed = useJobTestbed('actions', { workers: 2 });
  const setup = () => testbed.setup();

  it('stores a result on the first fetch and never asks the server for it again', async () => {
    const { store, results, actions, requests, untilFinished, close } = setup();
    try {
      const job = await actions.submit({ query: 'FOR i IN 1..@n RETURN { i }', bindVars: { n: 3 }, options: { count: true } });
      await untilFinished(job.key);
      const [first, second] = await Promise.all([actions.fetchResult(job.key), actions.fetchResult(job.key)]);
      assert.equal(first.kind, 'stored');
      assert.equal(second, first, 'concurrent fetches must share one request');
      assert.equal(requests.filter((event) => event.method === 'PUT').length, 1);
      const stored = await results.get(job.key);
      assert.ok(stored && stored.kind === 'json');
      assert.deepEqual(JSON.parse(readFileSync(stored.path, 'utf8')), [{ i: 1 }, { i: 2 }, { i: 3 }]);
      assert.equal(store.get(job.key)?.result?.rows, 3);

      const puts = requests.filter((event) => event.method === 'PUT').length;
      const again = await actions.fetchResult(job.key);
      assert.equal(again.kind, 'stored');
      assert.equal(requests.filter((event) => event.method === 'PUT').length, puts);
    } finally {
      await close();
    }
  });

  it('drains a result bigger than the row limit across batches into a JSON Lines file', async () => {
    const { store, results, actions, untilFinished, close } = setup();
    try {
      const job = await actions.submit({ query: 'FOR i IN 1..1234 RETURN i', options: { batchSize: 100, count: true } });
      await untilFinished(job.key);
      assert.equal((await actions.fetchResult(job.key)).kind, 'stored');
      const stored = await results.get(job.key);
      assert.ok(stored && stored.kind === 'jsonl');
      const lines = readFileSync(stored.path, 'utf8').trim().split('\n');
      assert.equal(lines.length, 1234);
      assert.equal(lines[1233], '1234');
      assert.equal(store.get(job.key)?.result?.kind, 'jsonl');
    } finally {
      await close();
    }
  });

  it('records a failing query as failed, with the server\'s errorNum and message, stored for later', async () => {
    const { store, results, actions, untilFinished, close } = setup();
    try {
      const job = await actions.submit({ query: 'FOR x IN\n  no_such_collection RETURN x' });
      await untilFinished(job.key);
      const outcome = await actions.fetchResult(job.key);
      assert.equal(outcome.kind, 'failed');
      const failed = store.get(job.key);
      assert.equal(failed?.state, 'failed');
      assert.equal(failed?.error?.errorNum, 1203);
      assert.equal(failed?.error?.httpCode, 404);
      assert.match(failed?.error?.message ?? '', /no_such_collection/);
      const stored = await results.get(job.key);
      assert.equal(stored?.kind, 'error');
    } finally {
      await close();
    }
  });

  it('cancels a running query: the job ends cancelled with the stored 410/21', async () => {
    const { store, actions, untilFinished, close } = setup();
    try {
      const job = await actions.submit({ query: 'RETURN SLEEP(20)' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const outcome = await actions.cancel(job.key);
      assert.equal(outcome, 'job-cancelled-and-query-killed');
      await untilFinished(job.key);
      const fetched = await actions.fetchResult(job.key);
      assert.equal(fetched.kind, 'cancelled');
      assert.equal(store.get(job.key)?.state, 'cancelled');
      assert.equal(store.get(job.key)?.error?.errorNum, 21);
    } finally {
      await close();
    }
  });

  it('cancels a queued job before it runs', async () => {
    const { store, actions, untilFinished, close } = setup();
    try {
      const blockers = [await actions.submit({ query: 'RETURN SLEEP(2)' }), await actions.submit({ query: 'RETURN SLEEP(2)' })];
      const queued = await actions.submit({ query: 'RETURN "never runs"' });
      const outcome = await actions.cancel(queued.key);
      assert.equal(outcome, 'job-cancelled');
      await untilFinished(queued.key);
      assert.equal((await actions.fetchResult(queued.key)).kind, 'cancelled');
      assert.equal(store.get(queued.key)?.error?.errorNum, 21);
      await actions.clear(blockers.map((job) => job.key), { deleteStoredResults: true });
    } finally {
      await close();
    }
  });

  it('says a finished job was already finished instead of pretending to cancel it', async () => {
    const { store, actions, untilFinished, close } = setup();
    try {
      const job = await actions.submit({ query: 'RETURN 1' });
      await untilFinished(job.key);
      assert.equal(await actions.cancel(job.key), 'already-finished');
      assert.equal(store.get(job.key)?.resultWaiting, true);
    } finally {
      await close();
    }
  });

  it('says when the server no longer knows a job it was asked to cancel, and marks the job lost', async () => {
    const { store, actions, session, close } = setup();
    try {
      const job = await actions.submit({ query: 'RETURN SLEEP(1)' });
      await session.databaseHandle(testbed.database).aqlJob(job.id, { coordinator: job.coordinator }).clear();
      assert.equal(await actions.cancel(job.key), 'unknown-to-server');
      assert.equal(store.get(job.key)?.state, 'lost');
    } finally {
      await close();
    }
  });

  it('clears a job on the server and in the store, and its stored copy only when asked', async () => {
    const { store, results, actions, session, untilFinished, close } = setup();
    try {
      const kept = await actions.submit({ query: 'RETURN "kept"' });
      const pending = await actions.submit({ query: 'RETURN SLEEP(1)' });
      await untilFinished(kept.key);
      await actions.fetchResult(kept.key);
      await actions.clear([kept.key, pending.key], { deleteStoredResults: false });
      assert.equal(store.all().length, 0);
      assert.ok(await results.get(kept.key), 'the stored copy was deleted without being asked');
      const serverJob = session.databaseHandle(testbed.database).aqlJob(pending.id, { coordinator: pending.coordinator });
      await assert.rejects(serverJob.status(), /not found/);
    } finally {
      await close();
    }
  });

  it('fetches jobs found on the server by the shape of their answer: cursors drained, other answers kept whole', async () => {
    const { store, results, session, untilFinished, close } = setup();
    const discovering = new Poller(store, session, { intervalMs: 50, maxBackoffMs: 400 });
    try {
      const db = session.databaseHandle(testbed.database);
      await db.createCollection('found');
      const asyncDb = db.beginAsyncExecution();
      const query = await asyncDb.aql.execute('FOR i IN 1..7 RETURN i', { batchSize: 3 });
      const insert = await asyncDb.collection('found').insert({ _key: 'k' });
      await discovering.refresh();
      const byId = (id: string) => store.all().find((job) => job.id === id);
      for (const id of [query.id, insert.id]) {
        const tracked = byId(id);
        assert.equal(tracked?.origin, 'discovered');
        await untilFinished(tracked.key);
      }
      const actions = new JobActions(store, results, () => session);
      assert.equal((await actions.fetchResult(byId(query.id)!.key)).kind, 'stored');
      assert.equal((await actions.fetchResult(byId(insert.id)!.key)).kind, 'stored');
      const rows = await results.get(byId(query.id)!.key);
      assert.ok(rows && rows.kind === 'json');
      assert.deepEqual(JSON.parse(readFileSync(rows.path, 'utf8')), [1, 2, 3, 4, 5, 6, 7]);
      const inserted = await results.get(byId(insert.id)!.key);
      assert.ok(inserted && inserted.kind === 'json');
      const [meta] = JSON.parse(readFileSync(inserted.path, 'utf8')) as Array<{ _id: string }>;
      assert.equal(meta?._id, 'found/k');
    } finally {
      discovering.dispose();
      await close();
    }
  });
});
