import * as assert from 'node:assert/strict';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { isConnectionError } from '../../../src/client';
import { LOST_REASON, RESULT_LOST_IN_TRANSIT } from '../../../src/jobs/trackedJob';
import { jobKey } from '../../../src/jobs/trackedJob';
import type { TrackedJob } from '../../../src/jobs/trackedJob';
import { requireSandbox } from '../../support/testServer';
import type { TestServer } from '../../support/testServer';
import { seedForResets } from './faultSeeds';
import { readStoredRows, resultFetchesByJob, untilResultWaiting, useRigTestbed, waitFor } from './rig';
import type { Rig, RigOptions } from './rig';

/** The outage warnings the extension's own wiring raised for `target` (one per outage, per coordinator). */
function warningsOf(target: Rig): string[] {
  return target.notices.filter((notice) => notice.startsWith('down: '));
}

describe('Reliability 2-5: safe retries, restarts, a server gone, several coordinators', function () {
  this.timeout(60_000);
  const testbed = useRigTestbed('reliability_outages', { workers: 2, coordinators: 3 });
  const rig = (options: Partial<RigOptions> = {}): Rig => testbed.rig(options);
  let server: TestServer;
  let database: string;

  before(() => {
    ({ server, database } = testbed);
  });

  async function finishedJob(target: Rig, query: string): Promise<string> {
    return untilResultWaiting(target, (await target.actions.submit({ query })).key);
  }

  it('2: never repeats a result fetch whose answer was cut off after the server handled it; asks the status and says the result was lost in transit', async function () {
    const sandbox = requireSandbox(this, server, 'fault injection');
    const target = rig({ hosts: [server.urls[0] ?? ''], autoFetch: false });
    const key = await finishedJob(target, 'RETURN "handed out once"');
    const job = target.store.get(key)!;
    sandbox.resetStats();
    target.requests.length = 0;
    sandbox.setFaults({ resetRate: 0.5, seed: seedForResets(0.5, ['afterHandling']) });
    const outcome = await target.actions.fetchResult(key);
    sandbox.setFaults({});
    assert.equal(outcome.kind, 'lost');
    assert.match(outcome.job.lostReason ?? '', /handed out this job's one-time result, but the connection broke/);
    assert.equal(sandbox.stats().byRoute['PUT /_api/job/{id}'], 1, 'the result fetch was repeated');
    assert.deepEqual(
      target.requests.map((event) => `${event.method} ${event.status ?? event.error?.split(':')[0] ?? ''}`),
      ['PUT ECONNRESET', 'GET 404'],
    );
    assert.equal(resultFetchesByJob(target.requests).get(job.id)?.length, 1);
  });

  it('2: when even the status check after a cut-off fetch fails, the job is later marked lost in transit, not "fetched elsewhere"', async function () {
    const sandbox = requireSandbox(this, server, 'fault injection');
    const target = rig({ hosts: [server.urls[0] ?? ''], autoFetch: false });
    const key = await finishedJob(target, 'RETURN "cut off twice"');
    target.requests.length = 0;
    // The fetch is reset after the server handed the result out; the status check and its two retries are reset before handling.
    sandbox.setFaults({ resetRate: 0.5, seed: seedForResets(0.5, ['afterHandling', 'beforeHandling', 'beforeHandling', 'beforeHandling']) });
    await assert.rejects(target.actions.fetchResult(key), (error: unknown) => isConnectionError(error) && error.mayHaveReachedServer);
    sandbox.setFaults({});
    assert.equal(target.store.get(key)?.resultWaiting, true, 'undecided: the job still waits');
    await target.poller.refresh();
    assert.equal(target.store.get(key)?.state, 'lost');
    assert.equal(target.store.get(key)?.lostReason, RESULT_LOST_IN_TRANSIT);
    assert.deepEqual(
      target.requests.map((event) => `${event.method} ${event.status ?? event.error?.split(':')[0] ?? ''}`),
      ['PUT ECONNRESET', 'GET ECONNRESET', 'GET ECONNRESET', 'GET ECONNRESET', 'GET 200', 'GET 200'],
    );
  });

  it('2: fetches again when the fetch was cut off before the server handled it, because the status says the result is still there', async function () {
    const sandbox = requireSandbox(this, server, 'fault injection');
    const target = rig({ hosts: [server.urls[0] ?? ''], autoFetch: false });
    const key = await finishedJob(target, 'RETURN "still there"');
    target.requests.length = 0;
    sandbox.setFaults({ resetRate: 0.5, seed: seedForResets(0.5, ['beforeHandling']) });
    const outcome = await target.actions.fetchResult(key);
    sandbox.setFaults({});
    assert.equal(outcome.kind, 'stored');
    assert.deepEqual(
      target.requests.map((event) => `${event.method} ${event.status ?? event.error?.split(':')[0] ?? ''}`),
      ['PUT ECONNRESET', 'GET 200', 'PUT 201'],
    );
    const stored = await target.results.get(key);
    assert.ok(stored && stored.kind !== 'error');
    assert.deepEqual(await readStoredRows(stored), ['still there']);
  });

  it('2: retries the job lists after a reset (reads change nothing), so a refresh survives it', async function () {
    const sandbox = requireSandbox(this, server, 'fault injection');
    const target = rig({ hosts: [server.urls[0] ?? ''], autoFetch: false });
    target.requests.length = 0;
    sandbox.setFaults({ resetRate: 0.5, seed: seedForResets(0.5, ['afterHandling']) });
    const report = await target.poller.refresh();
    sandbox.setFaults({});
    assert.deepEqual(report.unreachable, []);
    assert.deepEqual(target.requests.map((event) => event.attempt), [1, 2, 1]);
  });

  it('3: a restart mid-run turns pending jobs Lost with a message saying the server no longer knows them; polling goes on and new jobs work', async function () {
    const sandbox = requireSandbox(this, server, 'restart');
    const target = rig({ intervalMs: 50, maxBackoffMs: 400 });
    const slow: TrackedJob[] = [];
    for (let i = 0; i < 6; i++) {
      slow.push(await target.actions.submit({ query: `RETURN SLEEP(5) || ${i}` }));
    }
    target.poller.wake();
    const restartedAt = Date.now();
    await sandbox.restart({ downtimeMs: 600 });
    await waitFor('the pending jobs to become lost', () => slow.every((job) => target.store.get(job.key)?.state === 'lost'), 10_000);
    for (const job of slow) {
      assert.equal(target.store.get(job.key)?.lostReason, LOST_REASON);
      assert.match(LOST_REASON, /server no longer knows this job/);
    }
    const failedRefreshes = target.reports.filter((report) => report.unreachable.length > 0).length;
    const fresh = await target.actions.submit({ query: 'RETURN "after the restart"' });
    target.poller.wake();
    await waitFor('the new job to be stored', () => target.store.get(fresh.key)?.state === 'done', 10_000);
    console.log(
      `      restart: ${slow.length} pending jobs Lost with "${LOST_REASON.slice(0, 40)}…", ${failedRefreshes} refreshes failed during 600 ms downtime, ` +
        `a new job stored ${Date.now() - restartedAt} ms after the restart began`,
    );
  });

  it('4: connection refused: one warning, back-off, and recovery on its own when the coordinator returns', async function () {
    const sandbox = requireSandbox(this, server, 'stopping a coordinator');
    const single = [server.urls[0] ?? ''];
    const target = rig({ hosts: single, intervalMs: 50, maxBackoffMs: 800 });
    const job = await target.actions.submit({ query: 'RETURN SLEEP(10)' });
    target.poller.wake();
    await waitFor('a first refresh', () => target.reports.length > 0, 5000);
    await sandbox.stopCoordinator(0);
    const stoppedAt = Date.now();
    const reportsBefore = target.reports.length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const during = target.reports.slice(reportsBefore);
    await sandbox.startCoordinator(0);
    await waitFor('recovery without anyone asking', () => target.store.get(job.key)?.state === 'lost', 10_000);
    const recoveredAfter = Date.now() - stoppedAt;

    assert.ok(during.length >= 2 && during.every((report) => report.unreachable.length === 1));
    assert.ok(during.every((report) => isConnectionError(report.unreachable[0]?.error) && (report.unreachable[0]?.error as { code: string }).code === 'ECONNREFUSED'));
    // Without back-off a 50 ms interval would give ~50 refreshes in 2.5 s.
    assert.ok(during.length <= 8, `${during.length} refreshes while the server was down: no back-off`);
    const warnings = warningsOf(target);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0] ?? '', /\(ECONNREFUSED\)$/);
    console.log(`      server gone (refused): ${during.length} refreshes in 2.5 s of downtime (back-off up to 800 ms), ${warnings.length} warning, recovered ${recoveredAfter} ms after the stop without a user action`);
  });

  it('4: DNS failure: one warning naming the lookup failure, and back-off between refreshes', async () => {
    const target = rig({ hosts: ['http://arangodb.invalid:8529'], intervalMs: 50, maxBackoffMs: 400, requestTimeoutMs: 5000 });
    const coordinator = target.client.coordinators[0] ?? '';
    target.store.add({ key: jobKey(coordinator, '1'), id: '1', coordinator, database, origin: 'submitted', query: 'RETURN 1', state: 'pending', submittedAt: Date.now(), resultWaiting: false });
    const reportedAt: number[] = [];
    target.poller.onDidRefresh(() => reportedAt.push(Date.now()));
    target.poller.wake();
    await waitFor('four refreshes', () => reportedAt.length >= 4, 20_000);
    const codes = target.reports.map((report) => (isConnectionError(report.unreachable[0]?.error) ? report.unreachable[0]?.error.code : 'other'));
    assert.ok(codes.every((code) => code === 'ENOTFOUND' || code === 'ETIMEDOUT'), codes.join(', '));
    // After the k-th failure in a row the next refresh waits intervalMs * 2^k (at most maxBackoffMs).
    const gaps = reportedAt.slice(1).map((at, index) => at - (reportedAt[index] ?? at));
    gaps.forEach((gap, index) => assert.ok(gap >= Math.min(50 * 2 ** (index + 1), 400) - 5, `gap ${index + 1} was ${gap} ms: no back-off`));
    const warnings = warningsOf(target);
    assert.equal(warnings.length, 1);
    assert.equal(target.store.get(jobKey(coordinator, '1'))?.state, 'pending', 'a job must not be judged while its server cannot be asked');
    console.log(`      server gone (DNS): ${codes[0] ?? ''} on every refresh, gaps ${gaps.join(', ')} ms, ${warnings.length} warning`);
  });

  it('4: DNS failure: recovery on its own, with one warning and one all-clear, once the name resolves again', async function () {
    requireSandbox(this, server, 'a server name that stops and starts resolving');
    let resolves = false;
    // The name lookup below undici: failing as getaddrinfo fails for an unknown name, then resolving.
    const lookup: LookupFunction = (hostname, options, callback) => {
      if (resolves) {
        dnsLookup('127.0.0.1', options, callback);
        return;
      }
      const failure = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname });
      process.nextTick(() => callback(failure, options.all === true ? [] : ''));
    };
    const dispatcher = new Agent({ connect: { lookup } });
    const port = new URL(server.urls[0] ?? '').port;
    const target = rig({ hosts: [`http://arangodb-returns.invalid:${port}`], dispatcher, intervalMs: 50, maxBackoffMs: 400 });
    try {
      const coordinator = target.client.coordinators[0] ?? '';
      const query = 'RETURN "asked for again once the name resolves"';
      const submitted = await server.request({ method: 'POST', database, path: '/_api/cursor', headers: { 'x-arango-async': 'store' }, body: { query } });
      const id = String(submitted.headers['x-arango-async-id']);
      const key = jobKey(coordinator, id);
      target.store.add({ key, id, coordinator, database, origin: 'submitted', query, state: 'pending', submittedAt: Date.now(), resultWaiting: false });
      target.poller.wake();
      await waitFor('three refreshes that cannot resolve the name', () => target.reports.filter((report) => report.unreachable.length > 0).length >= 3, 10_000);
      const codes = target.reports.map((report) => (isConnectionError(report.unreachable[0]?.error) ? report.unreachable[0]?.error.code : 'other'));
      assert.ok(codes.every((code) => code === 'ENOTFOUND'), codes.join(', '));
      assert.equal(target.store.get(key)?.state, 'pending', 'a job must not be judged while its server cannot be asked');
      resolves = true;
      const resolvedAt = Date.now();
      await waitFor('the job to be stored', () => target.fetched.some((outcome) => outcome.job.key === key && outcome.kind === 'stored'), 10_000);
      const recoveredMs = Date.now() - resolvedAt;
      assert.equal(warningsOf(target).length, 1, 'one warning');
      assert.deepEqual(target.notices.filter((notice) => notice.startsWith('up: ')), [`up: ${coordinator}`], 'one all-clear');
      console.log(`      server gone (DNS): ${codes.length} refreshes failed with ENOTFOUND, 1 warning, the job stored ${recoveredMs} ms after the name resolved again, without a user action`);
    } finally {
      await dispatcher.close();
    }
  });

  it('5: spreads jobs over three coordinators, sends every job request to its own, and a crashed coordinator marks only its own jobs', async function () {
    const sandbox = requireSandbox(this, server, 'stopping a coordinator');
    const target = rig({ intervalMs: 50, maxBackoffMs: 400 });
    const jobs: TrackedJob[] = [];
    for (let i = 0; i < 9; i++) {
      jobs.push(await target.actions.submit({ query: `RETURN SLEEP(${i % 3 === 1 ? 3 : 0.2}) || ${i}` }));
    }
    const byCoordinator = new Map<string, number>();
    for (const job of jobs) byCoordinator.set(job.coordinator, (byCoordinator.get(job.coordinator) ?? 0) + 1);
    assert.deepEqual([...byCoordinator.values()], [3, 3, 3]);
    const second = server.sandbox?.urls[1] ?? '';
    await sandbox.stopCoordinator(1);
    target.poller.wake();
    await waitFor('the other coordinators\' jobs to be stored', () => jobs.filter((job) => job.coordinator !== second).every((job) => target.store.get(job.key)?.state === 'done'), 15_000);
    assert.ok(jobs.filter((job) => job.coordinator === second).every((job) => target.store.get(job.key)?.state === 'pending'), 'jobs of an unreachable coordinator must wait');
    await sandbox.startCoordinator(1);
    await waitFor('the crashed coordinator\'s jobs to be lost', () => jobs.filter((job) => job.coordinator === second).every((job) => target.store.get(job.key)?.state === 'lost'), 10_000);
    assert.ok(jobs.filter((job) => job.coordinator !== second).every((job) => target.store.get(job.key)?.state === 'done'));

    const ids = new Map(jobs.map((job) => [job.id, job.coordinator]));
    const misrouted = target.requests.filter((event) => {
      const id = /\/_api\/job\/(\d+)/.exec(event.path)?.[1];
      return id !== undefined && ids.has(id) && ids.get(id) !== event.coordinator;
    });
    assert.deepEqual(misrouted, []);
    const unreachableNamed = new Set(target.reports.flatMap((report) => report.unreachable.map(({ coordinator }) => coordinator)));
    assert.deepEqual([...unreachableNamed], [second]);
    console.log(`      coordinators: 9 jobs spread 3/3/3, ${target.requests.filter((event) => /_api\/job\/\d/.test(event.path)).length} job requests all to their own coordinator, a crash of one lost its 3 jobs only`);
  });
});
