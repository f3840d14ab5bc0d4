import type { ResultFact, ResultHeader, ResultWarning } from '../webviewHost/messages/resultMessages';
import { formatBytes, formatCount, resultTitle } from './resultText';
import type { StoredResult } from './storedResult';

/** A statistic the server gave, when it is a number. */
function numberOf(statistics: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = statistics[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `0.35 ms`, `812 ms`, `12.4 s`: the server gives seconds with a dozen digits. */
export function formatSeconds(seconds: number): string {
  if (seconds < 1) {
    const milliseconds = seconds * 1000;
    return `${milliseconds < 10 ? milliseconds.toFixed(2) : milliseconds < 100 ? milliseconds.toFixed(1) : Math.round(milliseconds)} ms`;
  }
  return `${seconds < 100 ? seconds.toFixed(seconds < 10 ? 2 : 1) : Math.round(seconds)} s`;
}

/**
 * The statistics a reader of a result looks at, from the server's `extra.stats`: documents
 * scanned (by full collection scan and by index), filtered out, written (and ignored), and the
 * query's peak memory. A statistic the server did not send is left out.
 */
export function statisticFacts(statistics: Readonly<Record<string, unknown>> | undefined): ResultFact[] {
  if (statistics === undefined) return [];
  const facts: ResultFact[] = [];
  const full = numberOf(statistics, 'scannedFull');
  const index = numberOf(statistics, 'scannedIndex');
  if (full !== undefined || index !== undefined) {
    facts.push({ label: 'Scanned', value: `${formatCount(full ?? 0)} full, ${formatCount(index ?? 0)} by index` });
  }
  const filtered = numberOf(statistics, 'filtered');
  if (filtered !== undefined) facts.push({ label: 'Filtered', value: formatCount(filtered) });
  const written = numberOf(statistics, 'writesExecuted');
  const ignored = numberOf(statistics, 'writesIgnored');
  if (written !== undefined || ignored !== undefined) {
    facts.push({ label: 'Writes', value: `${formatCount(written ?? 0)} executed, ${formatCount(ignored ?? 0)} ignored` });
  }
  const peak = numberOf(statistics, 'peakMemoryUsage');
  if (peak !== undefined) facts.push({ label: 'Peak memory', value: formatBytes(peak) });
  return facts;
}

/** The server's warnings (`{ code, message }` objects) as the header lists them; anything else as its JSON. */
export function warningsOf(warnings: readonly unknown[] | undefined): ResultWarning[] {
  return (warnings ?? []).map((warning) => {
    if (typeof warning === 'object' && warning !== null && typeof (warning as { message?: unknown }).message === 'string') {
      const { code, message } = warning as { code?: unknown; message: string };
      return typeof code === 'number' ? { code, message } : { message };
    }
    return { message: typeof warning === 'string' ? warning : JSON.stringify(warning) };
  });
}

/** The job id in a job key (`coordinator#id`). */
export function jobIdOf(jobKey: string): string {
  return jobKey.slice(jobKey.lastIndexOf('#') + 1);
}

/**
 * What the viewer shows above the rows, all of it from the stored result, so a viewer restored
 * after a reload shows the same header without asking the server.
 *
 * @example resultHeader(stored, 'FOR d IN docs RETURN d') // { title: 'FOR d IN docs RETURN d (job 12)', rowCount: 3, … }
 */
export function resultHeader(stored: StoredResult, queryLine: string): ResultHeader {
  const jobId = jobIdOf(stored.jobKey);
  const bindVars = stored.bindVars !== undefined && Object.keys(stored.bindVars).length > 0 ? JSON.stringify(stored.bindVars, null, 2) : undefined;
  const seconds = stored.statistics === undefined ? undefined : numberOf(stored.statistics, 'executionTime');
  return {
    title: viewerTitle(queryLine, jobId),
    jobId,
    query: stored.query,
    ...(bindVars === undefined ? {} : { bindVars }),
    database: stored.database,
    rowCount: stored.rows,
    ...(seconds === undefined ? {} : { executionTime: formatSeconds(seconds) }),
    statistics: statisticFacts(stored.statistics),
    warnings: warningsOf(stored.warnings),
  };
}

/** The viewer tab's title: as a text tab's, without the file extension a text tab needs for its language. */
export function viewerTitle(queryLine: string, jobId: string): string {
  return resultTitle(queryLine, jobId, 'result').replace(/\.json$/, '');
}
