/**
 * Benchmark 7, the result viewer's core (issue 12), on a stored 1,000,000-row result: opening it
 * and reading its first page, jumping to a random row, exporting it to CSV and to JSON, and what
 * the offset index adds to a drain. The drain runs through `ResultStore.storeCursor` with a
 * simulated cursor of raw batches (answers as the server sends them, scanned by the client's
 * `RawBatch` as a real drain does): the network is left out so the index's share is visible.
 *
 * Export contenders: `ours` (raw text, rows split by the row scanner, numbers never parsed),
 * `floor` (the rows file read and written back unchanged: no conversion at all) and `before`
 * (each row `JSON.parse`d, then CSV quoting or `JSON.stringify`: the usual way, which loses the
 * digits of numbers beyond 2^53).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { finished } from 'node:stream/promises';
import { RawBatch } from '../src/client/rawBatch';
import { linesOf, wholeLineBlocks } from '../src/results/lineBlocks';
import { OffsetIndexBuilder } from '../src/results/offsetIndex';
import { csvField, exportResult } from '../src/results/resultExport';
import { ResultStore } from '../src/results/resultStore';
import { StoredRows } from '../src/results/storedRows';
import type { DrainableCursor, StoredResult } from '../src/results/storedResult';
import type { ContenderName, MetricResult } from './results';
import { alternate } from './rounds';
import type { RoundPlan } from './rounds';
import { elapsedMs, ratio, summarize } from './stats';

export interface ResultViewerOptions {
  readonly rows: number;
  readonly batchSize: number;
  /** Rounds of the drains (under a second each; more of them, as the index's share is small against the noise). */
  readonly drainPlan: RoundPlan;
  /** Rounds of the exports (seconds each). */
  readonly plan: RoundPlan;
  /** Opens (and first pages) and random jumps measured. */
  readonly opens: number;
  readonly jumps: number;
  readonly pageRows: number;
}

const BENCHMARK = '7 result viewer';
const META = { query: 'FOR d IN docs RETURN d', database: '_system' };

/** One generated document, about 150 bytes, with a number beyond 2^53 in every tenth row. */
function rowText(n: number): string {
  const big = n % 10 === 0 ? `,"big":${12345678901234567890n + BigInt(n)}` : '';
  return `{"_key":"k${n}","_id":"docs/k${n}","_rev":"_h${(n * 7919).toString(36)}","n":${n},"name":"row ${n}, \\"quoted\\"","score":${(n % 997) / 7},"tags":["a","b"]${big}}`;
}

/** The server's answers, built once; every drain gets fresh copies (a drain rewrites its batches in place). */
export function answersFor(rows: number, batchSize: number): Buffer[] {
  const answers: Buffer[] = [];
  for (let start = 0; start < rows; start += batchSize) {
    const texts: string[] = [];
    for (let n = start; n < Math.min(rows, start + batchSize); n += 1) texts.push(rowText(n));
    answers.push(Buffer.from(`{"result":[${texts.join(',')}],"hasMore":${start + batchSize < rows},"id":"1","count":${rows}}`));
  }
  return answers;
}

export function cursorOver(answers: readonly Buffer[]): DrainableCursor {
  return {
    batches: () => {
      throw new Error('raw batches expected');
    },
    async *rawBatches() {
      for (const answer of answers) {
        await Promise.resolve();
        yield RawBatch.scanCursorBody(Buffer.from(answer)).batch;
      }
    },
  };
}

/**
 * Streams pieces to a file, waiting when the stream is full, and flushes it to disk at the end as
 * an export does (before its rename), so that every contender pays the same for the disk.
 */
export async function writeAll(target: string, pieces: AsyncIterable<string | Buffer>): Promise<void> {
  const stream = createWriteStream(target, { flush: true });
  for await (const piece of pieces) {
    if (!stream.write(piece)) await once(stream, 'drain');
  }
  stream.end();
  await finished(stream);
}

