import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArangoError } from '../errors';
import { runQuery } from './index';
import { arangoErrorOf, assertError, freshDatabase, run } from './queryTestKit';

/** Starts a query, aborts it after `afterMs`, and reports the error and how long the abort took to land. */
async function killAfter(query: string, afterMs: number, reason?: unknown): Promise<{ error: ArangoError; lagMs: number }> {
  const db = freshDatabase();
  const controller = new AbortController();
  const running = runQuery(db, { query }, controller.signal);
  await sleep(afterMs);
  const abortedAt = performance.now();
  controller.abort(reason);
  const error = await arangoErrorOf(() => running);
  return { error, lagMs: performance.now() - abortedAt };
}

describe('AQL execution', () => {
  it('really sleeps in SLEEP(), so the job_cancel query stays running', async () => {
    const db = freshDatabase();
    const controller = new AbortController();
    let settled = false;
    const running = runQuery(db, { query: 'FOR i IN 1..10 FOR j IN 1..10 LET x = sleep(1.0) FILTER i == 5 && j == 5 RETURN 42' }, controller.signal).finally(() => {
      settled = true;
    });
    await sleep(300);
    assert.equal(settled, false);
    controller.abort();
    await assert.rejects(running, { errorNum: 1500 });
  });

  it('stops a query killed during SLEEP within 100 ms with 410/1500 query killed', async () => {
    const { error, lagMs } = await killAfter('LET x = SLEEP(30) RETURN x', 50);
    assertError(error, 410, 1500, 'query killed');
    assert.ok(lagMs < 100, `took ${lagMs} ms`);
  });

  it('stops a query killed in the middle of a long loop within 100 ms', async () => {
    const { error, lagMs } = await killAfter('FOR i IN 1..100000000 FILTER i < 0 RETURN i', 100);
    assertError(error, 410, 1500, 'query killed');
    assert.ok(lagMs < 100, `took ${lagMs} ms`);
  });

  it('rejects with the abort reason when it is an ArangoError', async () => {
    const reason = new ArangoError(410, 21, 'canceled request');
    const { error } = await killAfter('RETURN SLEEP(10)', 20, reason);
    assert.equal(error, reason);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(runQuery(freshDatabase(), { query: 'RETURN 1' }, controller.signal), { errorNum: 1500, message: 'query killed' });
  });

  it('rolls back the writes of a killed query', async () => {
    const db = freshDatabase({ things: [] });
    const controller = new AbortController();
    const running = runQuery(db, { query: 'FOR i IN 1..3 INSERT {i} INTO things LET s = SLEEP(i == 3 ? 10 : 0) RETURN i' }, controller.signal);
    await sleep(100);
    controller.abort();
    await assert.rejects(running, { errorNum: 1500 });
    assert.equal(db.collection('things')!.count(), 0);
  });

  it('kills a query that runs past maxRuntime as arangod 3.12 does (410/1500)', async () => {
    const started = performance.now();
    const error = await arangoErrorOf(() => run(freshDatabase(), 'LET x = SLEEP(10) RETURN 1', undefined, { maxRuntime: 0.2 }));
    assertError(error, 410, 1500, 'AQL: query killed [node #2: CalculationNode] (while executing)');
    assert.ok(performance.now() - started < 2000);
    const loop = await arangoErrorOf(() => run(freshDatabase(), 'FOR i IN 1..100000000 FILTER i < 0 RETURN i', undefined, { maxRuntime: 0.1 }));
    assert.equal(loop.errorNum, 1500);
  });

  it('keeps serving the event loop while a long query runs', async () => {
    const running = run(freshDatabase(), 'FOR i IN 1..3000000 FILTER i % 2 == 0 COLLECT WITH COUNT INTO n RETURN n');
    const scheduled = performance.now();
    await sleep(20);
    const lateness = performance.now() - scheduled - 20;
    assert.ok(lateness < 100, `a 20 ms timer fired ${lateness} ms late`);
    assert.deepEqual((await running).result, [1500000]);
  });

  it('stops at memoryLimit as arangod 3.12 does (golden later/RestCursorMemoryLimit)', async () => {
    const error = await arangoErrorOf(() => run(freshDatabase(), 'FOR i IN 1..100000 SORT i RETURN i', undefined, { memoryLimit: 100000 }));
    assert.deepEqual([error.httpCode, error.errorNum], [500, 32]);
    // The recorded message, once the plan-node tags are dropped.
    assert.equal(error.message.replace(/ \[node #\d+: \w+\]/gu, ''), 'AQL: query would use more memory than allowed (while executing)');
  });

  it('runs ordinary queries under a modest memoryLimit and reports peak memory in 32 KiB steps', async () => {
    const small = await run(freshDatabase(), 'FOR i IN 1..100 SORT -i RETURN i', undefined, { memoryLimit: 1000000 });
    assert.equal(small.result.length, 100);
    assert.equal(small.peakMemoryUsage, 0);
    const large = await run(freshDatabase(), 'FOR i IN 1..100000 SORT -i LIMIT 1 RETURN i');
    assert.ok(large.peakMemoryUsage > 0 && large.peakMemoryUsage % 32768 === 0);
  });

  it('returns a million computed rows well within the hang guard', async function () {
    this.timeout(20000);
    const started = performance.now();
    const outcome = await run(freshDatabase(), "FOR i IN 1..1000000 RETURN {i, s: CONCAT('x', i)}");
    const elapsed = performance.now() - started;
    assert.equal(outcome.result.length, 1000000);
    assert.deepEqual(outcome.result[999999], { i: 1000000, s: 'x1000000' });
    assert.ok(elapsed < 10000, `took ${elapsed} ms`);
  });

  it('keeps at most 10 warnings, as arangod by default', async () => {
    const outcome = await run(freshDatabase(), 'FOR i IN 1..20 RETURN i / 0');
    assert.equal(outcome.warnings.length, 10);
  });

  it('reports phase timings when profiling', async () => {
    const outcome = await run(freshDatabase(), 'LET s = SLEEP(0.05) RETURN 1', undefined, { profile: 2 });
    assert.deepEqual(Object.keys(outcome.profile ?? {}), [
      'initializing',
      'parsing',
      'optimizing ast',
      'loading collections',
      'instantiating plan',
      'optimizing plan',
      'instantiating executors',
      'executing',
      'finalizing',
    ]);
    assert.ok(outcome.profile!['executing']! >= 0.04);
    assert.equal((await run(freshDatabase(), 'RETURN 1')).profile, undefined);
  });

  it('hands out results that share nothing with the store', async () => {
    const db = freshDatabase({ items: [{ _key: 'a', nested: { n: 1 } }] });
    const outcome = await run(db, 'FOR d IN items RETURN [d, d.nested]');
    const [[document, nested]] = outcome.result as [[Record<string, unknown>, Record<string, unknown>]];
    nested['n'] = 2;
    document['added'] = true;
    assert.deepEqual(db.collection('items')!.document('a')!['nested'], { n: 1 });
    assert.equal('added' in db.collection('items')!.document('a')!, false);
  });
});
