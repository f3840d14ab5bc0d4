import assert from 'node:assert/strict';
import type { CheckTimers } from '../../../src/language/queryCheckScheduler';
import { QueryCheckScheduler } from '../../../src/language/queryCheckScheduler';

/** A clock the test moves by hand. */
class ManualTimers implements CheckTimers {
  now = 0;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();
  #next = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.#pending].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= this.now && this.#pending.delete(id)) timer.callback();
    }
  }
}

/** A check the test finishes by hand, recording what was asked and whether it was aborted. */
interface Asked {
  readonly key: string;
  readonly version: number;
  readonly signal: AbortSignal;
  finish(result: string): void;
  fail(error: unknown): void;
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

function rig(delayMs = 500) {
  const timers = new ManualTimers();
  const asked: Asked[] = [];
  const delivered: string[] = [];
  const failures: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const scheduler = new QueryCheckScheduler<string>({
    delayMs,
    timers,
    check: (key, version, signal) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      return new Promise<string>((resolve, reject) => {
        const end = () => {
          inFlight -= 1;
        };
        asked.push({
          key,
          version,
          signal,
          finish: (result) => {
            end();
            resolve(result);
          },
          fail: (error) => {
            end();
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        });
      });
    },
    deliver: (key, version, result) => delivered.push(`${key}@${version}: ${result}`),
    failed: (key, version, error) => failures.push(`${key}@${version}: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { timers, asked, delivered, failures, scheduler, mostInFlight: () => mostInFlight };
}

describe('QueryCheckScheduler', () => {
  it('asks once, the quiet time after the last of a burst of edits, for the last version', async () => {
    const { timers, asked, delivered, scheduler } = rig();
    scheduler.changed('a.aql', 1);
    timers.advance(300);
    scheduler.changed('a.aql', 2);
    timers.advance(300);
    scheduler.changed('a.aql', 3);
    timers.advance(499);
    assert.equal(asked.length, 0, 'nothing before 500 ms of quiet');
    timers.advance(1);
    assert.deepEqual(asked.map((a) => a.version), [3]);
    asked[0]!.finish('ok');
    await settled();
    assert.deepEqual(delivered, ['a.aql@3: ok']);
  });

  it('aborts the check in flight when the document changes, and drops its answer', async () => {
    const { timers, asked, delivered, scheduler } = rig();
    scheduler.changed('a.aql', 1);
    timers.advance(500);
    scheduler.changed('a.aql', 2);
    assert.equal(asked[0]!.signal.aborted, true, 'an edit aborts the request in flight');
    asked[0]!.finish('stale');
    await settled();
    assert.deepEqual(delivered, [], 'the answer for version 1 never reaches the editor');
    timers.advance(500);
    assert.deepEqual(asked.map((a) => a.version), [1, 2]);
    asked[1]!.finish('fresh');
    await settled();
    assert.deepEqual(delivered, ['a.aql@2: fresh']);
  });

  it('never has two checks of one document in flight: the next waits until the aborted one has ended', async () => {
    const { timers, asked, delivered, scheduler, mostInFlight } = rig();
    scheduler.changed('a.aql', 1);
    timers.advance(500);
    scheduler.changed('a.aql', 2);
    timers.advance(500);
    assert.equal(asked.length, 1, 'version 2 waits: version 1 has not ended yet');
    assert.equal(scheduler.isWaiting('a.aql'), true);
    asked[0]!.fail(new Error('aborted'));
    await settled();
    assert.deepEqual(asked.map((a) => a.version), [1, 2], 'starts once the first has ended');
    assert.equal(mostInFlight(), 1);
    asked[1]!.finish('ok');
    await settled();
    assert.deepEqual(delivered, ['a.aql@2: ok']);
  });

  it('checks documents independently', async () => {
    const { timers, asked, delivered, scheduler, mostInFlight } = rig();
    scheduler.changed('a.aql', 1);
    scheduler.changed('b.aql', 7);
    timers.advance(500);
    assert.deepEqual(asked.map((a) => `${a.key}@${a.version}`), ['a.aql@1', 'b.aql@7']);
    assert.equal(mostInFlight(), 2, 'one per document, not one overall');
    asked[1]!.finish('b');
    await settled();
    assert.deepEqual(delivered, ['b.aql@7: b'], 'b does not wait for a');
    asked[0]!.finish('a');
    await settled();
    assert.deepEqual(delivered, ['b.aql@7: b', 'a.aql@1: a']);
  });

  it('forgets a closed document: no timer left, the check in flight aborted, nothing delivered', async () => {
    const { timers, asked, delivered, scheduler } = rig();
    scheduler.changed('a.aql', 1);
    timers.advance(500);
    scheduler.changed('a.aql', 2);
    scheduler.forget('a.aql');
    assert.equal(timers.pendingCount, 0);
    assert.equal(asked[0]!.signal.aborted, true);
    asked[0]!.finish('late');
    await settled();
    timers.advance(10_000);
    assert.equal(asked.length, 1);
    assert.deepEqual(delivered, []);
    assert.equal(scheduler.isChecking('a.aql'), false);
  });

  it('reports a failure of the latest version, not of an aborted one', async () => {
    const { timers, asked, failures, scheduler } = rig();
    scheduler.changed('a.aql', 1);
    timers.advance(500);
    asked[0]!.fail(new Error('ECONNREFUSED'));
    await settled();
    assert.deepEqual(failures, ['a.aql@1: ECONNREFUSED']);
    scheduler.changed('a.aql', 2);
    timers.advance(500);
    scheduler.changed('a.aql', 3);
    asked[1]!.fail(new Error('aborted'));
    await settled();
    assert.deepEqual(failures, ['a.aql@1: ECONNREFUSED']);
  });

  it('treats a check that throws at once like one that fails', async () => {
    const timers = new ManualTimers();
    const failures: string[] = [];
    const scheduler = new QueryCheckScheduler<string>({
      delayMs: 10,
      timers,
      check: () => {
        throw new Error('no session');
      },
      deliver: () => assert.fail('nothing to deliver'),
      failed: (_key, _version, error) => failures.push(error instanceof Error ? error.message : String(error)),
    });
    scheduler.changed('a.aql', 1);
    timers.advance(10);
    await settled();
    assert.deepEqual(failures, ['no session']);
    assert.equal(scheduler.isChecking('a.aql'), false);
  });
});
