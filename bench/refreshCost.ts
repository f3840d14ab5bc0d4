/**
 * Benchmark 2, refresh cost: the extension's poller tracking 1,000 jobs (half pending), against
 * the per-job status polling people write with arangojs or python-arango (`GET /_api/job/{id}`
 * for every job they wait for), and the floor (the poller's two list requests in plain undici).
 * Also the requests per minute while nothing is pending, which must be 0.
 */
import { Database as ArangojsDatabase } from 'arangojs';
import { ArangoClient } from '../src/client';
import { ClientSession } from '../src/jobs/clientSession';
import { Poller } from '../src/jobs/poller';
import { FloorClient } from './floor';
import { memoryJobStore, settledCopies, submitTrackedJobs } from './jobFixtures';
import type { MetricResult } from './results';
import { alternate, inFlight } from './rounds';
import type { RoundPlan } from './rounds';
import { basicAuthorization } from './sandboxProcess';
import type { SandboxProcess } from './sandboxProcess';
import { elapsedMs, ratio, summarize } from './stats';

export interface RefreshCostOptions {
  /** Jobs tracked; half of them pending. */
  readonly jobs: number;
  readonly plan: RoundPlan;
  /** How long to watch an idle poller. */
  readonly idleWindowMs: number;
}

type Contender = 'ours' | 'per-job polling' | 'floor';

/** Concurrency of the per-job polling loop (arangojs's `poolSize`): generous to the baseline. */
const PER_JOB_CONCURRENCY = 16;
/** Long enough that no timer refresh falls inside a measured one; refreshes are called directly. */
const NO_TIMER_INTERVAL_MS = 3_600_000;
/** How often an idle poller would refresh if it polled at all (the setting's minimum is 200). */
const IDLE_INTERVAL_MS = 200;

export async function benchRefreshCost(sandbox: SandboxProcess, options: RefreshCostOptions): Promise<MetricResult[]> {
  const client = new ArangoClient({ hosts: sandbox.url });
  const credentials = { username: sandbox.username, password: sandbox.password };
  const session = new ClientSession(client, credentials, '_system');
  const arangojs = new ArangojsDatabase({ url: sandbox.url, databaseName: '_system', auth: credentials, poolSize: PER_JOB_CONCURRENCY });
  const floor = new FloorClient({ url: sandbox.url, authorization: basicAuthorization(sandbox), connections: 2 });
  try {
    const pendingCount = Math.floor(options.jobs / 2);
    const tracked = await submitTrackedJobs(session.databaseHandle('_system'), { done: options.jobs - pendingCount, pending: pendingCount });
    const pendingIds = tracked.filter((job) => job.state === 'pending').map((job) => job.id);
    const store = memoryJobStore(tracked);
    const poller = new Poller(store, session, { intervalMs: NO_TIMER_INTERVAL_MS, maxBackoffMs: NO_TIMER_INTERVAL_MS, discover: false });

    const requests: Record<Contender, number[]> = { ours: [], 'per-job polling': [], floor: [] };
    const refresh: Record<Contender, () => Promise<void>> = {
      ours: async () => {
        const report = await poller.refresh();
        if (report.unreachable.length > 0 || report.lost.length > 0) {
          throw new Error(`a refresh went wrong: ${report.unreachable.length} unreachable, ${report.lost.length} lost`);
        }
      },
      'per-job polling': async () => {
        await inFlight(pendingIds.length, PER_JOB_CONCURRENCY, async (index) => {
          await arangojs.job(pendingIds[index]!).getCompleted();
        });
      },
      floor: async () => {
        await floor.listJobs('pending', 10_000);
        await floor.listJobs('done', 10_000);
      },
    };
    let samples: Record<Contender, number[]>;
    try {
      samples = await alternate<Contender>(['ours', 'per-job polling', 'floor'], options.plan, async (name, round) => {
        await sandbox.resetRequestCount();
        const started = performance.now();
        await refresh[name]();
        const ms = elapsedMs(started);
        if (round >= options.plan.warmupRounds) {
          requests[name].push(await sandbox.requestCount());
        }
        return ms;
      });
    } finally {
      poller.dispose();
      store.dispose();
    }
    const idlePerMinute = await idleRequestsPerMinute(sandbox, session, settledCopies(tracked), options.idleWindowMs);

    const requestSummaries = {
      ours: summarize(requests.ours),
      'per-job polling': summarize(requests['per-job polling']),
      floor: summarize(requests.floor),
    };
    const msSummaries = { ours: summarize(samples.ours), 'per-job polling': summarize(samples['per-job polling']), floor: summarize(samples.floor) };
    const oursRequests = requestSummaries.ours.max;
    const msOverPerJob = ratio(msSummaries.ours.median, msSummaries['per-job polling'].median);
    const msOverFloor = ratio(msSummaries.ours.median, msSummaries.floor.median);
    const requestsOverPerJob = ratio(requestSummaries.ours.median, requestSummaries['per-job polling'].median);
    const requestsOverFloor = ratio(requestSummaries.ours.median, requestSummaries.floor.median);
    const title = '2 refresh cost';
    const tracking = `${options.jobs} tracked, ${pendingCount} pending`;
    return [
      {
        benchmark: title,
        metric: `HTTP requests per refresh, ${tracking}`,
        unit: 'requests',
        higherIsBetter: false,
        contenders: requestSummaries,
        ...(requestsOverPerJob === undefined ? {} : { oursOverArangojs: requestsOverPerJob }),
        ...(requestsOverFloor === undefined ? {} : { oursOverFloor: requestsOverFloor }),
        targets: [{ target: '≤ 2 requests per refresh', met: oursRequests <= 2, measured: `at most ${oursRequests}` }],
        note: 'counted by the sandbox (GET /_sandbox/stats); per-job polling = arangojs job.getCompleted() for each pending job',
      },
      {
        benchmark: title,
        metric: `time per refresh, ${tracking}`,
        unit: 'ms',
        higherIsBetter: false,
        contenders: msSummaries,
        ...(msOverPerJob === undefined ? {} : { oursOverArangojs: msOverPerJob }),
        ...(msOverFloor === undefined ? {} : { oursOverFloor: msOverFloor }),
        targets: [],
        note: `per-job polling runs ${PER_JOB_CONCURRENCY} requests in flight; ours includes reconciling the store`,
      },
      {
        benchmark: title,
        metric: `requests per minute while idle (${options.jobs} tracked, none pending, watched ${options.idleWindowMs / 1000} s)`,
        unit: 'requests/min',
        higherIsBetter: false,
        contenders: { ours: summarize([idlePerMinute]) },
        targets: [{ target: '0 requests while idle', met: idlePerMinute === 0, measured: `${idlePerMinute}` }],
      },
    ];
  } finally {
    await client.close();
    arangojs.close();
    await floor.close();
  }
}

/**
 * Wakes a poller over a store in which nothing is pending (as after the last result came in) and
 * counts what reaches the server during `windowMs`.
 */
async function idleRequestsPerMinute(
  sandbox: SandboxProcess,
  session: ClientSession,
  settled: Parameters<typeof memoryJobStore>[0],
  windowMs: number,
): Promise<number> {
  const store = memoryJobStore(settled);
  const poller = new Poller(store, session, { intervalMs: IDLE_INTERVAL_MS, maxBackoffMs: IDLE_INTERVAL_MS });
  try {
    await sandbox.resetRequestCount();
    poller.wake();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const requests = await sandbox.requestCount();
    return (requests * 60_000) / windowMs;
  } finally {
    poller.dispose();
    store.dispose();
  }
}
