import * as assert from 'node:assert/strict';
import type { RunningQuery } from '../../../src/client/aql';
import type { PollerTimers } from '../../../src/jobs/poller';
import { ServerActivityPoller } from '../../../src/jobs/serverActivityPoller';
import type { ServerQueryList } from '../../../src/jobs/serverActivityPoller';

/** Timers that run only when the test moves the clock. */
class FakeClock implements PollerTimers {
  now = 0;
  private readonly timers = new Map<number, { dueAt: number; callback: () => void }>();
  private nextHandle = 1;

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.timers.set(handle, { dueAt: this.now + delayMs, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Runs every timer due up to `now + ms`, in order, letting each read it starts finish. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const next = [...this.timers.entries()].sort(([, a], [, b]) => a.dueAt - b.dueAt)[0];
      if (!next || next[1].dueAt > until) break;
      this.timers.delete(next[0]);
      this.now = next[1].dueAt;
      next[1].callback();
      await settle();
    }
    this.now = until;
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const QUERY: RunningQuery = {
  id: '17',
  database: 'shop',
  user: 'root',
  query: 'RETURN SLEEP(10)',
  bindVars: {},
  started: '2026-12-04T17:00:00Z',
  runTime: 1.5,
  state: 'executing',
  stream: false,
  coordinator: 'http://127.0.0.1:8529',
};

function setup(options: { intervalMs?: () => number; read?: (list: ServerQueryList) => Promise<readonly RunningQuery[]> } = {}) {
  const clock = new FakeClock();
  const sent: ServerQueryList[] = [];
  const poller = new ServerActivityPoller({
    read: (list) => {
      sent.push(list);
      return options.read ? options.read(list) : Promise.resolve([QUERY]);
    },
    intervalMs: options.intervalMs ?? (() => 1000),
    timers: clock,
    now: () => clock.now,
  });
  const count = (list: ServerQueryList) => sent.filter((sentList) => sentList === list).length;
  return { clock, poller, sent, count };
}

describe('ServerActivityPoller: reading the server\'s query lists only while they can be seen', () => {
  it('reads an expanded list of a visible view once per interval: 60 requests a minute at 1 s, none for the collapsed list', async () => {
    const { clock, poller, count } = setup();
    poller.setConnected(true);
    poller.setVisible(true);
    poller.setExpanded('running', true);
    await settle();
    await clock.advance(59_999);
    assert.equal(count('running'), 60);
    assert.equal(count('slow'), 0);
    assert.equal(poller.requestsSent('running'), 60);
    assert.deepEqual(poller.reading('running'), { kind: 'read', queries: [QUERY], readAt: 59_000 });

    poller.setExpanded('slow', true);
    await settle();
    await clock.advance(59_999);
    assert.deepEqual([count('running'), count('slow')], [120, 60]);
    poller.dispose();
  });

  it('sends nothing while the view is hidden, the lists are collapsed or there is no connection', async () => {
    const { clock, poller, sent } = setup();
    poller.setConnected(true);
    poller.setExpanded('running', true);
    poller.setExpanded('slow', true);
    await clock.advance(60_000);
    assert.equal(sent.length, 0, 'hidden view');

    poller.setExpanded('running', false);
    poller.setExpanded('slow', false);
    poller.setVisible(true);
    await clock.advance(60_000);
    assert.equal(sent.length, 0, 'collapsed lists');

    poller.setConnected(false);
    poller.setExpanded('running', true);
    await clock.advance(60_000);
    assert.equal(sent.length, 0, 'not connected');
    assert.equal(clock.pendingTimers, 0, 'no timer is held while nothing is read');
    poller.dispose();
  });

  it('stops when the view is hidden or the group collapsed, and reads at once when it is shown again', async () => {
    const { clock, poller, count } = setup();
    poller.setConnected(true);
    poller.setVisible(true);
    poller.setExpanded('running', true);
    await settle();
    await clock.advance(2_500);
    assert.equal(count('running'), 3);
    poller.setVisible(false);
    await clock.advance(30_000);
    assert.equal(count('running'), 3);
    assert.equal(clock.pendingTimers, 0);
    poller.setVisible(true);
    await settle();
    assert.equal(count('running'), 4, 'a view shown again is read at once');
    poller.setExpanded('running', false);
    await clock.advance(30_000);
    assert.equal(count('running'), 4);
    poller.dispose();
  });

  it('takes a changed polling interval at the next read', async () => {
    let interval = 1000;
    const { clock, poller, count } = setup({ intervalMs: () => interval });
    poller.setConnected(true);
    poller.setVisible(true);
    poller.setExpanded('slow', true);
    await settle();
    interval = 5000;
    await clock.advance(60_000);
    // 0 s, then 1 s (scheduled before the change), then every 5 s: 6, 11, ... 56.
    assert.equal(count('slow'), 13);
    poller.dispose();
  });

  it('reads again right after a read under way when asked to (after a kill), and restarts the interval otherwise', async () => {
    let answer: ((queries: readonly RunningQuery[]) => void) | undefined;
    const { clock, poller, count } = setup({ read: () => new Promise((resolve) => (answer = resolve)) });
    poller.setConnected(true);
    poller.setVisible(true);
    poller.setExpanded('running', true);
    assert.equal(count('running'), 1);
    poller.readNow('running');
    assert.equal(count('running'), 1, 'never two reads of a list at once');
    answer?.([QUERY]);
    await settle();
    assert.equal(count('running'), 2, 'the read asked for during the first one follows at once');
    answer?.([]);
    await settle();
    await clock.advance(400);
    poller.readNow('running');
    assert.equal(count('running'), 3);
    answer?.([]);
    await settle();
    await clock.advance(999);
    assert.equal(count('running'), 3, 'the interval counts from the last read');
    await clock.advance(1);
    assert.equal(count('running'), 4);
    poller.dispose();
  });

  it('keeps the entries read before a failure, waits longer after each failure and returns to the interval', async () => {
    let failing = false;
    const { clock, poller, count } = setup({ read: () => (failing ? Promise.reject(new Error('503')) : Promise.resolve([QUERY])) });
    poller.setConnected(true);
    poller.setVisible(true);
    poller.setExpanded('running', true);
    await settle();
    failing = true;
    await clock.advance(1000);
    const failed = poller.reading('running');
    assert.equal(failed.kind, 'failed');
    assert.deepEqual(failed.kind === 'failed' ? failed.queries : undefined, [QUERY]);
    await clock.advance(1999);
    assert.equal(count('running'), 2, 'the second attempt waits 2 s');
    await clock.advance(1);
    assert.equal(count('running'), 3);
    failing = false;
    await clock.advance(4000);
    assert.equal(count('running'), 4, 'the third attempt waited 4 s');
    await clock.advance(1000);
    assert.equal(count('running'), 5, 'back to the interval once a read succeeded');
    poller.dispose();
  });

  it('forgets what it read when the connection changes, and drops an answer that arrives after the view was hidden', async () => {
    let answer: ((queries: readonly RunningQuery[]) => void) | undefined;
    const { poller } = setup({ read: () => new Promise((resolve) => (answer = resolve)) });
    const changes: ServerQueryList[] = [];
    poller.onDidChange((list) => changes.push(list));
    poller.setConnected(true);
    poller.setVisible(true);
    poller.setExpanded('running', true);
    answer?.([QUERY]);
    await settle();
    assert.equal(poller.reading('running').kind, 'read');
    poller.setConnected(true);
    assert.equal(poller.reading('running').kind, 'unread');
    poller.setVisible(false);
    answer?.([QUERY]);
    await settle();
    assert.equal(poller.reading('running').kind, 'unread', 'an answer to an aborted read is not shown');
    assert.ok(changes.includes('running'));
    poller.dispose();
  });
});
