/**
 * Benchmark 6, fast jobs shown at once: from the start of a submission until the job's result is
 * stored (what the tree then shows as done), and the list requests the poller sent for the job.
 * The extension's own parts (job store, actions, poller, automatic fetch, result store) run twice
 * side by side: with today's schedule (a first refresh 20 ms after the submission, doubling up
 * to the interval) and with the fixed schedule it replaced (`firstRefreshMs` = the interval).
 * Jobs run one after another, so every list request the poller sends is for the job in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArangoClient } from '../src/client';
import { AutoFetcher } from '../src/jobs/autoFetcher';
import { ClientSession } from '../src/jobs/clientSession';
import { JobActions } from '../src/jobs/jobActions';
import { Poller } from '../src/jobs/poller';
import type { JobLists, PollerOptions } from '../src/jobs/poller';
import { ResultStore } from '../src/results/resultStore';
import { memoryJobStore } from './jobFixtures';
import type { MetricResult } from './results';
import { alternate } from './rounds';
import type { RoundPlan } from './rounds';
import type { SandboxProcess } from './sandboxProcess';
import { elapsedMs, percentile, ratio, summarize } from './stats';

export interface SubmitLatencyOptions {
  /** Jobs per round for each workload. */
  readonly fastJobsPerRound: number;
  readonly slowJobsPerRound: number;
  readonly plan: RoundPlan;
}

type Contender = 'ours' | 'before';

/** The setting's default (`arangodb.polling.intervalMs`). */
const INTERVAL_MS = 1000;
/** A query the server ends in a few milliseconds. */
const FAST_QUERY = 'RETURN 1';
/** A query that runs a while, to show what the quick refreshes cost when a job is not fast. */
const SLOW_QUERY = 'RETURN SLEEP(0.3)';
const TARGET_P50_MS = 100;

const SCHEDULES: Record<Contender, Partial<PollerOptions>> = {
  ours: {},
  before: { firstRefreshMs: INTERVAL_MS },
};

interface JobSample {
  readonly ms: number;
  readonly listRequests: number;
}