/** The floor: the rows file read in blocks and written back, with no conversion. */
export async function copyFloor(rowsPath: string, target: string): Promise<void> {
  await writeAll(
    target,
    (async function* () {
      for await (const block of wholeLineBlocks(rowsPath)) yield block.bytes;
    })(),
  );
}

function cellOfParsed(value: unknown): string {
  if (value === undefined || value === null) return '';
  return csvField(typeof value === 'string' ? value : JSON.stringify(value));
}

/** `before` for CSV: every row parsed, columns from its keys, cells from its values. */
async function csvByParsing(rowsPath: string, target: string): Promise<void> {
  const columns: string[] = [];
  const seen = new Set<string>();
  for await (const block of wholeLineBlocks(rowsPath)) {
    for (const line of linesOf(block)) {
      for (const key of Object.keys(JSON.parse(line) as object)) {
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
      }
    }
  }
  await writeAll(
    target,
    (async function* () {
      yield `${columns.map(csvField).join(',')}\r\n`;
      for await (const block of wholeLineBlocks(rowsPath)) {
        let text = '';
        for (const line of linesOf(block)) {
          const row = JSON.parse(line) as Record<string, unknown>;
          text += `${columns.map((column) => cellOfParsed(row[column])).join(',')}\r\n`;
        }
        yield text;
      }
    })(),
  );
}

/** `before` for JSON: every row parsed and written again with `JSON.stringify`. */
export async function jsonByParsing(rowsPath: string, target: string): Promise<void> {
  await writeAll(
    target,
    (async function* () {
      let first = true;
      for await (const block of wholeLineBlocks(rowsPath)) {
        const rows = linesOf(block).map((line) => JSON.stringify(JSON.parse(line)));
        yield `${first ? '[\n' : ',\n'}${rows.join(',\n')}`;
        first = false;
      }
      yield first ? '[]\n' : '\n]\n';
    })(),
  );
}

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return elapsedMs(started);
}

export function metricOf(metric: string, samples: Partial<Record<ContenderName, number[]>>, extra: Pick<MetricResult, 'targets'> & { note?: string }, benchmark = BENCHMARK): MetricResult {
  const contenders = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarize(values)]));
  const ours = contenders.ours?.median ?? 0;
  const before = contenders.before === undefined ? undefined : ratio(ours, contenders.before.median);
  const floor = contenders.floor === undefined ? undefined : ratio(ours, contenders.floor.median);
  return {
    benchmark,
    metric,
    unit: 'ms',
    higherIsBetter: false,
    contenders,
    ...(before === undefined ? {} : { oursOverArangojs: before }),
    ...(floor === undefined ? {} : { oursOverFloor: floor }),
    ...extra,
  };
}

