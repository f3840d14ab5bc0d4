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
}

export interface BigResultMeasurement {
  readonly contender: BigResultContender;
  /** From the request for the result to the last byte in the file. */
  readonly drainMs: number;
  /** RSS just before the drain, after a full GC. */
  readonly baselineRssBytes: number;
  /** The kernel's high-water mark of RSS during the drain (Linux: reset at its start), minus the baseline. */
  readonly peakAboveBaselineBytes: number;
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

/**
 * Marks the start of a drain: GC, baseline RSS, clock. On Linux the kernel's high-water mark is
 * reset here too (`/proc/self/clear_refs`), so the peak is the drain's own and not one the
 * process reached earlier (loading, submitting, or the GC just run).
 */
function startMeasuring(): { baselineRssBytes: number; started: number } {
  collectGarbage();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux: the peak is the process's since it started, which can only overstate a drain's.
  }
  return { baselineRssBytes: process.memoryUsage.rss(), started: performance.now() };
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
    const peakAboveBaselineBytes = peakRssBytes() - baselineRssBytes;
    if (outcome.kind !== 'stored' || outcome.job.result === undefined) {
      throw new Error(`our drain ended as ${outcome.kind}`);
    }
    return { drainMs, baselineRssBytes, peakAboveBaselineBytes, rows: outcome.job.result.rows, fileBytes: outcome.job.result.bytes };
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
    const peakAboveBaselineBytes = peakRssBytes() - baselineRssBytes;
    return { drainMs, baselineRssBytes, peakAboveBaselineBytes, rows: rows.length, fileBytes: (await stat(file)).size };
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
    const peakAboveBaselineBytes = peakRssBytes() - baselineRssBytes;
    // The floor parses nothing, so it counts rows by batches: every batch but the last is full.
    const rows = Math.min(task.rows, batches * task.batchSize);
    return { drainMs, baselineRssBytes, peakAboveBaselineBytes, rows, fileBytes: (await stat(file)).size, largestBatchBytes };
  } finally {
    await floor.close();
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as BigResultTask;
  const folder = await mkdtemp(path.join(os.tmpdir(), `arango-bench-${task.contender}-`));
  try {
    const run = task.contender === 'ours' ? runOurs : task.contender === 'arangojs' ? runArangojs : runFloor;
    const collector = task.collectEveryMs === undefined ? undefined : setInterval(collectGarbage, task.collectEveryMs);
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
