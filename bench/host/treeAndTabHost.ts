/**
 * Benchmark 4 inside VS Code's extension host (code-server), loaded as `--extensionTestsPath` by
 * `bench/treeAndTab.ts`. With the activated extension's own objects it times the job explorer
 * answering VS Code for 1,000 tracked jobs (`getChildren` of the root and of every group, and
 * `getTreeItem` of every node: what VS Code asks of a tree data provider to show the tree), and
 * `ResultEditor.open` showing a 100,000-row result's preview in a tab (until VS Code hands back
 * the editor). The samples go to the JSON file that `BENCH_HOST_OPTIONS` names.
 */
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { jobKey } from '../../src/jobs/trackedJob';
import type { TrackedJob } from '../../src/jobs/trackedJob';
import type { JobNode } from '../../src/views/jobTreeItem';
import { previewCursor, trackedJobs } from '../treeAndTab';

const EXTENSION_ID = 'arangodb-async-aql.arangodb-async-aql';

/** What `bench/treeAndTab.ts` asks for, through the environment. */
export interface HostBenchOptions {
  readonly jobs: number;
  readonly previewResultRows: number;
  readonly warmupRounds: number;
  readonly rounds: number;
  /** Tree builds per sample: one build is too short to time alone. */
  readonly buildsPerSample: number;
  /** Where to write the {@link HostBenchSamples}. */
  readonly out: string;
}

/** What the host measured, in milliseconds per sample. */
export interface HostBenchSamples {
  readonly treeNodes: number;
  readonly tree: number[];
  readonly tab: number[];
  readonly previewLines: number;
}

function buildTree(explorer: ExtensionApi['explorer']): number {
  let nodes = 0;
  const visit = (node: JobNode): void => {
    explorer.getTreeItem(node);
    nodes += 1;
  };
  for (const group of explorer.getChildren()) {
    visit(group);
    for (const child of explorer.getChildren(group)) visit(child);
  }
  return nodes;
}

export async function run(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_HOST_OPTIONS ?? '') as HostBenchOptions;
  const extension = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (extension === undefined) throw new Error(`extension ${EXTENSION_ID} is not installed in this VS Code`);
  const { services, explorer } = await extension.activate();

  // Jobs in every state, as the explorer shows them; no server is configured, so none is polled.
  for (const job of trackedJobs(options.jobs)) services.store.add(job);
  const treeNodes = buildTree(explorer);
  const tree: number[] = [];
  for (let round = 0; round < options.warmupRounds + options.rounds; round += 1) {
    const started = performance.now();
    for (let build = 0; build < options.buildsPerSample; build += 1) {
      if (buildTree(explorer) !== treeNodes) throw new Error('the tree changed between builds');
    }
    if (round >= options.warmupRounds) tree.push((performance.now() - started) / options.buildsPerSample);
  }

  const id = '9000001';
  const coordinator = 'http://127.0.0.1:8529';
  const job: TrackedJob = {
    key: jobKey(coordinator, id),
    id,
    coordinator,
    database: '_system',
    origin: 'submitted',
    query: 'FOR i IN 1..100000 RETURN { i, name: CONCAT("row-", i), even: i % 2 == 0 }',
    state: 'done',
    submittedAt: Date.now(),
    resultWaiting: false,
  };
  services.store.add(job);
  const stored = await services.results.storeCursor(job.key, previewCursor(options.previewResultRows, 10_000), { query: job.query ?? '', database: job.database });
  if (stored.kind !== 'jsonl') throw new Error(`a ${options.previewResultRows}-row result was stored as ${stored.kind}`);
  const tab: number[] = [];
  let previewLines = 0;
  for (let round = 0; round < options.warmupRounds + options.rounds; round += 1) {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const started = performance.now();
    const editor = await services.resultEditor.open(job);
    const elapsed = performance.now() - started;
    if (editor === undefined) throw new Error('the stored result did not open');
    previewLines = editor.document.lineCount;
    if (round >= options.warmupRounds) tab.push(elapsed);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const samples: HostBenchSamples = { treeNodes, tree, tab, previewLines };
  await writeFile(options.out, JSON.stringify(samples));
}
