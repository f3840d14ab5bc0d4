/**
 * Benchmark 4, tree and tab, measured in VS Code's extension host (code-server) and in plain Node:
 * - in the extension host (`bench/host/treeAndTabHost.ts`): the activated extension's job
 *   explorer answering `getChildren` and `getTreeItem` for 1,000 jobs, and `ResultEditor.open`
 *   showing a 100,000-row result's preview in a tab;
 * - in plain Node, the parts without `vscode`: the store-side work of `getChildren` (each
 *   `store.byState(state)` sorted newest first, as `JobExplorer.jobsIn` does), and
 *   `ResultStore.readPreview` and the read of the preview file a tab opens.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JobStore } from '../src/jobs/jobStore';
import { JOB_STATES, jobKey } from '../src/jobs/trackedJob';
import type { JobState, TrackedJob } from '../src/jobs/trackedJob';
import { ResultStore } from '../src/results/resultStore';
import type { DrainableCursor, StoredResult } from '../src/results/storedResult';
import { runExtensionSuite } from '../test/e2e/extensionSuite';
import type { HostBenchOptions, HostBenchSamples } from './host/treeAndTabHost';
import { memoryJobStore } from './jobFixtures';
import type { MetricResult } from './results';
import { alternate } from './rounds';
import type { RoundPlan } from './rounds';
import { REPO_ROOT } from './sandboxProcess';
import { summarize } from './stats';

export interface TreeAndTabOptions {
  readonly jobs: number;
  readonly previewResultRows: number;
  readonly plan: RoundPlan;
}

/** The extension's `arangodb.results.rowLimit` default: rows in a preview. */
const ROW_LIMIT = 10_000;
/** Tree builds per sample: one build is well under a millisecond, too short to time alone. */
const BUILDS_PER_SAMPLE = 20;
const STATE_MIX: readonly JobState[] = ['pending', 'done', 'done', 'done', 'failed', 'cancelled', 'lost', 'done', 'pending', 'done'];

/** `count` tracked jobs in every state, with shuffled submission times. */
export function trackedJobs(count: number): TrackedJob[] {
  const coordinator = 'http://127.0.0.1:8529';
  const now = Date.now();
  return Array.from({ length: count }, (_, index) => {
    const id = String(1_000_000 + index * 7);
    const state = STATE_MIX[index % STATE_MIX.length]!;
    return {
      key: jobKey(coordinator, id),
      id,
      coordinator,
      database: '_system',
      origin: 'submitted',
      query: `FOR doc IN collection${index % 13} FILTER doc.n > ${index} RETURN doc`,
      state,
      // Shuffled submission times, so the sort has work to do.
      submittedAt: now - ((index * 7919) % count) * 1000,
      resultWaiting: state === 'done' && index % 3 === 0,
    };
  });
}

/** What `JobExplorer.getChildren` computes for the root and then for every group, minus the TreeItems. */
function buildTree(store: JobStore): number {
  const jobsIn = (state: JobState): TrackedJob[] => store.byState(state).sort((a, b) => b.submittedAt - a.submittedAt);
  const groups = JOB_STATES.filter((state) => jobsIn(state).length > 0);
  let nodes = groups.length;
  for (const state of groups) {
    nodes += jobsIn(state).map((job) => ({ kind: 'job' as const, key: job.key })).length;
  }
  return nodes;
}

/** A cursor of `rows` small documents, the big result's shape, in batches of `batchSize`. */
export function previewCursor(rows: number, batchSize: number): DrainableCursor {
  return {
    count: rows,
    // eslint-disable-next-line @typescript-eslint/require-await -- rows are made here, not fetched
    async *batches() {
      for (let start = 0; start < rows; start += batchSize) {
        const end = Math.min(rows, start + batchSize);
        yield Array.from({ length: end - start }, (_, offset) => ({ i: start + offset + 1, name: `row-${start + offset + 1}`, even: (start + offset) % 2 === 1 }));
      }
    },
  };
}

