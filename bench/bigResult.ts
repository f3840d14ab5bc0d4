/**
 * Benchmark 3, big result: one job returning 1,000,000 small documents in batches of 10,000,
 * drained into a file by our path (JobActions.fetchResult → ResultStore, what the extension
 * does), by arangojs (`cursor.all()`, then written out), and by the floor (batches read and
 * written, not parsed). Each drain runs in a forked process of its own, so its peak RSS is its
 * own; the sandbox runs in yet another process.
 */
import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { BigResultContender, BigResultMeasurement, BigResultTask } from './bigResultWorker';
import type { MetricResult } from './results';
import { alternate } from './rounds';
import type { RoundPlan } from './rounds';
import type { SandboxProcess } from './sandboxProcess';
import { ratio, summarize } from './stats';

export interface BigResultOptions {
  readonly rows: number;
  /** A tenth of the rows, run once per contender per round, to show that peak memory does not grow with rows. */
  readonly smallRows: number;
  readonly batchSize: number;
  readonly plan: RoundPlan;
  /** Rounds of drains with a full GC every few milliseconds, at both row counts (ours and the floor). */
  readonly collectedRounds: number;
  /** Rows of the unmeasured drain each process does first (see `BigResultTask.warmupRows`). */
  readonly warmupRows: number;
}

const CONTENDERS: readonly BigResultContender[] = ['ours', 'arangojs', 'floor'];
/** The extension's `arangodb.results.rowLimit` default. */
const ROW_LIMIT = 10_000;
/**
 * V8 grows its old space lazily, so with default flags RSS rises with the work done even when
 * nothing is kept. Under this heap cap a drain that truly streams still succeeds (and shows its
 * real footprint); one that holds every row runs out of memory.
 */
const COLLECT_EVERY_MS = 10;
const HEAP_CAP_MIB = 64;
const MIB = 2 ** 20;

/** Runs one drain in a fresh process and resolves to what it measured. */
function measureInChild(task: BigResultTask, nodeFlags: readonly string[] = []): Promise<BigResultMeasurement> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'bigResultWorker.js'), [JSON.stringify(task)], {
      execArgv: ['--expose-gc', ...nodeFlags],
      // A contender that runs out of memory under the heap cap says so on stderr; that is expected.
      stdio: nodeFlags.length > 0 ? ['ignore', 'ignore', 'ignore', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let measurement: BigResultMeasurement | undefined;
    child.on('message', (message) => {
      measurement = message as BigResultMeasurement;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && measurement !== undefined) {
        resolve(measurement);
      } else {
        reject(new Error(`the ${task.contender} big-result worker exited with code ${String(code)}`));
      }
    });
  });
}

