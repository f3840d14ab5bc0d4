/**
 * One contender of the big-result benchmark, alone in a process of its own (forked by
 * `bigResult.ts`) so that its peak RSS is its own: submits the job, waits until the server has
 * the result, then drains it into a file and reports time and memory through `process.send`.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import * as os from 'node:os';
import * as path from 'node:path';
import { Database as ArangojsDatabase } from 'arangojs';
import { ArangoClient } from '../src/client';
import { ClientSession } from '../src/jobs/clientSession';
import { JobActions } from '../src/jobs/jobActions';
import { ResultStore } from '../src/results/resultStore';
import { FloorClient, cursorContinuation } from './floor';
import { memoryJobStore } from './jobFixtures';

export type BigResultContender = 'ours' | 'arangojs' | 'floor';

export interface BigResultTask {
  readonly contender: BigResultContender;
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly rows: number;
  readonly batchSize: number;
  /** Rows kept whole in memory by our result store (the `arangodb.results.rowLimit` default). */
  readonly rowLimit: number;
  /**
   * Run a full GC this often during the drain: the peak then shows what the drain holds, not
   * what V8 has not collected yet.
   */
  readonly collectEveryMs?: number;
  /**
   * Drain a result of this many rows first, unmeasured, the same way: the idle baseline is then a
   * process that has worked before, as the extension host has. The first drain of a process
   * compiles its hot paths, undici's HTTP parser (WebAssembly) included, and that compiler memory
   * (tens of MiB, once per process) would otherwise count as the drain's.
   */
  readonly warmupRows?: number;
}

export interface BigResultMeasurement {
  readonly contender: BigResultContender;
  /** From the request for the result to the last byte in the file. */
  readonly drainMs: number;
  /** RSS just before the drain, after a full GC. */
  readonly baselineRssBytes: number;
  /** The kernel's high-water mark of RSS during the drain (Linux: reset at its start), minus the baseline. */
  readonly peakAboveBaselineBytes: number;
  /**
   * With `collectEveryMs`: the most memory still alive after one of the drain's GCs (V8 heap in
   * use plus memory outside it: buffers), minus the same just before the drain. What the drain
   * holds, without the garbage that the peak RSS also counts.
   */
  readonly heldAboveBaselineBytes?: number;
  readonly rows: number;
  readonly fileBytes: number;
  /** Largest batch answer on the wire (measured by the floor, which reads bodies unparsed). */
  readonly largestBatchBytes?: number;
}

/** The documents of the big result: small, like a typical projection. */
export function bigResultQuery(rows: number): string {
  return `FOR i IN 1..${rows} RETURN { i: i, name: CONCAT("row-", i), even: i % 2 == 0 }`;
}

const STATUS_POLL_MS = 50;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
}

/** Memory alive right now: the V8 heap in use and what lives outside it (buffers). */
function liveBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** While a drain runs with collectEveryMs: live memory at its start, and the most seen after a GC since. */
let heldWatch: { baseline: number; most: number } | undefined;

/** The timer's work with collectEveryMs: a full GC, then a look at what is still alive. */
function collectAndWatch(): void {
  collectGarbage();
  if (heldWatch !== undefined) heldWatch.most = Math.max(heldWatch.most, liveBytes());
}

/**
 * Marks the start of a drain: GC, baseline RSS, clock. On Linux the kernel's high-water mark is
 * reset here too (`/proc/self/clear_refs`), so the peak is the drain's own and not one the
 * process reached earlier (loading, submitting, or the GC just run).
 */
function startMeasuring(): { baselineRssBytes: number; started: number } {
  collectGarbage();
  const live = liveBytes();
  heldWatch = { baseline: live, most: live };
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux: the peak is the process's since it started, which can only overstate a drain's.
  }
  return { baselineRssBytes: process.memoryUsage.rss(), started: performance.now() };
}

/** Ends a drain's measurement: its peak RSS above the baseline, and what it held (with collectEveryMs). */
function finishMeasuring(baselineRssBytes: number, collecting: boolean): { peakAboveBaselineBytes: number; heldAboveBaselineBytes?: number } {
  const peakAboveBaselineBytes = peakRssBytes() - baselineRssBytes;
  const watch = heldWatch;
  heldWatch = undefined;
  return collecting && watch !== undefined ? { peakAboveBaselineBytes, heldAboveBaselineBytes: watch.most - watch.baseline } : { peakAboveBaselineBytes };
}

/** The kernel's high-water mark of RSS: since the last reset on Linux (`VmHWM`), else since start. */
function peakRssBytes(): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kib !== undefined) return Number(kib) * 1024;
  } catch {
    // Not Linux.
  }
  // maxRSS is in kibibytes on Linux and macOS.
  return process.resourceUsage().maxRSS * 1024;
}

async function writeChunk(stream: WriteStream, chunk: string | Buffer): Promise<void> {
  if (!stream.write(chunk)) {
    await once(stream, 'drain');
  }
}

async function closeStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

