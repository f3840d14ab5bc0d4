/**
 * What the extension knows about one async job. ArangoDB keeps nothing but a job id and, once the
 * job has ended, its one-time response; everything else here is ours, persisted across reloads.
 */

import type { AqlExecuteOptions } from '../client/aql';

/** The server never says "failed", "cancelled" or "lost": we derive those from the stored response. */
export type JobState = 'pending' | 'done' | 'failed' | 'cancelled' | 'lost';

export const JOB_STATES: readonly JobState[] = ['pending', 'done', 'failed', 'cancelled', 'lost'];

/** The options a query was submitted with, bind variables aside. */
export type SubmittedQueryOptions = Omit<AqlExecuteOptions, 'bindVars' | 'signal'>;

/** A position in a document, 0-based like VS Code's. */
export interface DocumentPosition {
  line: number;
  character: number;
}

export interface JobError {
  httpCode?: number;
  errorNum?: number;
  message: string;
}

export interface JobResultSummary {
  rows: number;
  bytes: number;
  kind: 'json' | 'jsonl' | 'error';
  statistics?: Record<string, unknown>;
  warnings?: unknown[];
  /** The query ran with `profile`: the stored result holds its profile (Show Profile). */
  profiled?: boolean;
}

export type CancelOutcome =
  /** The job manager accepted the cancel: a queued job never runs, a running query is killed. */
  | 'job-cancelled'
  /** The job's AQL query was found in the running-query list and killed directly as well. */
  | 'job-cancelled-and-query-killed'
  /** The job had already ended: its result is waiting to be fetched. */
  | 'already-finished'
  /** The server no longer knows the job (its result was taken or cleared, or the server restarted). */
  | 'unknown-to-server';

export interface TrackedJob {
  /** `coordinator#id`: job ids are only unique within the coordinator that accepted them. */
  readonly key: string;
  readonly id: string;
  /** Base URL of the coordinator that accepted the job: it alone holds the job and its result. */
  readonly coordinator: string;
  readonly database: string;
  /** `submitted` jobs were sent by this extension; `discovered` ones were found in the server's lists. */
  readonly origin: 'submitted' | 'discovered';
  /** The AQL text; unknown for discovered jobs. */
  readonly query?: string;
  readonly bindVars?: Record<string, unknown>;
  /** Where the query came from, so errors can be shown at their position. */
  readonly documentUri?: string;
  readonly queryStart?: DocumentPosition;
  /** Where the query ended in its document, so *Reveal Query* can select what was run. */
  readonly queryEnd?: DocumentPosition;
  /** The `// @query` block the query was run from. */
  readonly blockName?: string;
  /** The query options it was submitted with (bind variables aside), so it can be run again alike. */
  readonly options?: SubmittedQueryOptions;
  state: JobState;
  /** Epoch ms when submitted (or first seen, for discovered jobs). */
  submittedAt: number;
  /** Epoch ms when we first saw it ended on the server. */
  finishedAt?: number;
  /** True while the server holds the job's one-time result and we have not fetched it. */
  resultWaiting: boolean;
  cancelRequestedAt?: number;
  cancelOutcome?: CancelOutcome;
  result?: JobResultSummary;
  error?: JobError;
  /** Why a job became lost, in words for the user. */
  lostReason?: string;
  /**
   * Epoch ms of a result fetch that may have reached the server but whose answer never arrived:
   * if the server is later found without the result, it was lost in transit, not fetched elsewhere.
   */
  fetchCutOffAt?: number;
}

/** Why a job became lost, when the server simply no longer knows it. */
export const LOST_REASON =
  'The server no longer knows this job: its result was fetched or cleared elsewhere, or the server restarted.';

/** Why a job became lost, when its one-time result was handed out but never arrived. */
export const RESULT_LOST_IN_TRANSIT =
  'The server handed out this job\'s one-time result, but the connection broke before it arrived, so the server no longer has it.';

export function jobKey(coordinator: string, id: string): string {
  return `${coordinator}#${id}`;
}

/** The first line of a query that is not blank or a comment (else the first non-blank), for labels. */
export function firstLine(query: string | undefined): string {
  if (query === undefined) {
    return '(submitted elsewhere)';
  }
  const lines = query.split(/\r?\n/).map((text) => text.trim()).filter((text) => text.length > 0);
  let inBlockComment = false;
  for (const line of lines) {
    if (inBlockComment) {
      inBlockComment = !line.includes('*/');
      continue;
    }
    if (line.startsWith('//')) {
      continue;
    }
    if (line.startsWith('/*')) {
      inBlockComment = !line.includes('*/');
      continue;
    }
    return line;
  }
  return lines[0] ?? '(empty query)';
}

/** Whether nothing further can happen to the job on the server's side. */
export function isFinal(job: TrackedJob): boolean {
  return job.state !== 'pending' && !job.resultWaiting;
}
