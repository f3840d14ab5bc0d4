/**
 * Benchmark 9, issue 12's numbers side by side in one run, on generated stored results of
 * 100,000 and 1,000,000 rows: open + first page, jump to any row, what stays held after a GC at
 * each size (flat in the row count), exports to CSV and JSON against the floor (the rows file
 * copied with no conversion) and against the usual way with a CSV library (`JSON.parse` per row +
 * papaparse's `unparse`, which loses digits beyond 2^53), and the drain with and without the
 * offset index builder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Papa from 'papaparse';
import { linesOf, wholeLineBlocks } from '../src/results/lineBlocks';
import { exportResult } from '../src/results/resultExport';
import { ResultStore } from '../src/results/resultStore';
import { StoredRows } from '../src/results/storedRows';
import type { StoredResult } from '../src/results/storedResult';
import type { ContenderName, MetricResult } from './results';
import { answersFor, copyFloor, cursorOver, jsonByParsing, metricOf, timed, writeAll } from './resultViewer';
import { alternate } from './rounds';
import type { RoundPlan } from './rounds';
import { summarize } from './stats';

export interface ResultExportOptions {
  readonly smallRows: number;
  readonly rows: number;
  readonly batchSize: number;
  readonly drainPlan: RoundPlan;
  readonly exportPlan: RoundPlan;
  readonly opens: number;
  readonly jumps: number;
  readonly pageRows: number;
}

const BENCHMARK = '9 result export';
const META = { query: 'FOR d IN docs RETURN d', database: '_system' };

/** `global.gc`, made available without `--expose-gc` on the command line (npm run bench passes none). */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heldBytes(gc: () => void): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Open results held at once per sample: a GC leaves kilobytes of its own noise, shared out over them. */
const HELD_TOGETHER = 50;

/**
 * What an open result costs to keep, as the viewer keeps it: a reader and the page on screen,
 * after a GC, minus what was held before it opened; {@link HELD_TOGETHER} of them at once, divided.
 */
async function heldByOpenResult(stored: StoredResult, pageRows: number, gc: () => void): Promise<number> {
  const samples: number[] = [];
  const readings: string[] = [];
  // Dropped by hand at the end of each round: a suspended async frame keeps block-scoped locals
  // of the round before alive, which would be counted in the next round's "before".
  let holding: { reader: StoredRows; page: unknown[] }[] | undefined;
  // One round: in this process what a round held was seen to stay held after it was dropped (the
  // next round's "before" began where the last one ended), so only a first round measures it.
  for (let round = 0; round < 1; round += 1) {
    const before = heldBytes(gc);
    holding = [];
    for (let open = 0; open < HELD_TOGETHER; open += 1) {
      const reader = await StoredRows.open(stored);
      holding.push({ reader, page: await reader.readRows(Math.floor((stored.rows * open) / HELD_TOGETHER), pageRows) });
    }
    const after = heldBytes(gc);
    readings.push(`${before}→${after}`);
    samples.push((after - before) / HELD_TOGETHER);
    if (holding.some(({ reader, page }) => page.length !== pageRows || reader.rowCount !== stored.rows)) throw new Error('a page read is not whole');
    holding = undefined;
  }
  console.log(`    held (heapUsed + external, before→after ${HELD_TOGETHER} open results): ${readings.join(', ')}`);
  return summarize(samples).median;
}

/** `before` for CSV: each row `JSON.parse`d, then papaparse's `unparse` per block, columns from a first pass. */
async function csvWithPapaparse(rowsPath: string, target: string): Promise<void> {
  const seen = new Set<string>();
  for await (const block of wholeLineBlocks(rowsPath)) {
    for (const line of linesOf(block)) for (const key of Object.keys(JSON.parse(line) as object)) seen.add(key);
  }
  const fields = [...seen];
  await writeAll(
    target,
    (async function* () {
      yield `${Papa.unparse([fields], { newline: '\r\n' })}\r\n`;
      for await (const block of wholeLineBlocks(rowsPath)) {
        const data = linesOf(block).map((line) => {
          const row = JSON.parse(line) as Record<string, unknown>;
          return fields.map((field) => {
            const value = row[field];
            return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
          });
        });
        yield `${Papa.unparse(data, { newline: '\r\n', header: false })}\r\n`;
      }
    })(),
  );
}

const timeMetric = (metric: string, samples: Partial<Record<ContenderName, number[]>>, extra: Pick<MetricResult, 'targets'> & { note?: string }): MetricResult =>
  metricOf(metric, samples, extra, BENCHMARK);

