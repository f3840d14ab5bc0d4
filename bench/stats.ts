/** Medians, spreads and ratios of repeated measurements. */

/** One contender's samples of one metric, with what a reader needs to judge the noise. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) {
    throw new RangeError('no samples to summarize');
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples: [...samples] };
}

/** The nearest-rank percentile (`p` in 0..100) of the samples: p95 is a value 95 % of them do not exceed. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) {
    throw new RangeError('no samples for a percentile');
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** `a / b`, or `undefined` when `b` is zero (a ratio to nothing means nothing). */
export function ratio(a: number, b: number): number | undefined {
  return b === 0 ? undefined : a / b;
}

/** A number with a precision that suits its size, for tables. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) || magnitude >= 1000) {
    return Math.round(value).toLocaleString('en-US');
  }
  if (magnitude >= 100) {
    return value.toFixed(0);
  }
  if (magnitude >= 10) {
    return value.toFixed(1);
  }
  return value.toFixed(2);
}

/** `median (min–max)`, so the spread of noisy machines is visible next to the median. */
export function formatSummary(summary: Summary | undefined): string {
  if (summary === undefined) {
    return '–';
  }
  if (summary.samples.length === 1 || summary.min === summary.max) {
    return formatNumber(summary.median);
  }
  return `${formatNumber(summary.median)} (${formatNumber(summary.min)}–${formatNumber(summary.max)})`;
}

export function formatRatio(value: number | undefined): string {
  if (value === undefined) {
    return '–';
  }
  // Small ratios (2 requests against 500) keep their significant digits.
  return value !== 0 && Math.abs(value) < 0.1 ? `${value.toPrecision(2)}×` : `${value.toFixed(2)}×`;
}

/** Milliseconds since `start` (from `performance.now()`). */
export function elapsedMs(start: number): number {
  return performance.now() - start;
}