export async function benchBigResult(sandbox: SandboxProcess, options: BigResultOptions): Promise<MetricResult[]> {
  const measurements: BigResultMeasurement[] = [];
  const smallMeasurements: BigResultMeasurement[] = [];
  const taskFor = (contender: BigResultContender, rows: number): BigResultTask => ({
    contender,
    url: sandbox.url,
    username: sandbox.username,
    password: sandbox.password,
    rows,
    batchSize: options.batchSize,
    rowLimit: ROW_LIMIT,
    warmupRows: options.warmupRows,
  });
  const verify = (measurement: BigResultMeasurement, rows: number): void => {
    if (measurement.rows !== rows) {
      throw new Error(`${measurement.contender} drained ${measurement.rows} rows instead of ${rows}`);
    }
  };
  const timeSamples = await alternate(CONTENDERS, options.plan, async (contender, round) => {
    const measurement = await measureInChild(taskFor(contender, options.rows));
    verify(measurement, options.rows);
    if (round >= options.plan.warmupRounds) {
      measurements.push(measurement);
      const small = await measureInChild(taskFor(contender, options.smallRows));
      verify(small, options.smallRows);
      smallMeasurements.push(small);
    }
    return measurement.drainMs;
  }, (name, round, value) => console.log(`  round ${round + 1} ${name.padEnd(8)} ${value.toFixed(0)} ms`));

  const capped: Partial<Record<BigResultContender, BigResultMeasurement>> = {};
  const cappedFailures: BigResultContender[] = [];
  for (const contender of CONTENDERS) {
    try {
      const measurement = await measureInChild(taskFor(contender, options.rows), [`--max-old-space-size=${HEAP_CAP_MIB}`]);
      verify(measurement, options.rows);
      capped[contender] = measurement;
    } catch {
      cappedFailures.push(contender);
    }
  }
  // With V8 collecting every few milliseconds, what is still alive after a collection is what a
  // drain holds, without garbage not collected yet: small and steady enough to show whether it
  // grows with the rows, which the peaks above are not.
  const held: Record<'ours' | 'floor', { rows: number[]; smallRows: number[] }> = { ours: { rows: [], smallRows: [] }, floor: { rows: [], smallRows: [] } };
  await alternate(['ours', 'floor'] as const, { warmupRounds: 0, rounds: options.collectedRounds }, async (contender) => {
    for (const [size, rows] of [['rows', options.rows], ['smallRows', options.smallRows]] as const) {
      const measurement = await measureInChild({ ...taskFor(contender, rows), collectEveryMs: COLLECT_EVERY_MS });
      verify(measurement, rows);
      if (measurement.heldAboveBaselineBytes === undefined) throw new Error(`the ${contender} worker measured no held memory`);
      held[contender][size].push(measurement.heldAboveBaselineBytes / MIB);
    }
    return 0;
  });
  const collected = { ours: summarize(held.ours.rows), floor: summarize(held.floor.rows) };
  const collectedSmall = { ours: summarize(held.ours.smallRows), floor: summarize(held.floor.smallRows) };
  const cappedSummaries = Object.fromEntries(
    Object.entries(capped).map(([contender, measurement]) => [contender, summarize([measurement.peakAboveBaselineBytes / MIB])]),
  ) as Partial<Record<BigResultContender, ReturnType<typeof summarize>>>;

  const peaks = (list: readonly BigResultMeasurement[], contender: BigResultContender) =>
    summarize(list.filter((entry) => entry.contender === contender).map((entry) => entry.peakAboveBaselineBytes / MIB));
  const peakSummaries = { ours: peaks(measurements, 'ours'), arangojs: peaks(measurements, 'arangojs'), floor: peaks(measurements, 'floor') };
  const smallPeaks = { ours: peaks(smallMeasurements, 'ours'), arangojs: peaks(smallMeasurements, 'arangojs'), floor: peaks(smallMeasurements, 'floor') };
  const times = { ours: summarize(timeSamples.ours), arangojs: summarize(timeSamples.arangojs), floor: summarize(timeSamples.floor) };
  const batchBytes = Math.max(...measurements.map((entry) => entry.largestBatchBytes ?? 0));
  const batchMiB = batchBytes / MIB;
  const timeOverArangojs = ratio(times.ours.median, times.arangojs.median);
  const timeOverFloor = ratio(times.ours.median, times.floor.median);
  const peakOverArangojs = ratio(peakSummaries.ours.median, peakSummaries.arangojs.median);
  const peakOverFloor = ratio(peakSummaries.ours.median, peakSummaries.floor.median);
  const collectedOverFloor = ratio(collected.ours.median, collected.floor.median);
  const rawGrowth = peakSummaries.ours.median - smallPeaks.ours.median;
  const heldGrowth = collected.ours.median - collectedSmall.ours.median;
  const signed = (mib: number, digits = 1): string => `${mib >= 0 ? '+' : ''}${mib.toFixed(digits)} MiB`;
  const rowsLabel = options.rows.toLocaleString('en-US');
  const smallLabel = options.smallRows.toLocaleString('en-US');
  return [
    {
      benchmark: '3 big result',
      metric: `drain ${rowsLabel} rows (batch ${options.batchSize.toLocaleString('en-US')}) to a file`,
      unit: 'ms',
      higherIsBetter: false,
      contenders: times,
      ...(timeOverArangojs === undefined ? {} : { oursOverArangojs: timeOverArangojs }),
      ...(timeOverFloor === undefined ? {} : { oursOverFloor: timeOverFloor }),
      targets: [{ target: 'ours ≤ 1.3× floor', met: (timeOverFloor ?? Infinity) <= 1.3, measured: `${(timeOverFloor ?? 0).toFixed(2)}×` }],
      note: 'from the request for the result (PUT /_api/job/{id}) to the file closed; the query itself has ended before',
    },
    {
      benchmark: '3 big result',
      metric: `peak RSS above idle baseline, ${rowsLabel} rows`,
      unit: 'MiB',
      higherIsBetter: false,
      contenders: peakSummaries,
      ...(peakOverArangojs === undefined ? {} : { oursOverArangojs: peakOverArangojs }),
      ...(peakOverFloor === undefined ? {} : { oursOverFloor: peakOverFloor }),
      targets: [
        {
          target: `ours < 2× one batch (${(2 * batchMiB).toFixed(2)} MiB)`,
          met: peakSummaries.ours.median < 2 * batchMiB,
          measured: `${peakSummaries.ours.median.toFixed(1)} MiB`,
        },
      ],
      note: `one batch = ${(batchBytes / 1024).toFixed(0)} KiB on the wire; maxRSS of a forked process per drain minus its RSS after a full GC just before`,
    },
    {
      benchmark: '3 big result',
      metric: `peak RSS above idle baseline, ${smallLabel} rows`,
      unit: 'MiB',
      higherIsBetter: false,
      contenders: smallPeaks,
      targets: [],
      note: `${smallLabel} → ${rowsLabel} rows: ours ${signed(rawGrowth)}; these peaks are mostly garbage not collected yet and spread by several MiB from run to run, so whether a drain grows with the rows is judged below, on what it holds`,
    },
    {
      benchmark: '3 big result',
      metric: `peak RSS above idle baseline, ${rowsLabel} rows, heap capped at ${HEAP_CAP_MIB} MiB`,
      unit: 'MiB',
      higherIsBetter: false,
      contenders: cappedSummaries,
      targets: [
        {
          target: `ours drains ${rowsLabel} rows within a ${HEAP_CAP_MIB} MiB heap`,
          met: capped.ours !== undefined,
          measured: capped.ours === undefined ? 'ran out of memory' : `${(capped.ours.peakAboveBaselineBytes / MIB).toFixed(1)} MiB`,
        },
      ],
      note: `one run each with node --max-old-space-size=${HEAP_CAP_MIB}${cappedFailures.length > 0 ? `; ran out of memory: ${cappedFailures.join(', ')}` : ''}`,
    },
    {
      benchmark: '3 big result',
      metric: `held: most memory alive after a GC (one every ${COLLECT_EVERY_MS} ms), above idle baseline, ${smallLabel} rows`,
      unit: 'MiB',
      higherIsBetter: false,
      contenders: collectedSmall,
      targets: [],
    },
    {
      benchmark: '3 big result',
      metric: `held: most memory alive after a GC (one every ${COLLECT_EVERY_MS} ms), above idle baseline, ${rowsLabel} rows`,
      unit: 'MiB',
      higherIsBetter: false,
      contenders: collected,
      ...(collectedOverFloor === undefined ? {} : { oursOverFloor: collectedOverFloor }),
      targets: [
        {
          target: `ours does not grow with rows (${smallLabel} → ${rowsLabel} adds < one batch)`,
          met: heldGrowth < batchMiB,
          measured: signed(heldGrowth, 2),
        },
      ],
      note: `${options.collectedRounds} runs each at both row counts; alive = V8 heap in use + memory outside it (buffers); the peaks above are mostly garbage V8 has not collected yet (socket and body buffers), not rows kept`,
    },
  ];
}
