/**
 * `npm run bench`: every benchmark of issues 4 and 11 against sandboxes this script starts in processes
 * of their own. Prints each benchmark's medians and ratios as it ends, then a summary table, and
 * writes the table as JSON to `bench/results.json`.
 *
 * `node out/bench/run.js --only 1,3` runs a subset.
 */
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchActivation } from './activation';
import { benchBigResult } from './bigResult';
import { benchCompletion } from './completion';
import { benchRefreshCost } from './refreshCost';
import { benchResultExport } from './resultExport';
import { benchResultViewer } from './resultViewer';
import type { BenchReport, MetricResult } from './results';
import { renderMetric, renderTable } from './results';
import { REPO_ROOT, startSandboxProcess } from './sandboxProcess';
import type { SandboxProcess } from './sandboxProcess';
import { benchSubmitCollect } from './submitCollect';
import { benchSubmitLatency } from './submitLatency';
import { benchTreeAndTab } from './treeAndTab';

interface Benchmark {
  readonly id: string;
  readonly title: string;
  readonly run: () => Promise<MetricResult[]>;
}

/** Starts a fresh sandbox for one benchmark, so no benchmark inherits another's jobs or cursors. */
async function withSandbox<T>(work: (sandbox: SandboxProcess) => Promise<T>): Promise<T> {
  const sandbox = await startSandboxProcess();
  try {
    return await work(sandbox);
  } finally {
    await sandbox.stop();
  }
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    id: '1',
    title: 'submit and collect',
    run: () => withSandbox((sandbox) => benchSubmitCollect(sandbox, { jobs: 2000, concurrency: 16, plan: { warmupRounds: 1, rounds: 9 } })),
  },
  {
    id: '2',
    title: 'refresh cost',
    run: () => withSandbox((sandbox) => benchRefreshCost(sandbox, { jobs: 1000, plan: { warmupRounds: 1, rounds: 5 }, idleWindowMs: 5000 })),
  },
  {
    id: '3',
    title: 'big result',
    run: () => withSandbox((sandbox) => benchBigResult(sandbox, { rows: 1_000_000, smallRows: 100_000, batchSize: 10_000, plan: { warmupRounds: 1, rounds: 5 }, collectedRounds: 3, warmupRows: 100_000 })),
  },
  {
    id: '4',
    title: 'tree and tab',
    run: () => benchTreeAndTab({ jobs: 1000, previewResultRows: 100_000, plan: { warmupRounds: 3, rounds: 20 } }),
  },
  {
    id: '5',
    title: 'activation',
    run: () => benchActivation({ plan: { warmupRounds: 1, rounds: 7 } }),
  },
  {
    id: '6',
    title: 'fast jobs shown at once',
    run: () => withSandbox((sandbox) => benchSubmitLatency(sandbox, { fastJobsPerRound: 15, slowJobsPerRound: 4, plan: { warmupRounds: 1, rounds: 4 } })),
  },
  {
    id: '7',
    title: 'result viewer',
    run: () => benchResultViewer({ rows: 1_000_000, batchSize: 10_000, drainPlan: { warmupRounds: 1, rounds: 9 }, plan: { warmupRounds: 1, rounds: 3 }, opens: 20, jumps: 200, pageRows: 100 }),
  },
  {
    id: '8',
    title: 'completion',
    run: () => Promise.resolve(benchCompletion({ lines: 500, collections: 1000, cursors: 60, warmupRounds: 2, rounds: 10 })),
  },
  {
    id: '9',
    title: 'result export, open and memory',
    run: () =>
      benchResultExport({ smallRows: 100_000, rows: 1_000_000, batchSize: 10_000, drainPlan: { warmupRounds: 1, rounds: 5 }, exportPlan: { warmupRounds: 0, rounds: 3 }, opens: 20, jumps: 200, pageRows: 100 }),
  },
];

function chosenBenchmarks(argv: readonly string[]): readonly Benchmark[] {
  const onlyIndex = argv.indexOf('--only');
  if (onlyIndex < 0) {
    return BENCHMARKS;
  }
  const wanted = new Set((argv[onlyIndex + 1] ?? '').split(','));
  return BENCHMARKS.filter((benchmark) => wanted.has(benchmark.id));
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const started = performance.now();
  const metrics: MetricResult[] = [];
  for (const benchmark of chosenBenchmarks(process.argv.slice(2))) {
    console.log(`\n== ${benchmark.id}. ${benchmark.title}`);
    const benchStarted = performance.now();
    const results = await benchmark.run();
    for (const metric of results) {
      console.log(renderMetric(metric));
    }
    console.log(`  (${((performance.now() - benchStarted) / 1000).toFixed(1)} s)`);
    metrics.push(...results);
  }
  const cpus = os.cpus();
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      totalMemoryMiB: Math.round(os.totalmem() / 2 ** 20),
    },
    metrics,
  };
  console.log(`\n== Summary (${report.durationSeconds} s, ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node})\n`);
  console.log(renderTable(metrics));
  const missed = metrics.flatMap((metric) => metric.targets.filter((target) => !target.met).map((target) => `${metric.benchmark}: ${target.target}`));
  console.log(missed.length === 0 ? '\nEvery target met.' : `\nTargets missed (the README's Performance section says why): ${missed.join('; ')}`);
  const file = path.join(REPO_ROOT, 'bench', 'results.json');
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Written to ${path.relative(process.cwd(), file) || file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
