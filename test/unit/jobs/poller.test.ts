import * as assert from 'node:assert/strict';
import { memoryJobStore } from '../../../bench/jobFixtures';
import type { JobStore } from '../../../src/jobs/jobStore';
import { Poller } from '../../../src/jobs/poller';
import type { JobLists, PollerOptions, PollerTimers } from '../../../src/jobs/poller';
import { LOST_REASON, jobKey } from '../../../src/jobs/trackedJob';
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

/** A clock whose timers run only when the test says so; `delays` records every delay asked for. */
class FakeClock implements PollerTimers {
  now = 0;
  readonly delays: number[] = [];
  private readonly timers = new Map<number, { dueAt: number; callback: () => void }>();
  private nextHandle = 1;

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.delays.push(delayMs);
    this.timers.set(handle, { dueAt: this.now + delayMs, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** When the one timer set is due (the poller never has two). */
  get dueAt(): number | undefined {
    assert.ok(this.timers.size <= 1, `${this.timers.size} timers set`);
    return [...this.timers.values()][0]?.dueAt;
  }

  /** Moves the clock to the next timer, runs it, and lets the refresh it starts finish. */
  async fireNext(): Promise<void> {
    const [handle, timer] = [...this.timers.entries()].sort(([, a], [, b]) => a.dueAt - b.dueAt)[0] ?? [];
    assert.ok(handle !== undefined && timer, 'no timer is set');
    this.timers.delete(handle);
    this.now = timer.dueAt;
    timer.callback();
    await settle();
  }
}

/** Lets every promise that can settle without I/O settle (the fake lists answer in microtasks). */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const COORDINATOR = 'http://127.0.0.1:8529';

/** The server's two lists as the test scripts them, and the time of every list request. */
class ScriptedLists implements JobLists {
  readonly database = '_system';
  readonly pending = new Set<string>();
  readonly done = new Set<string>();
  readonly asked: number[] = [];
  /** When set, the next list request waits for this promise (a refresh held in flight). */
  gate: Promise<void> | undefined;

  constructor(private readonly clock: FakeClock) {}

  coordinators(): readonly string[] {
    return [COORDINATOR];
  }

  async list(_coordinator: string, status: 'pending' | 'done'): Promise<string[]> {
    this.asked.push(this.clock.now);
    if (this.gate) {
      await this.gate;
    }
    return [...(status === 'pending' ? this.pending : this.done)];
  }
}

describe('Poller: when it refreshes after a submission', () => {
  const INTERVAL_MS = 1000;
  let clock: FakeClock;
  let lists: ScriptedLists;
  let store: JobStore;
  let poller: Poller;

  function start(options: Partial<PollerOptions> = {}): void {
    poller = new Poller(store, lists, { intervalMs: INTERVAL_MS, maxBackoffMs: 30_000, discover: false, now: () => clock.now, timers: clock, ...options });
  }

  /** What Run AQL Async does: the job is tracked (pending on the server), then the poller is woken. */
  function submit(id: string): string {
    lists.pending.add(id);
    store.add({ key: jobKey(COORDINATOR, id), id, coordinator: COORDINATOR, database: '_system', origin: 'submitted', query: 'RETURN 1', state: 'pending', submittedAt: clock.now, resultWaiting: false });
    poller.wake();
    return jobKey(COORDINATOR, id);
  }

  function finish(id: string): void {
    lists.pending.delete(id);
    lists.done.add(id);
  }

  beforeEach(() => {
    clock = new FakeClock();
    lists = new ScriptedLists(clock);
    store = memoryJobStore();
  });

  afterEach(() => {
    poller.dispose();
    store.dispose();
  });

  it('refreshes 20 ms after a submission, then twice as long each time up to the interval', async () => {
    start();
    submit('1');
    for (let refresh = 0; refresh < 8; refresh++) {
      await clock.fireNext();
    }
    assert.deepEqual(clock.delays, [20, 40, 80, 160, 320, 640, 1000, 1000, 1000]);
    assert.deepEqual(lists.asked, [20, 20, 60, 60, 140, 140, 300, 300, 620, 620, 1260, 1260, 2260, 2260, 3260, 3260]);
  });

  it('sees a job of a few milliseconds done at the first refresh, 20 ms after it was submitted, and then stops', async () => {
    start();
    const key = submit('1');
    finish('1');
    await clock.fireNext();
    assert.equal(store.get(key)?.resultWaiting, true);
    assert.equal(store.get(key)?.finishedAt, 20);
    assert.deepEqual(lists.asked, [20, 20], 'one refresh: two list requests');
    assert.equal(poller.isScheduled, false, 'nothing is pending: no timer');
  });

  it('keeps the old fixed schedule when the first refresh waits the whole interval', async () => {
    start({ firstRefreshMs: INTERVAL_MS });
    const key = submit('1');
    finish('1');
    await clock.fireNext();
    assert.deepEqual(clock.delays, [INTERVAL_MS]);
    assert.equal(store.get(key)?.finishedAt, INTERVAL_MS);
  });

  it('restarts the back-off at each new submission', async () => {
    start();
    submit('1');
    for (let refresh = 0; refresh < 4; refresh++) {
      await clock.fireNext();
    }
    assert.equal(clock.now, 300);
    assert.equal(clock.dueAt, 300 + 320);
    submit('2');
    assert.equal(clock.dueAt, 300 + 20, 'the refresh due in 320 ms is brought forward');
    await clock.fireNext();
    await clock.fireNext();
    assert.deepEqual(clock.delays.slice(-3), [20, 40, 80]);
  });

  it('keeps a refresh that is due sooner than the first one after a submission would be', async () => {
    start();
    submit('1');
    clock.now = 15;
    submit('2');
    assert.equal(clock.dueAt, 20, 'the timer set by the first submission stays');
    assert.deepEqual(clock.delays, [20]);
    await clock.fireNext();
    assert.deepEqual(lists.asked, [20, 20]);
  });

  it('reuses a refresh in flight, and follows it 20 ms after it ends (it may have asked before the job existed)', async () => {
    start();
    submit('1');
    let open!: () => void;
    lists.gate = new Promise((resolve) => {
      open = resolve;
    });
    await clock.fireNext();
    assert.deepEqual(lists.asked, [20], 'the refresh is waiting for its first list');
    clock.now = 25;
    submit('2');
    assert.equal(poller.isScheduled, false, 'no second refresh beside the one in flight');
    lists.gate = undefined;
    clock.now = 30;
    open();
    await settle();
    assert.deepEqual(lists.asked, [20, 30]);
    assert.equal(clock.dueAt, 30 + 20);
  });

  it('sets no timer while nothing is pending, and none outlives the poller', async () => {
    start();
    poller.wake();
    assert.equal(poller.isScheduled, false);
    submit('1');
    assert.equal(poller.isScheduled, true);
    poller.dispose();
    assert.equal(clock.dueAt, undefined);
    await settle();
    assert.deepEqual(lists.asked, []);
  });

  it('backs off from the interval, not from the short delay, while the server cannot be reached', async () => {
    start();
    submit('1');
    lists.list = () => Promise.reject(new Error('connection refused'));
    await clock.fireNext();
    await clock.fireNext();
    assert.deepEqual(clock.delays, [20, 2000, 4000]);
  });
});

describe('Poller: several coordinators', () => {
  it('applies what one coordinator\'s lists say before asking the next, so a job settled meanwhile is never set back', async () => {
    const first = 'http://127.0.0.1:8529';
    const second = 'http://127.0.0.1:8530';
    let releaseSecond: () => void = () => undefined;
    const secondAnswered = new Promise<void>((resolve) => {
      releaseSecond = resolve;
    });
    const store = memoryJobStore();
    const lists = {
      database: '_system',
      coordinators: () => [first, second],
      list: async (coordinator: string, status: 'pending' | 'done') => {
        if (coordinator === second) {
          await secondAnswered;
          return [];
        }
        return status === 'done' ? ['1'] : [];
      },
    };
    const key = jobKey(first, '1');
    store.add({ key, id: '1', coordinator: first, database: '_system', origin: 'submitted', query: 'RETURN 1', state: 'pending', submittedAt: 0, resultWaiting: false });
    const poller = new Poller(store, lists, { intervalMs: 1000, maxBackoffMs: 30_000, discover: false, now: () => 1 });
    try {
      const refreshed = poller.refresh();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(store.get(key)?.resultWaiting, true, 'the first coordinator\'s news is in the store while the second is asked');
      // The result is fetched and stored while the second coordinator has not answered yet.
      store.update(key, { state: 'done', resultWaiting: false, result: { rows: 1, bytes: 1, kind: 'json' } });
      releaseSecond();
      const report = await refreshed;
      assert.deepEqual(report.finished, [key]);
      assert.equal(store.get(key)?.resultWaiting, false, 'the stored job is not set back to waiting for its result');
    } finally {
      poller.dispose();
      store.dispose();
    }
  });
});