export async function benchResultViewer(options: ResultViewerOptions): Promise<MetricResult[]> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'bench-result-viewer-'));
  try {
    const rowsLabel = options.rows.toLocaleString('en-US');
    const answers = answersFor(options.rows, options.batchSize);
    const withIndex = new ResultStore(path.join(folder, 'with'), { rowLimit: 10_000 });
    const withoutIndex = new ResultStore(path.join(folder, 'without'), { rowLimit: 10_000, offsetIndex: false });

    // The drain, with the offset index (as shipped) and without it, alternating.
    const drains = await alternate(['ours', 'before'] as const, options.drainPlan, async (name) => {
      const store = name === 'ours' ? withIndex : withoutIndex;
      const ms = await timed(() => store.storeCursor('drain', cursorOver(answers), META));
      await store.remove('drain');
      return ms;
    });
    const drainOverhead = ratio(summarize(drains.ours).median, summarize(drains.before).median) ?? Infinity;
    // On a shared machine a drain's time swings by 2×; the ratio within each round, and the
    // index's own CPU time over the same lines, say more about its share than medians apart.
    const pairedOverhead = summarize(drains.ours.map((ours, round) => ours / (drains.before[round] ?? ours))).median;
    const lines = answers.map((answer) => RawBatch.scanCursorBody(Buffer.from(answer)).batch.jsonLines());
    const indexing: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const builder = new OffsetIndexBuilder();
      const started = performance.now();
      for (const batch of lines) builder.addLines(batch);
      builder.finish().toBuffer();
      indexing.push(elapsedMs(started));
    }
    const indexingMs = summarize(indexing).median;
    const fastestWithout = summarize(drains.before).min;

    const stored: StoredResult = await withIndex.storeCursor('viewer', cursorOver(answers), META);
    const rowsPath = stored.rowsPath ?? stored.path;

    // Open a stored result and read its first page, as the viewer does when its tab opens.
    const opens: number[] = [];
    for (let round = 0; round < options.opens; round += 1) {
      opens.push(await timed(async () => (await StoredRows.open(stored)).readRows(0, options.pageRows)));
    }
    // Jump to a random row: a page read there, on a reader already open.
    const reader = await StoredRows.open(stored);
    const jumps: number[] = [];
    for (let jump = 0; jump < options.jumps; jump += 1) {
      const row = Math.floor(Math.random() * options.rows);
      jumps.push(await timed(() => reader.readRows(row, options.pageRows)));
    }

    const exportsOf = async (format: 'csv' | 'json'): Promise<Record<'ours' | 'floor' | 'before', number[]>> =>
      alternate(['ours', 'floor', 'before'] as const, options.plan, async (name) => {
        const target = path.join(folder, `export-${name}.${format}`);
        const ms = await timed(async () => {
          if (name === 'ours') await exportResult(stored, target, format);
          else if (name === 'floor') await copyFloor(rowsPath, target);
          else if (format === 'csv') await csvByParsing(rowsPath, target);
          else await jsonByParsing(rowsPath, target);
        });
        await rm(target, { force: true });
        return ms;
      });
    const csv = await exportsOf('csv');
    const json = await exportsOf('json');

    const openMedian = summarize(opens).median;
    const jumpMedian = summarize(jumps).median;
    return [
      metricOf(`drain ${rowsLabel} rows, with the offset index (ours) / without (before)`, drains, {
        targets: [
          {
            target: 'index adds ≤ 10 % to a drain (median of per-round ratios)',
            met: pairedOverhead <= 1.1,
            measured: `${((pairedOverhead - 1) * 100).toFixed(1)} % (medians apart: ${((drainOverhead - 1) * 100).toFixed(1)} %)`,
          },
        ],
        note:
          `ResultStore.storeCursor over simulated raw batches of 10,000 rows (no network), file closed and committed; ` +
          `rounds alternate who goes first; the index builder alone over the same lines ${indexingMs.toFixed(0)} ms ` +
          `= ${((indexingMs / fastestWithout) * 100).toFixed(1)} % of the fastest drain without it`,
      }),
      metricOf(`open a ${rowsLabel}-row result and read its first ${options.pageRows} rows`, { ours: opens }, {
        targets: [{ target: 'ours ≤ 150 ms', met: openMedian <= 150, measured: `${openMedian.toFixed(2)} ms` }],
        note: `StoredRows.open (reads the ${(reader.bytes / 2 ** 20).toFixed(0)} MiB file's index) + readRows(0, ${options.pageRows}); ${options.opens} opens`,
      }),
      metricOf(`jump to a random row (a page of ${options.pageRows} there)`, { ours: jumps }, {
        targets: [{ target: 'ours ≤ 50 ms', met: jumpMedian <= 50, measured: `${jumpMedian.toFixed(2)} ms` }],
        note: `${options.jumps} random rows on an open reader`,
      }),
      metricOf(`export ${rowsLabel} rows to CSV`, csv, {
        targets: [],
        note: 'before = JSON.parse per row + the same RFC 4180 quoting (loses digits beyond 2^53); floor = the rows file copied unchanged',
      }),
      metricOf(`export ${rowsLabel} rows to JSON`, json, {
        targets: [],
        note: 'before = JSON.parse + JSON.stringify per row; floor = the rows file copied unchanged',
      }),
    ];
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
