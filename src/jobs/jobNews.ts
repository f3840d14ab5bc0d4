import type { Disposable } from './events';
import type { JobChange, JobStore } from './jobStore';
import { firstLine } from './trackedJob';

/** What to tell the user about a job that changed, as a notification. */
export interface Notice {
  text: string;
  severity: 'info' | 'warning' | 'error';
  action?: string;
}

/** What to write to the log about a job that changed. */
export interface LogLine {
  level: 'info' | 'warn';
  text: string;
}

/**
 * What to tell the user about a change of a job submitted here, if anything; with auto-fetch the
 * stored result is the news. A job cancelled with *Cancel Job* is not news: the command said what
 * happened already, and one cancel gets one message.
 */
export function noticeFor(change: JobChange, autoFetch: boolean): Notice | undefined {
  const job = change.job;
  const before = change.previous;
  if (change.kind !== 'updated' || !before || job.origin !== 'submitted') {
    return undefined;
  }
  if (job.result && !before.result) {
    switch (job.state) {
      case 'done':
        return { text: `finished: ${rows(job.result.rows)}.`, severity: 'info', action: 'Open Result' };
      case 'failed':
        return { text: `failed: ${job.error?.message ?? 'see the result'}${job.error?.errorNum !== undefined ? ` (errorNum ${job.error.errorNum})` : ''}`, severity: 'error', action: 'Open Error' };
      case 'cancelled':
        return job.cancelOutcome === undefined ? { text: 'was cancelled.', severity: 'info' } : undefined;
      default:
        return undefined;
    }
  }
  if (!autoFetch && job.resultWaiting && !before.resultWaiting) {
    return { text: 'finished; its result waits on the server.', severity: 'info', action: 'Fetch Result' };
  }
  if (job.state === 'lost' && before.state !== 'lost') {
    return { text: `is lost. ${job.lostReason ?? ''}`, severity: 'warning' };
  }
  return undefined;
}

/**
 * The log line for a change, at a level the default log shows: a job found on the server, ended
 * there, stored, failed, cancelled or lost. Submissions, cancels and clears are logged by the
 * commands that do them. Lines name jobs by id and coordinator, not by query text or bind values,
 * which may hold what a log must not; a failure's line carries the server's own message, which
 * may quote the part of the query it points at.
 */
export function logLineFor(change: JobChange): LogLine | undefined {
  const job = change.job;
  const before = change.previous;
  const name = `Job ${job.id} on ${job.coordinator}`;
  if (change.kind === 'added') {
    return job.origin === 'discovered' ? { level: 'info', text: `${name} found on the server (${job.state}; submitted elsewhere).` } : undefined;
  }
  if (change.kind !== 'updated' || !before) {
    return undefined;
  }
  if (job.state === 'lost' && before.state !== 'lost') {
    return { level: 'warn', text: `${name} is lost: ${job.lostReason ?? 'the server no longer knows it'}` };
  }
  if (job.result && !before.result) {
    switch (job.state) {
      case 'done':
        return { level: 'info', text: `${name} done: ${rows(job.result.rows)} stored (${job.result.bytes} bytes${job.result.kind === 'jsonl' ? ', JSON Lines' : ''}).` };
      case 'failed':
        return { level: 'info', text: `${name} failed: ${firstLine(job.error?.message ?? 'no message')}${errorCodes(job.error)}.` };
      case 'cancelled':
        return { level: 'info', text: `${name} ended cancelled${errorCodes(job.error)}.` };
      default:
        return undefined;
    }
  }
  if (job.resultWaiting && !before.resultWaiting) {
    return { level: 'info', text: `${name} ended on the server (${job.state}); its result waits to be fetched.` };
  }
  return undefined;
}

/** Writes {@link logLineFor} of every change to `log`. */
export class JobActivityLog implements Disposable {
  private readonly subscription: Disposable;

  constructor(store: JobStore, log: { info(message: string): void; warn(message: string): void }) {
    this.subscription = store.onDidChange((changes) => {
      for (const change of changes) {
        const line = logLineFor(change);
        if (line) {
          log[line.level](line.text);
        }
      }
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

function rows(count: number): string {
  return `${count} ${count === 1 ? 'row' : 'rows'}`;
}

function errorCodes(error: { errorNum?: number; httpCode?: number } | undefined): string {
  const parts = [error?.errorNum !== undefined ? `errorNum ${error.errorNum}` : '', error?.httpCode !== undefined ? `HTTP ${error.httpCode}` : ''].filter((part) => part);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
