/**
 * The async job manager of one coordinator (arangod's AsyncJobManager): the results of
 * `x-arango-async: store` requests, kept in this process's memory until fetched or deleted.
 */
import type { Principal, SandboxResponse } from '../server/messages';

export type JobPhase = 'queued' | 'running' | 'done';

export interface Job {
  readonly id: string;
  readonly user: string;
  phase: JobPhase;
  /**
   * Seconds since the epoch: when the job was created, then when it finished — arangod's `_stamp`,
   * which `DELETE /_api/job/expired` compares (so a pending job older than the stamp goes too).
   */
  stamp: number;
  response?: SandboxResponse;
  /** Set by `cancel()`; the job is still pending until it has ended. */
  cancelRequestedAt?: number;
  /** Stops the running handler (set while the job runs). */
  abortRunning?: () => void;
}

export type JobStatus = 'pending' | 'done';

export class AsyncJobManager {
  /** Insertion order is id order: ids only grow. */
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers a job that was just queued. */
  create(id: string, principal: Principal): Job {
    const job: Job = { id, user: principal.user, phase: 'queued', stamp: this.now() / 1000 };
    this.jobs.set(id, job);
    return job;
  }

  /**
   * Stores a job's response. A job deleted in the meantime (or lost in a restart) is not stored:
   * its late result is discarded.
   */
  finish(job: Job, response: SandboxResponse): void {
    if (this.jobs.get(job.id) !== job) {
      return;
    }
    job.phase = 'done';
    job.response = response;
    job.stamp = this.now() / 1000;
    delete job.abortRunning;
  }

  status(id: string, principal: Principal): JobStatus | undefined {
    const job = this.visible(id, principal);
    if (job === undefined) {
      return undefined;
    }
    return job.phase === 'done' ? 'done' : 'pending';
  }

  /** A done job's response, removed so it is fetched exactly once; a pending job stays. */
  fetch(id: string, principal: Principal): { status: 'pending' } | { status: 'done'; response: SandboxResponse } | undefined {
    const job = this.visible(id, principal);
    if (job === undefined) {
      return undefined;
    }
    if (job.phase !== 'done' || job.response === undefined) {
      return { status: 'pending' };
    }
    this.jobs.delete(id);
    return { status: 'done', response: job.response };
  }

  /**
   * Starts cancelling a pending job: a queued one will never run, a running one is asked to stop.
   * False for an unknown or finished job.
   */
  cancel(id: string, principal: Principal): boolean {
    const job = this.visible(id, principal);
    if (job === undefined || job.phase === 'done') {
      return false;
    }
    job.cancelRequestedAt ??= this.now();
    job.abortRunning?.();
    return true;
  }

  /** Removes a job, pending or done; a pending one keeps running but its result is discarded. */
  delete(id: string, principal: Principal): boolean {
    const job = this.visible(id, principal);
    if (job === undefined) {
      return false;
    }
    this.jobs.delete(id);
    return true;
  }

  /** Removes every job the principal may see, pending ones included (without stopping them). */
  deleteAll(principal: Principal): void {
    for (const job of [...this.jobs.values()]) {
      if (authorized(job, principal)) {
        this.jobs.delete(job.id);
      }
    }
  }

  /** Removes every visible job whose stamp is older than `stamp` (seconds). */
  deleteExpired(stamp: number, principal: Principal): void {
    for (const job of [...this.jobs.values()]) {
      if (authorized(job, principal) && job.stamp < stamp) {
        this.jobs.delete(job.id);
      }
    }
  }

  /**
   * Ids of visible jobs with the status, in id order. Like arangod's byStatus the limit is checked
   * after adding, so `count = 0` still yields one id.
   */
  list(status: JobStatus, count: number, principal: Principal): string[] {
    const ids: string[] = [];
    for (const job of this.jobs.values()) {
      const jobStatus: JobStatus = job.phase === 'done' ? 'done' : 'pending';
      if (jobStatus === status && authorized(job, principal)) {
        ids.push(job.id);
        if (ids.length >= count) {
          break;
        }
      }
    }
    return ids;
  }

  /** Every job, for statistics. */
  counts(): Record<JobPhase, number> {
    const counts: Record<JobPhase, number> = { queued: 0, running: 0, done: 0 };
    for (const job of this.jobs.values()) {
      counts[job.phase] += 1;
    }
    return counts;
  }

  /** Forgets every job (a process restart). */
  clear(): void {
    for (const job of this.jobs.values()) {
      job.abortRunning?.();
    }
    this.jobs.clear();
  }

  private visible(id: string, principal: Principal): Job | undefined {
    const job = this.jobs.get(id);
    return job !== undefined && authorized(job, principal) ? job : undefined;
  }
}

function authorized(job: Job, principal: Principal): boolean {
  return principal.superuser || job.user === principal.user;
}
