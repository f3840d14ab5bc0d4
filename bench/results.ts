/** The shape of what every benchmark reports: printed as a table, written as `bench/results.json`. */
import type { Summary } from './stats';
import { formatNumber, formatRatio, formatSummary } from './stats';

/** `before`: the extension itself as it was before a change, where a benchmark shows the change. */
export type ContenderName = 'ours' | 'arangojs' | 'floor' | 'per-job polling' | 'before';

/** One target of the issue, judged against this run's numbers. */
export interface TargetOutcome {
  /** The target in the issue's words, e.g. `ours ≥ 1.0× arangojs`. */
  readonly target: string;
  readonly met: boolean;
  /** The number the judgement was made on. */
  readonly measured: string;
}

/** One metric of one benchmark, measured for each contender. */
export interface MetricResult {
  readonly benchmark: string;
  readonly metric: string;
  readonly unit: string;
  /** Whether a bigger number is better (throughput) or worse (time, memory, requests). */
  readonly higherIsBetter: boolean;
  readonly contenders: Partial<Record<ContenderName, Summary>>;
  /** Medians divided: ours / arangojs (or ours / per-job polling, or ours / before) and ours / floor. */
  readonly oursOverArangojs?: number;
  readonly oursOverFloor?: number;
  readonly targets: readonly TargetOutcome[];
  /** Where and how it was measured, when that is not obvious from the metric. */
  readonly note?: string;
}

export interface BenchReport {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly machine: { node: string; platform: string; cpus: number; cpuModel: string; totalMemoryMiB: number };
  readonly metrics: readonly MetricResult[];
}

/** The baseline ours is compared with: arangojs where it competes, otherwise per-job polling or ours before a change. */
function competitor(metric: MetricResult): Summary | undefined {
  return metric.contenders.arangojs ?? metric.contenders['per-job polling'] ?? metric.contenders.before;
}

function competitorName(metric: MetricResult): ContenderName {
  return metric.contenders.arangojs ? 'arangojs' : metric.contenders['per-job polling'] ? 'per-job polling' : 'before';
}

/** A Markdown table: one row per metric, contenders' medians (with spread), ratios and targets. */
export function renderTable(metrics: readonly MetricResult[]): string {
  const header = ['benchmark', 'metric', 'ours', 'arangojs / per-job / before', 'floor', 'ours / arangojs', 'ours / floor', 'targets'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const metric of metrics) {
    const targets = metric.targets.map((target) => `${target.met ? 'met' : 'MISSED'}: ${target.target} (${target.measured})`);
    lines.push(
      `| ${[
        metric.benchmark,
        `${metric.metric} [${metric.unit}]`,
        formatSummary(metric.contenders.ours),
        formatSummary(competitor(metric)),
        formatSummary(metric.contenders.floor),
        formatRatio(metric.oursOverArangojs),
        formatRatio(metric.oursOverFloor),
        targets.length === 0 ? '' : targets.join('; '),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The lines a benchmark prints as soon as it ends, before the summary table. */
export function renderMetric(metric: MetricResult): string {
  const parts = [`  ${metric.metric} [${metric.unit}, ${metric.higherIsBetter ? 'higher' : 'lower'} is better]`];
  for (const [name, summary] of Object.entries(metric.contenders)) {
    parts.push(`    ${name.padEnd(16)} median ${formatNumber(summary.median)}  min ${formatNumber(summary.min)}  max ${formatNumber(summary.max)}  n=${summary.samples.length}`);
  }
  if (metric.oursOverArangojs !== undefined) {
    parts.push(`    ours / ${competitorName(metric)}: ${formatRatio(metric.oursOverArangojs)}`);
  }
  if (metric.oursOverFloor !== undefined) {
    parts.push(`    ours / floor: ${formatRatio(metric.oursOverFloor)}`);
  }
  for (const target of metric.targets) {
    parts.push(`    target ${target.met ? 'met   ' : 'MISSED'} ${target.target}: ${target.measured}`);
  }
  if (metric.note !== undefined) {
    parts.push(`    note: ${metric.note}`);
  }
  return parts.join('\n');
}
