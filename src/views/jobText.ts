/**
 * What the job explorer says about a job, as plain text: the tree item's description and the
 * lines of its tooltip. Free of `vscode`, so what is shown (and that it is true) is tested in Node.
 */
import type { CancelOutcome, TrackedJob } from '../jobs/trackedJob';
import { documentLocation, formatClockTime, formatDuration, formatRelative, formatSource } from './format';

/** The query's execution time as the server measured it (`extra.stats.executionTime`, seconds), in ms. */
export function serverTimeMs(job: Readonly<TrackedJob>): number | undefined {
  const seconds = job.result?.statistics?.['executionTime'];
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * Submission to the moment the extension saw the job ended (its result or error ready on the
 * server). Only for jobs submitted here: a job found on the server has no known submission time.
 */
export function timeToResultMs(job: Readonly<TrackedJob>): number | undefined {
  return job.origin === 'submitted' && job.finishedAt !== undefined ? job.finishedAt - job.submittedAt : undefined;
}

/** `3 rows · server 1.9 ms · 516 ms to result · slow.aql 16:12:05 · _system · #123`: newest facts first. */
export function jobDescription(job: Readonly<TrackedJob>, now: number): string {
  return [...stateFacts(job), ...shortTimes(job, now), shortSource(job, now), job.database, `#${job.id}`].join(' · ');
}

/** The tooltip's first line, in Markdown. */
export function tooltipHeader(job: Readonly<TrackedJob>, stateLabel: string): string {
  return `**${stateLabel}** · job \`${job.id}\`${job.origin === 'discovered' ? ' · found on the server' : ''}`;
}

/** The tooltip's facts, one Markdown line each, with times as of `now` (when it is shown). */
export function tooltipLines(job: Readonly<TrackedJob>, now: number): string[] {
  const lines = [`Database: \`${job.database}\``, `Coordinator: \`${job.coordinator}\``, longSource(job, now), ...longTimes(job, now)];
  if (job.cancelOutcome) {
    lines.push(`Cancel: ${describeCancel(job.cancelOutcome)}`);
  }
  if (job.result && job.result.kind !== 'error') {
    lines.push(`Result: ${job.result.rows} rows, ${job.result.bytes} bytes${job.result.kind === 'jsonl' ? ' (JSON Lines file)' : ''}`);
    if (job.result.profiled === true) {
      lines.push('Profiled: *Show Profile* (context menu) opens its plan with runtimes per node');
    }
  }
  if (job.error) {
    lines.push(`Error${job.error.errorNum !== undefined ? ` ${job.error.errorNum}` : ''}: ${escapeMarkdown(job.error.message)}`);
  }
  if (job.lostReason) {
    lines.push(escapeMarkdown(job.lostReason));
  }
  return lines;
}

export function describeCancel(outcome: CancelOutcome): string {
  switch (outcome) {
    case 'job-cancelled':
      return 'the job was cancelled before its query was seen running';
    case 'job-cancelled-and-query-killed':
      return 'the job was cancelled and its running query was killed';
    case 'already-finished':
      return 'the job had already finished; its result is kept';
    case 'unknown-to-server':
      return 'the server no longer knows the job, so there was nothing to cancel';
  }
}

function stateFacts(job: Readonly<TrackedJob>): string[] {
  const facts: string[] = [];
  if (job.state === 'failed' && job.error?.errorNum !== undefined) {
    facts.push(`error ${job.error.errorNum}`);
  }
  if (job.result && job.result.kind !== 'error') {
    facts.push(`${job.result.rows} ${job.result.rows === 1 ? 'row' : 'rows'}`);
  }
  if (job.state === 'done' && job.resultWaiting) {
    facts.push('result on server');
  }
  if (job.state === 'cancelled' && job.cancelOutcome !== undefined) {
    facts.push(job.cancelOutcome === 'job-cancelled-and-query-killed' ? 'running query killed' : 'query was not running');
  }
  if (job.state === 'pending' && job.cancelRequestedAt !== undefined) {
    facts.push('cancelling');
  }
  return facts;
}

function shortTimes(job: Readonly<TrackedJob>, now: number): string[] {
  const times: string[] = [];
  switch (job.state) {
    case 'pending':
      // A found job was running before we saw it: what we know is a lower bound.
      times.push(`running ${job.origin === 'discovered' ? '≥ ' : ''}${formatDuration(now - job.submittedAt)}`);
      break;
    case 'done': {
      const server = serverTimeMs(job);
      const toResult = timeToResultMs(job);
      if (server !== undefined) times.push(`server ${formatDuration(server)}`);
      if (toResult !== undefined) times.push(`${formatDuration(toResult)} to result`);
      break;
    }
    case 'failed': {
      const toResult = timeToResultMs(job);
      if (toResult !== undefined) times.push(`failed after ${formatDuration(toResult)}`);
      break;
    }
    case 'cancelled':
      if (job.cancelRequestedAt !== undefined && job.origin === 'submitted') {
        times.push(`cancelled after ${formatDuration(job.cancelRequestedAt - job.submittedAt)}`);
      }
      break;
    case 'lost':
      // When it was lost is unknown (a restart, a fetch elsewhere): only when we noticed.
      break;
  }
  return times;
}

function longTimes(job: Readonly<TrackedJob>, now: number): string[] {
  const at = (epochMs: number) => formatClockTime(epochMs, now);
  const times: string[] = [];
  switch (job.state) {
    case 'pending':
      times.push(job.origin === 'discovered'
        ? `Running for at least ${formatDuration(now - job.submittedAt)} (since it was found)`
        : `Running for ${formatDuration(now - job.submittedAt)}`);
      break;
    case 'done': {
      const server = serverTimeMs(job);
      if (server !== undefined) {
        times.push(`Server execution time: ${formatDuration(server)}`);
      } else if (job.result) {
        times.push('Server execution time: not reported by the server');
      }
      const toResult = timeToResultMs(job);
      if (toResult !== undefined && job.finishedAt !== undefined) {
        times.push(`Result ready ${formatDuration(toResult)} after submission (seen at ${at(job.finishedAt)})`);
      } else if (job.finishedAt !== undefined) {
        times.push(`Seen done at ${at(job.finishedAt)}`);
      }
      break;
    }
    case 'failed': {
      const toResult = timeToResultMs(job);
      if (toResult !== undefined && job.finishedAt !== undefined) {
        times.push(`Failed ${formatDuration(toResult)} after submission (seen at ${at(job.finishedAt)})`);
      } else if (job.finishedAt !== undefined) {
        times.push(`Seen failed at ${at(job.finishedAt)}`);
      }
      break;
    }
    case 'cancelled':
      if (job.cancelRequestedAt !== undefined) {
        const after = job.origin === 'submitted' ? `, ${formatDuration(job.cancelRequestedAt - job.submittedAt)} after submission` : '';
        times.push(`Cancel requested at ${at(job.cancelRequestedAt)}${after}`);
      } else {
        times.push('Cancelled elsewhere: the server answered that the job was cancelled');
      }
      break;
    case 'lost':
      if (job.finishedAt !== undefined) {
        times.push(`Noticed lost at ${at(job.finishedAt)}; when it was lost on the server is unknown`);
      }
      break;
  }
  return times;
}

/** `slow.aql:12 16:12:05`, or `found 16:12:05` for a job someone else submitted. */
function shortSource(job: Readonly<TrackedJob>, now: number): string {
  const time = formatClockTime(job.submittedAt, now);
  if (job.origin === 'discovered') {
    return `found ${time}`;
  }
  const source = formatSource(job.documentUri, job.blockName === undefined ? job.queryStart : undefined);
  const from = source !== undefined && job.blockName !== undefined ? `${source} › ${job.blockName}` : source;
  return from === undefined ? time : `${from} ${time}`;
}

function longSource(job: Readonly<TrackedJob>, now: number): string {
  const relative = formatRelative(job.submittedAt, now);
  const when = `${formatClockTime(job.submittedAt, now)}${relative === undefined ? '' : ` (${relative})`}`;
  if (job.origin === 'discovered') {
    return `Found on the server at ${when}; it was submitted elsewhere, so when it started is unknown`;
  }
  if (job.documentUri === undefined) {
    return `Submitted at ${when}`;
  }
  const line = job.queryStart !== undefined ? `, line ${job.queryStart.line + 1}` : '';
  const block = job.blockName !== undefined ? `, block \`${job.blockName}\`` : '';
  return `Submitted at ${when} from \`${documentLocation(job.documentUri)}\`${block}${line}`;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (match) => `\\${match}`);
}