export async function benchTreeAndTab(options: TreeAndTabOptions): Promise<MetricResult[]> {
  const store = memoryJobStore(trackedJobs(options.jobs));
  const folder = await mkdtemp(path.join(os.tmpdir(), 'arango-bench-preview-'));
  try {
    const expectedNodes = buildTree(store);
    const tree = await alternate(['ours'], options.plan, () => {
      const started = performance.now();
      for (let build = 0; build < BUILDS_PER_SAMPLE; build += 1) {
        if (buildTree(store) !== expectedNodes) {
          throw new Error('the tree changed between builds');
        }
      }
      return Promise.resolve((performance.now() - started) / BUILDS_PER_SAMPLE);
    });

    const results = new ResultStore(folder, { rowLimit: ROW_LIMIT });
    const stored = await results.storeCursor('bench#preview', previewCursor(options.previewResultRows, 10_000), { query: 'preview', database: '_system' });
    if (stored.kind !== 'jsonl' || stored.previewPath === undefined) {
      throw new Error(`a ${options.previewResultRows}-row result was stored as ${stored.kind}, not as JSON Lines with a preview`);
    }
    const jsonl: StoredResult = stored;
    const previewPath = stored.previewPath;
    const tab = await alternate(['readPreview', 'previewFile'] as const, options.plan, async (name) => {
      const started = performance.now();
      if (name === 'readPreview') {
        const preview = await results.readPreview(jsonl, ROW_LIMIT);
        if (preview.rows.length !== ROW_LIMIT) {
          throw new Error(`readPreview returned ${preview.rows.length} rows`);
        }
      } else {
        await readFile(previewPath, 'utf8');
      }
      return performance.now() - started;
    });
    const host = await measureInExtensionHost(options, folder);
    const rowsLabel = options.previewResultRows.toLocaleString('en-US');
    return [
      {
        benchmark: '4 tree and tab',
        metric: `job tree for ${options.jobs.toLocaleString('en-US')} jobs, in the extension host (getChildren + getTreeItem)`,
        unit: 'ms',
        higherIsBetter: false,
        contenders: { ours: summarize(host.tree) },
        targets: [],
        note: `code-server's extension host: the activated extension's JobExplorer, root and every group's children and a vscode.TreeItem for each (${host.treeNodes} nodes); mean of ${BUILDS_PER_SAMPLE} builds per sample`,
      },
      {
        benchmark: '4 tree and tab',
        metric: `open a ${rowsLabel}-row result's preview in a tab, in the extension host (ResultEditor.open)`,
        unit: 'ms',
        higherIsBetter: false,
        contenders: { ours: summarize(host.tab) },
        targets: [],
        note: `code-server's extension host: from ResultEditor.open to the editor handed back by VS Code (the ${ROW_LIMIT.toLocaleString('en-US')}-row preview, ${host.previewLines} lines), all editors closed before each sample`,
      },
      {
        benchmark: '4 tree and tab',
        metric: `job tree for ${options.jobs.toLocaleString('en-US')} jobs (store side of getChildren)`,
        unit: 'ms',
        higherIsBetter: false,
        contenders: { ours: summarize(tree.ours) },
        targets: [],
        note: `plain Node: root plus every group's children (${expectedNodes} nodes) as JobExplorer computes them, without vscode.TreeItem; mean of ${BUILDS_PER_SAMPLE} builds per sample`,
      },
      {
        benchmark: '4 tree and tab',
        metric: `preview of a ${rowsLabel}-row result: ResultStore.readPreview (${ROW_LIMIT.toLocaleString('en-US')} rows)`,
        unit: 'ms',
        higherIsBetter: false,
        contenders: { ours: summarize(tab.readPreview) },
        targets: [],
        note: 'plain Node: streams the first rows of the JSON Lines file and parses them',
      },
      {
        benchmark: '4 tree and tab',
        metric: `preview of a ${rowsLabel}-row result: read the preview file a tab opens`,
        unit: 'ms',
        higherIsBetter: false,
        contenders: { ours: summarize(tab.previewFile) },
        targets: [],
        note: `plain Node: the ${ROW_LIMIT.toLocaleString('en-US')}-row preview JSON written at drain time; VS Code's own rendering of the editor is not included`,
      },
    ];
  } finally {
    store.dispose();
    await rm(folder, { recursive: true, force: true });
  }
}

/** Runs `bench/host/treeAndTabHost.ts` in code-server's extension host and reads back its samples. */
async function measureInExtensionHost(options: TreeAndTabOptions, folder: string): Promise<HostBenchSamples> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'arango-bench-host-'));
  const out = path.join(folder, 'host-samples.json');
  const hostOptions: HostBenchOptions = {
    jobs: options.jobs,
    previewResultRows: options.previewResultRows,
    warmupRounds: options.plan.warmupRounds,
    rounds: options.plan.rounds,
    buildsPerSample: BUILDS_PER_SAMPLE,
    out,
  };
  try {
    const { exitCode, log } = await runExtensionSuite({
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'bench', 'host', 'treeAndTabHost.js'),
      workspace,
      env: { BENCH_HOST_OPTIONS: JSON.stringify(hostOptions) },
      timeoutMs: 5 * 60_000,
      // The workbench's own log is not the benchmark's output.
      onLog: () => undefined,
    });
    if (exitCode !== 0) {
      throw new Error(`the extension-host benchmark failed (exit ${exitCode}):\n${log.slice(-30).join('\n')}`);
    }
    return JSON.parse(await readFile(out, 'utf8')) as HostBenchSamples;
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
