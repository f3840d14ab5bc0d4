/**
 * A rough estimate of the memory a query holds, for `memoryLimit` and `peakMemoryUsage`.
 * arangod counts 16 bytes per value slot in its item blocks plus the data values point to, and
 * reports usage in 32 KiB steps; the estimates here follow that shape closely enough that the
 * golden example (100000 sorted numbers against a 100000-byte limit) trips the limit while
 * ordinary small queries report 0.
 */

/** Bytes of one value slot (arangod's AqlValue). */
export const SLOT_BYTES = 16;

/** Granularity of arangod's memory accounting (ResourceMonitor chunks). */
const REPORTING_STEP = 32768;

/** Estimated bytes of a value beyond its slot, looking two levels deep. */
export function estimateValueBytes(value: unknown, depth = 2): number {
  if (typeof value === 'string') {
    return value.length > 15 ? value.length + 1 : 0;
  }
  if (typeof value !== 'object' || value === null) {
    return 0;
  }
  if (Array.isArray(value)) {
    if (depth === 0) {
      return value.length * SLOT_BYTES;
    }
    let bytes = 9;
    for (const member of value) {
      bytes += SLOT_BYTES + estimateValueBytes(member, depth - 1);
    }
    return bytes;
  }
  let bytes = 9;
  for (const key in value) {
    bytes += key.length + 1 + SLOT_BYTES;
    if (depth > 0) {
      bytes += estimateValueBytes((value as Record<string, unknown>)[key], depth - 1);
    }
  }
  return bytes;
}

/** Peak usage as arangod reports it: in whole 32 KiB steps. */
export function reportedPeak(bytes: number): number {
  return Math.floor(bytes / REPORTING_STEP) * REPORTING_STEP;
}