export async function benchSubmitLatency(sandbox: SandboxProcess, options: SubmitLatencyOptions): Promise<MetricResult[]> {
  const client = new ArangoClient({ hosts: sandbox.url });
  const session = new ClientSession(client, { username: sandbox.username, password: sandbox.password }, '_system');
  const resultsDir = mkdtempSync(path.join(tmpdir(), 'bench-submit-latency-'));
  try {
    const rigs = { ours: new LatencyRig(session, resultsDir, SCHEDULES.ours), before: new LatencyRig(session, resultsDir, SCHEDULES.before) };
    const fast: Record<Contender, JobSample[]> = { ours: [], before: [] };
    const slow: Record<Contender, JobSample[]> = { ours: [], before: [] };
    try {
      await alternate<Contender>(['ours', 'before'], options.plan, async (name, round) => {
        const counted = round >= options.plan.warmupRounds;
        for (const [query, jobs, into] of [[FAST_QUERY, options.fastJobsPerRound, fast], [SLOW_QUERY, options.slowJobsPerRound, slow]] as const) {
          for (let index = 0; index < jobs; index++) {
            const sample = await rigs[name].run(query);
            if (counted) into[name].push(sample);
          }
        }
        return 0;
      });
    } finally {
      rigs.ours.dispose();
      rigs.before.dispose();
    }
    const jobCounts = `${fast.ours.length} jobs each`;
    return [
      ...latencyRows(`${FAST_QUERY} (${jobCounts})`, fast, true),
      ...latencyRows(`${SLOW_QUERY} (${slow.ours.length} jobs each)`, slow, false),
    ];
  } finally {
    await client.close();
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

const TITLE = '6 fast jobs shown at once';
const NOTE = `before = the same poller with its first refresh one interval (${INTERVAL_MS} ms) after the submission, as it was; ours = 20 ms, then ×2 up to the interval`;

function latencyRows(workload: string, samples: Record<Contender, JobSample[]>, judged: boolean): MetricResult[] {
  const ms = { ours: samples.ours.map((sample) => sample.ms), before: samples.before.map((sample) => sample.ms) };
  const requests = { ours: samples.ours.map((sample) => sample.listRequests), before: samples.before.map((sample) => sample.listRequests) };
  const p50 = { ours: summarize(ms.ours), before: summarize(ms.before) };
  const p95 = { ours: percentile(ms.ours, 95), before: percentile(ms.before, 95) };
  const perJob = { ours: summarize(requests.ours), before: summarize(requests.before) };
  const withRatio = (value: number | undefined) => (value === undefined ? {} : { oursOverArangojs: value });
  return [
    {
      benchmark: TITLE,
      metric: `submission → result stored, p50, ${workload}`,
      unit: 'ms',
      higherIsBetter: false,
      contenders: p50,
      ...withRatio(ratio(p50.ours.median, p50.before.median)),
      targets: judged ? [{ target: `p50 ≤ ${TARGET_P50_MS} ms`, met: p50.ours.median <= TARGET_P50_MS, measured: `${p50.ours.median.toFixed(1)} ms` }] : [],
      note: NOTE,
    },
    {
      benchmark: TITLE,
      metric: `submission → result stored, p95, ${workload}`,
      unit: 'ms',
      higherIsBetter: false,
      contenders: { ours: summarize([p95.ours]), before: summarize([p95.before]) },
      ...withRatio(ratio(p95.ours, p95.before)),
      targets: [],
    },
    {
      benchmark: TITLE,
      metric: `list requests per job, ${workload}`,
      unit: 'requests',
      higherIsBetter: false,
      contenders: perJob,
      ...withRatio(ratio(perJob.ours.median, perJob.before.median)),
      targets: [],
      note: 'GET /_api/job/pending and /done sent while the job was in flight (2 per refresh)',
    },
  ];
}

/** The extension's job parts over one session, with one poller schedule, counting list requests. */
class LatencyRig {
  private readonly store = memoryJobStore();
  private readonly poller: Poller;
  private readonly autoFetcher: AutoFetcher;
  private readonly actions: JobActions;
  private listRequests = 0;

  constructor(session: ClientSession, resultsDir: string, schedule: Partial<PollerOptions>) {
    const counting: JobLists = {
      database: session.database,
      coordinators: () => session.coordinators(),
      list: (...args) => {
        this.listRequests++;
        return session.list(...args);
      },
    };
    this.actions = new JobActions(this.store, new ResultStore(resultsDir, { rowLimit: 1000 }), () => session);
    this.poller = new Poller(this.store, counting, { intervalMs: INTERVAL_MS, maxBackoffMs: 30_000, discover: false, ...schedule });
    this.autoFetcher = new AutoFetcher(this.store, this.actions, () => true, (job, error) => {
      this.fetchFailed?.(new Error(`fetching job ${job.id} failed: ${String(error)}`));
    });
  }

  private fetchFailed: ((error: Error) => void) | undefined;

  /** Submits `query` as Run AQL Async does and resolves once its result is stored. */
  async run(query: string): Promise<JobSample> {
    const requestsBefore = this.listRequests;
    const started = performance.now();
    let stored!: () => void;
    const storedPromise = new Promise<void>((resolve, reject) => {
      stored = resolve;
      this.fetchFailed = reject;
    });
    let key: string | undefined;
    const watch = this.store.onDidChange((changes) => {
      if (changes.some((change) => change.job.key === key && change.job.result !== undefined)) stored();
    });
    try {
      const job = await this.actions.submit({ query });
      key = job.key;
      this.poller.wake();
      await storedPromise;
      const ms = elapsedMs(started);
      const finished = this.store.get(job.key);
      if (finished?.state !== 'done') {
        throw new Error(`job ${job.id} ended ${finished?.state ?? 'untracked'}, not done`);
      }
      if (this.poller.isScheduled) {
        throw new Error('the poller still has a refresh scheduled with nothing pending');
      }
      await this.actions.clear([job.key], { deleteStoredResults: true });
      return { ms, listRequests: this.listRequests - requestsBefore };
    } finally {
      watch.dispose();
      this.fetchFailed = undefined;
    }
  }

  dispose(): void {
    this.autoFetcher.dispose();
    this.poller.dispose();
    this.store.dispose();
  }
}
