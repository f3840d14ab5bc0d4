import * as assert from 'node:assert/strict';
import { JobNodes } from '../../../src/views/jobNodes';
import { Ticker } from '../../../src/views/ticker';
import type { TickTimers } from '../../../src/views/ticker';

describe('Job explorer nodes: one object per node, so a redraw finds it', () => {
  it('hands out the same object for a group or a job every time it is asked', () => {
    const nodes = new JobNodes();
    assert.equal(nodes.group('pending'), nodes.group('pending'));
    assert.equal(nodes.job('c#1'), nodes.job('c#1'));
    assert.notEqual(nodes.job('c#1'), nodes.job('c#2'));
  });

  it('redraws only nodes the tree was given, and forgets cleared jobs', () => {
    const nodes = new JobNodes();
    const first = nodes.job('c#1');
    const second = nodes.job('c#2');
    assert.deepEqual(nodes.handedOut(['c#1', 'c#2', 'c#3']).map((node) => node === first || node === second), [true, true]);
    nodes.retain(['c#2']);
    assert.equal(nodes.handedOut(['c#1', 'c#2'])[0], second);
    assert.equal(nodes.handedOut(['c#1', 'c#2']).length, 1);
    assert.notEqual(nodes.job('c#1'), first, 'a cleared job that comes back gets a new node');
  });
});

/** Interval timers that run only when the test says so. */
class FakeIntervals implements TickTimers {
  readonly live = new Map<number, () => void>();
  private next = 1;

  setInterval(callback: () => void): unknown {
    const handle = this.next++;
    this.live.set(handle, callback);
    return handle;
  }

  clearInterval(handle: unknown): void {
    this.live.delete(handle as number);
  }

  tick(): void {
    for (const callback of [...this.live.values()]) callback();
  }
}

describe('Ticker: a timer only while it is wanted', () => {
  it('ticks while wanted, holds no timer otherwise, and none after it is disposed', () => {
    const timers = new FakeIntervals();
    let ticks = 0;
    const ticker = new Ticker(1000, () => ticks++, timers);
    ticker.set(false);
    assert.equal(timers.live.size, 0);
    ticker.set(true);
    ticker.set(true);
    assert.equal(timers.live.size, 1, 'asking twice sets one timer');
    timers.tick();
    timers.tick();
    assert.equal(ticks, 2);
    ticker.set(false);
    assert.equal(timers.live.size, 0);
    ticker.set(true);
    ticker.dispose();
    assert.equal(timers.live.size, 0);
    ticker.set(true);
    assert.equal(timers.live.size, 0, 'a disposed ticker never starts again');
    assert.equal(ticker.isTicking, false);
  });
});
