/**
 * Benchmark 1, submit and collect: 2,000 async AQL jobs (`RETURN <i>`), 16 in flight, each
 * fetched with `PUT /_api/job/{id}` until its result is there. Jobs per second for our client,
 * arangojs (`db.createJob`, `job.load()`) and the plain-undici floor.
 */
import { Database as ArangojsDatabase } from 'arangojs';
import { ArangoClient, AsyncJobResultError } from '../src/client';
import type { AsyncJob, Cursor } from '../src/client';
import { FloorClient, yieldToEventLoop } from './floor';
import type { MetricResult } from './results';
import { alternate, inFlight } from './rounds';
import type { RoundPlan } from './rounds';
import { basicAuthorization } from './sandboxProcess';
import type { SandboxProcess } from './sandboxProcess';
import { elapsedMs, ratio, summarize } from './stats';

export interface SubmitCollectOptions {
  readonly jobs: number;
  readonly concurrency: number;
  readonly plan: RoundPlan;
}

type Contender = 'ours' | 'arangojs' | 'floor';

/** Runs one batch of `jobs` jobs; resolves to how many "not done yet" answers were seen. */
type JobRunner = (jobs: number) => Promise<number>;

function oursRunner(sandbox: SandboxProcess, concurrency: number): { run: JobRunner; close: () => Promise<void> } {
  // The same number of connections for every contender: the measure is the client, not the pool size.
  const client = new ArangoClient({ hosts: sandbox.url, connectionsPerCoordinator: concurrency });
  const asyncDb = client.db('_system', { username: sandbox.username, password: sandbox.password }).beginAsyncExecution();
  const run: JobRunner = async (jobs) => {
    let notReady = 0;
    await inFlight(jobs, concurrency, async (index) => {
      const job: AsyncJob<Cursor> = await asyncDb.aql.execute(`RETURN ${index}`);
      for (;;) {
        try {
          const cursor = await job.result();
          await cursor.all();
          return;
        } catch (error) {
          if (!(error instanceof AsyncJobResultError && error.httpCode === 204)) {
            throw error;
          }
          notReady += 1;
          await yieldToEventLoop();
        }
      }
    });
    return notReady;
  };
  return { run, close: () => client.close() };
}

function arangojsRunner(sandbox: SandboxProcess, concurrency: number): { run: JobRunner; close: () => Promise<void> } {
  const db = new ArangojsDatabase({
    url: sandbox.url,
    databaseName: '_system',
    auth: { username: sandbox.username, password: sandbox.password },
    poolSize: concurrency,
  });
  const run: JobRunner = async (jobs) => {
    let notReady = 0;
    await inFlight(jobs, concurrency, async (index) => {
      const job = await db.createJob(() => db.query(`RETURN ${index}`));
      // arangojs's documented pattern: load() until the job says it is loaded.
      for (;;) {
        const cursor = await job.load();
        if (job.isLoaded && cursor !== undefined) {
          await cursor.all();
          return;
        }
        notReady += 1;
        await yieldToEventLoop();
      }
    });
    return notReady;
  };
  return {
    run,
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
}

function floorRunner(sandbox: SandboxProcess, concurrency: number): { run: JobRunner; close: () => Promise<void> } {
  const floor = new FloorClient({ url: sandbox.url, authorization: basicAuthorization(sandbox), connections: concurrency });
  const run: JobRunner = async (jobs) => {
    let notReady = 0;
    await inFlight(jobs, concurrency, async (index) => {
      const id = await floor.submitQuery(`RETURN ${index}`);
      notReady += (await floor.takeResult(id)).notReady;
    });
    return notReady;
  };
  return { run, close: () => floor.close() };
}

/** Runs benchmark 1 against `sandbox` and reports jobs per second per contender. */
export async function benchSubmitCollect(sandbox: SandboxProcess, options: SubmitCollectOptions): Promise<MetricResult[]> {
  const runners: Record<Contender, { run: JobRunner; close: () => Promise<void> }> = {
    ours: oursRunner(sandbox, options.concurrency),
    arangojs: arangojsRunner(sandbox, options.concurrency),
    floor: floorRunner(sandbox, options.concurrency),
  };
  const notReady: Record<Contender, number[]> = { ours: [], arangojs: [], floor: [] };
  try {
    const samples = await alternate<Contender>(['ours', 'arangojs', 'floor'], options.plan, async (name, round) => {
      const started = performance.now();
      const waits = await runners[name].run(options.jobs);
      const jobsPerSecond = options.jobs / (elapsedMs(started) / 1000);
      if (round >= options.plan.warmupRounds) {
        notReady[name].push(waits);
      }
      return jobsPerSecond;
    }, (name, round, value) => console.log(`  round ${round + 1} ${name.padEnd(8)} ${value.toFixed(0)} jobs/s`));
    const ours = summarize(samples.ours);
    const arangojs = summarize(samples.arangojs);
    const floor = summarize(samples.floor);
    const oursOverArangojs = ratio(ours.median, arangojs.median);
    const oursOverFloor = ratio(ours.median, floor.median);
    const waits = (name: Contender): string => `${name} ${summarize(notReady[name]).median}`;
    return [
      {
        benchmark: '1 submit and collect',
        metric: `${options.jobs} jobs, ${options.concurrency} in flight`,
        unit: 'jobs/s',
        higherIsBetter: true,
        contenders: { ours, arangojs, floor },
        ...(oursOverArangojs === undefined ? {} : { oursOverArangojs }),
        ...(oursOverFloor === undefined ? {} : { oursOverFloor }),
        targets: [
          { target: 'ours ≥ 1.0× arangojs', met: (oursOverArangojs ?? 0) >= 1.0, measured: `${(oursOverArangojs ?? 0).toFixed(3)}×` },
          { target: 'ours ≥ 0.8× floor', met: (oursOverFloor ?? 0) >= 0.8, measured: `${(oursOverFloor ?? 0).toFixed(3)}×` },
        ],
        note: `every contender uses ${options.concurrency} keep-alive connections and fetches with PUT /_api/job/{id} until it is not 204; median "not done yet" answers per run: ${waits('ours')}, ${waits('arangojs')}, ${waits('floor')}`,
      },
    ];
  } finally {
    await Promise.all(Object.values(runners).map((runner) => runner.close()));
  }
}
