/**
 * What the Server Activity view says about the server's queries, as plain text, and the document
 * *Open in Editor* makes of one. Free of `vscode`, so it is tested in Node.
 */
import type { RunningQuery } from '../client/aql';
import type { ServerQueryList } from '../jobs/serverActivityPoller';
import type { TrackedJob } from '../jobs/trackedJob';
import { formatClockTime, formatDuration } from './format';

/** `contextValue`s of the Server Activity items; package.json's menus match on them. A running query of our own job ends in `.job`. */
export const SERVER_CONTEXT = {
  list: (list: ServerQueryList) => `serverQueries.${list}`,
  query: (list: ServerQueryList, ownJob: boolean) => `serverQuery.${list}${ownJob ? '.job' : ''}`,
} as const;

/** Every context value the Server Activity view produces. */
export const SERVER_CONTEXT_VALUES: readonly string[] = [
  SERVER_CONTEXT.list('running'),
  SERVER_CONTEXT.list('slow'),
  SERVER_CONTEXT.query('running', false),
  SERVER_CONTEXT.query('running', true),
  SERVER_CONTEXT.query('slow', false),
];

export const LIST_LABELS: Record<ServerQueryList, string> = {
  running: 'Running Queries',
  slow: 'Slow Queries',
};

/**
 * How long the query has run as of `now`: the server's `runTime` when it was read, plus the time
 * since for a running query (so it ticks between reads); a slow query's run time is final.
 */
export function runTimeMs(query: RunningQuery, list: ServerQueryList, readAt: number, now: number): number {
  return query.runTime * 1000 + (list === 'running' ? Math.max(0, now - readAt) : 0);
}

/** `killed (errorNum 1500)`, `finished`, `executing`. */
export function stateText(query: RunningQuery): string {
  return query.exitCode !== undefined && query.exitCode !== 0 ? `${query.state} (errorNum ${query.exitCode})` : query.state;
}

/**
 * The item's description. Running: `= job 42 · executing · 3.2 s` for our own job's query, else
 * `executing · 3.2 s · root`. Slow: `killed (errorNum 1500) · 10.1 s · root · 16:02:11`.
 */
export function queryDescription(query: RunningQuery, list: ServerQueryList, readAt: number, now: number, job?: Pick<TrackedJob, 'id'>): string {
  const facts = [stateText(query), formatDuration(runTimeMs(query, list, readAt, now))];
  if (job) {
    return [`= job ${job.id}`, ...facts].join(' · ');
  }
  facts.push(query.user === '' ? '(no user)' : query.user);
  const started = Date.parse(query.started);
  if (list === 'slow' && Number.isFinite(started)) {
    facts.push(formatClockTime(started, now));
  }
  return facts.join(' · ');
}

/** The tooltip's facts, one Markdown line each (the query and its bind parameters come as code blocks before them). */
export function queryTooltipLines(query: RunningQuery, list: ServerQueryList, readAt: number, now: number, job?: Pick<TrackedJob, 'id'>): string[] {
  const started = Date.parse(query.started);
  const lines = [
    `**${list === 'running' ? 'Running' : 'Slow'} query** \`${query.id}\`${job ? ` · job \`${job.id}\` of this window` : ''}`,
    `State: ${stateText(query)}`,
    `Run time: ${formatDuration(runTimeMs(query, list, readAt, now))}`,
    `Started: ${Number.isFinite(started) ? `${formatClockTime(started, now)} (${query.started})` : query.started}`,
    `User: \`${query.user === '' ? '(none)' : query.user}\` · Database: \`${query.database}\``,
  ];
  if (query.stream) {
    lines.push('Streaming cursor');
  }
  if (query.peakMemoryUsage !== undefined && query.peakMemoryUsage > 0) {
    lines.push(`Peak memory: ${query.peakMemoryUsage} bytes`);
  }
  lines.push(`Read from ${query.coordinator} at ${formatClockTime(readAt, now)}`);
  return lines;
}

/** The note the job explorer adds to a pending job whose query the server lists as running. */
export function jobServerNote(query: RunningQuery, readAt: number, now: number): string {
  return `running on server: ${stateText(query)}, ${formatDuration(runTimeMs(query, 'running', readAt, now))}`;
}

/** A bind parameter name a block header takes as `bind.<name>=<json>`. */
const HEADER_BIND_NAME = /^@?_*[a-zA-Z0-9][a-zA-Z0-9_]*$/;

/**
 * The text *Open in Editor* opens: a `// @query` block header carrying the bind parameters as
 * `bind.<name>=<json>` (so Run AQL Async runs the query with them as they were), then the query.
 * A name a header cannot carry is listed in a comment instead. Without bind parameters, the query
 * alone.
 *
 * @example queryDocumentText({ id: '17', query: 'RETURN @a', bindVars: { a: 1 } }) // '// @query server-17 bind.a=1\nRETURN @a\n'
 */
export function queryDocumentText(query: Pick<RunningQuery, 'id' | 'query' | 'bindVars'>): string {
  const entries = Object.entries(query.bindVars);
  const body = query.query.endsWith('\n') ? query.query : `${query.query}\n`;
  if (entries.length === 0) {
    return body;
  }
  const inHeader = entries.filter(([name]) => HEADER_BIND_NAME.test(name));
  const elsewhere = entries.filter(([name]) => !HEADER_BIND_NAME.test(name));
  const header = [`// @query server-${query.id.replace(/[^A-Za-z0-9_.:-]/g, '_')}`, ...inHeader.map(([name, value]) => `bind.${name}=${JSON.stringify(value)}`)].join(' ');
  const comment = elsewhere.length === 0 ? '' : `/* bind parameters a header cannot carry: ${JSON.stringify(Object.fromEntries(elsewhere)).replace(/\*\//g, '*\\/')} */\n`;
  return `${header}\n${comment}${body}`;
}