async function runOurs(task: BigResultTask, folder: string): Promise<Omit<BigResultMeasurement, 'contender'>> {
  const client = new ArangoClient({ hosts: task.url });
  const session = new ClientSession(client, { username: task.username, password: task.password }, '_system');
  const store = memoryJobStore();
  const results = new ResultStore(folder, { rowLimit: task.rowLimit });
  const actions = new JobActions(store, results, () => session);
  try {
    const tracked = await actions.submit({ query: bigResultQuery(task.rows), options: { batchSize: task.batchSize } });
    const job = session.databaseHandle('_system').aqlJob(tracked.id, { coordinator: tracked.coordinator });
    while ((await job.status()) !== 'done') {
      await pause(STATUS_POLL_MS);
    }
    store.update(tracked.key, { state: 'done', resultWaiting: true });
    const { baselineRssBytes, started } = startMeasuring();
    const outcome = await actions.fetchResult(tracked.key);
    const drainMs = performance.now() - started;
    const peaks = finishMeasuring(baselineRssBytes, task.collectEveryMs !== undefined);
    if (outcome.kind !== 'stored' || outcome.job.result === undefined) {
      throw new Error(`our drain ended as ${outcome.kind}`);
    }
    return { drainMs, baselineRssBytes, ...peaks, rows: outcome.job.result.rows, fileBytes: outcome.job.result.bytes };
  } finally {
    store.dispose();
    await client.close();
  }
}

async function runArangojs(task: BigResultTask, folder: string): Promise<Omit<BigResultMeasurement, 'contender'>> {
  const db = new ArangojsDatabase({ url: task.url, databaseName: '_system', auth: { username: task.username, password: task.password } });
  try {
    const job = await db.createJob(() => db.query(bigResultQuery(task.rows), {}, { batchSize: task.batchSize }));
    while (!(await job.getCompleted())) {
      await pause(STATUS_POLL_MS);
    }
    const { baselineRssBytes, started } = startMeasuring();
    const cursor = await job.load();
    if (cursor === undefined) {
      throw new Error('arangojs loaded no cursor for a finished job');
    }
    const rows = await cursor.all();
    const file = path.join(folder, 'arangojs.jsonl');
    const stream = createWriteStream(file);
    for (let start = 0; start < rows.length; start += task.batchSize) {
      const lines = rows.slice(start, start + task.batchSize).map((row) => JSON.stringify(row));
      await writeChunk(stream, `${lines.join('\n')}\n`);
    }
    await closeStream(stream);
    const drainMs = performance.now() - started;
    const peaks = finishMeasuring(baselineRssBytes, task.collectEveryMs !== undefined);
    return { drainMs, baselineRssBytes, ...peaks, rows: rows.length, fileBytes: (await stat(file)).size };
  } finally {
    db.close();
  }
}

async function runFloor(task: BigResultTask, folder: string): Promise<Omit<BigResultMeasurement, 'contender'>> {
  const authorization = `Basic ${Buffer.from(`${task.username}:${task.password}`).toString('base64')}`;
  const floor = new FloorClient({ url: task.url, authorization, connections: 1 });
  try {
    const id = await floor.submitQuery(bigResultQuery(task.rows), task.batchSize);
    while (!(await floor.jobDone(id))) {
      await pause(STATUS_POLL_MS);
    }
    const file = path.join(folder, 'floor.json');
    const stream = createWriteStream(file);
    const { baselineRssBytes, started } = startMeasuring();
    let body = (await floor.takeResult(id)).body;
    let largestBatchBytes = body.length;
    let batches = 1;
    for (;;) {
      await writeChunk(stream, body);
      const next = cursorContinuation(body);
      if (next === undefined) {
        break;
      }
      body = await floor.nextBatch(next.id, next.nextBatchId);
      largestBatchBytes = Math.max(largestBatchBytes, body.length);
      batches += 1;
    }
    await closeStream(stream);
    const drainMs = performance.now() - started;
    const peaks = finishMeasuring(baselineRssBytes, task.collectEveryMs !== undefined);
    // The floor parses nothing, so it counts rows by batches: every batch but the last is full.
    const rows = Math.min(task.rows, batches * task.batchSize);
    return { drainMs, baselineRssBytes, ...peaks, rows, fileBytes: (await stat(file)).size, largestBatchBytes };
  } finally {
    await floor.close();
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as BigResultTask;
  const folder = await mkdtemp(path.join(os.tmpdir(), `arango-bench-${task.contender}-`));
  try {
    const run = task.contender === 'ours' ? runOurs : task.contender === 'arangojs' ? runArangojs : runFloor;
    if (task.warmupRows !== undefined) {
      await run({ ...task, rows: task.warmupRows }, folder);
    }
    const collector = task.collectEveryMs === undefined ? undefined : setInterval(collectAndWatch, task.collectEveryMs);
    try {
      const measurement: BigResultMeasurement = { contender: task.contender, ...(await run(task, folder)) };
      process.send?.(measurement);
    } finally {
      clearInterval(collector);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