export async function benchResultExport(options: ResultExportOptions): Promise<MetricResult[]> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'bench-result-export-'));
  const gc = collector();
  const label = (rows: number): string => rows.toLocaleString('en-US');
  try {
    const bigAnswers = answersFor(options.rows, options.batchSize);
    const withIndex = new ResultStore(path.join(folder, 'with'), { rowLimit: 10_000 });
    const withoutIndex = new ResultStore(path.join(folder, 'without'), { rowLimit: 10_000, offsetIndex: false });

    const drains = await alternate(['ours', 'before'] as const, options.drainPlan, async (name) => {
      const store = name === 'ours' ? withIndex : withoutIndex;
      const ms = await timed(() => store.storeCursor('drain', cursorOver(bigAnswers), META));
      await store.remove('drain');
      return ms;
    });
    const pairedOverhead = summarize(drains.ours.map((ours, round) => ours / (drains.before[round] ?? ours))).median;

    const big = await withIndex.storeCursor('big', cursorOver(bigAnswers), META);
    const small = await withIndex.storeCursor('small', cursorOver(answersFor(options.smallRows, options.batchSize)), META);

    const opensAt = async (stored: StoredResult): Promise<number[]> => {
      const samples: number[] = [];
      for (let round = 0; round < options.opens; round += 1) samples.push(await timed(async () => (await StoredRows.open(stored)).readRows(0, options.pageRows)));
      return samples;
    };
    const smallOpens = await opensAt(small);
    const bigOpens = await opensAt(big);
    const reader = await StoredRows.open(big);
    const jumps: number[] = [];
    for (let jump = 0; jump < options.jumps; jump += 1) {
      const row = Math.floor(Math.random() * options.rows);
      jumps.push(await timed(() => reader.readRows(row, options.pageRows)));
    }

    const heldSmall = await heldByOpenResult(small, options.pageRows, gc);
    const heldBig = await heldByOpenResult(big, options.pageRows, gc);
    const pageBytes = Math.round((reader.bytes / options.rows) * options.pageRows);

    const rowsPath = big.rowsPath ?? big.path;
    const exportsOf = (format: 'csv' | 'json'): Promise<Record<'ours' | 'floor' | 'before', number[]>> =>
      alternate(['ours', 'floor', 'before'] as const, options.exportPlan, async (name) => {
        const target = path.join(folder, `export-${name}.${format}`);
        const ms = await timed(async () => {
          if (name === 'ours') await exportResult(big, target, format);
          else if (name === 'floor') await copyFloor(rowsPath, target);
          else if (format === 'csv') await csvWithPapaparse(rowsPath, target);
          else await jsonByParsing(rowsPath, target);
        });
        await rm(target, { force: true });
        return ms;
      });
    const csv = await exportsOf('csv');
    const json = await exportsOf('json');

    const bigOpen = summarize(bigOpens).median;
    const jumpMedian = summarize(jumps).median;
    const heldDifference = heldBig - heldSmall;
    const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
    return [
      timeMetric(`open + first ${options.pageRows} rows: ${label(options.rows)} rows (ours) / ${label(options.smallRows)} rows (before)`, { ours: bigOpens, before: smallOpens }, {
        targets: [{ target: `ours ≤ 150 ms at ${label(options.rows)} rows`, met: bigOpen <= 150, measured: `${bigOpen.toFixed(2)} ms` }],
        note: `StoredRows.open + readRows(0, ${options.pageRows}), ${options.opens} opens each; the ratio shows the time flat in the row count`,
      }),
      timeMetric(`jump to any of ${label(options.rows)} rows (a page of ${options.pageRows})`, { ours: jumps }, {
        targets: [{ target: 'ours ≤ 50 ms', met: jumpMedian <= 50, measured: `${jumpMedian.toFixed(2)} ms` }],
        note: `${options.jumps} random rows on an open reader`,
      }),
      {
        benchmark: BENCHMARK,
        metric: `held after a GC with the result open: ${label(options.rows)} rows (ours) / ${label(options.smallRows)} rows (before)`,
        unit: 'bytes',
        higherIsBetter: false,
        contenders: { ours: summarize([heldBig]), before: summarize([heldSmall]) },
        targets: [
          {
            target: `differs by less than one page (${options.pageRows} rows, ${kib(pageBytes)})`,
            met: Math.abs(heldDifference) < pageBytes,
            measured: `${kib(heldDifference)} (${kib(heldSmall)} vs ${kib(heldBig)})`,
          },
        ],
        note: `per open result: heapUsed + external after two GCs with ${HELD_TOGETHER} readers and a page each held, minus before, divided by ${HELD_TOGETHER}; the offset index grows by 8 bytes per 256 rows`,
      },
      timeMetric(`export ${label(options.rows)} rows to CSV`, csv, {
        targets: [],
        note: 'before = JSON.parse per row + papaparse unparse (loses digits beyond 2^53); floor = the rows file copied unchanged',
      }),
      timeMetric(`export ${label(options.rows)} rows to JSON`, json, {
        targets: [],
        note: 'before = JSON.parse + JSON.stringify per row; floor = the rows file copied unchanged',
      }),
      timeMetric(`drain ${label(options.rows)} rows, with the offset index (ours) / without (before)`, drains, {
        targets: [{ target: 'index adds ≤ 10 % to a drain (median of per-round ratios)', met: pairedOverhead <= 1.1, measured: `${((pairedOverhead - 1) * 100).toFixed(1)} %` }],
        note: 'ResultStore.storeCursor over simulated raw batches (no network); rounds alternate who goes first',
      }),
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
