/**
 * What one coordinator does with a request, in arangod's order (CommTask::prepareExecution and
 * executeRequest): authenticate, resolve the database, check the queue time, find the handler,
 * forward to the owning coordinator, then run it — queued as an async job or synchronously.
 */
import type { Database } from '../data/store';
import type { Job } from '../jobs/jobManager';
import { childController, sleep } from './abortable';
import type { ClusterState, CoordinatorState, RouteContext } from './context';
import {
  earlyErrorResponse,
  emptyResponse,
  errorResponse,
  headerValue,
  type ApiRequest,
  type RawRequest,
  type SandboxResponse,
} from './messages';
import { dispatch, matchRoute, type RouteMatch } from './router';
import {
  backendUnavailable,
  badParameter,
  canceledRequest,
  databaseNotFound,
  notAuthorized,
  queueFull,
  queueTimeViolated,
  unknownPath,
} from './serverErrors';

/**
 * After a running job is cancelled, arangod's query notices the kill at its next check, so for a
 * moment the job is still listed as pending (the golden job_cancel shows it right after the
 * cancel). The sandbox keeps a cancelled job pending at least this long.
 */
export const KILL_NOTICE_DELAY_MS = 100;

/** Where a request is addressed: the database and the decoded path segments. */
export interface RequestTarget {
  database: string;
  segments: string[];
  query: URLSearchParams;
}

/** Splits `/_db/{name}/rest?query`; throws on bad percent-encoding. */
export function parseTarget(url: string): RequestTarget {
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1));
  let segments = path.split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment));
  let database = '_system';
  if (segments[0] === '_db' && segments[1] !== undefined) {
    database = segments[1];
    segments = segments.slice(2);
  }
  return { database, segments, query };
}

export class RequestPipeline {
  constructor(
    private readonly state: CoordinatorState,
    private readonly cluster: ClusterState,
  ) {}

  /** Answers a request that reached this coordinator from a client. */
  async handle(raw: RawRequest): Promise<SandboxResponse> {
    let target: RequestTarget;
    try {
      target = parseTarget(raw.url);
    } catch {
      return errorResponse(badParameter('invalid URL encoding'));
    }
    const match = matchRoute(target.segments);
    const principal = this.cluster.auth.authenticate(raw.headers);
    if (principal === undefined && match?.route.open !== true) {
      return earlyErrorResponse(notAuthorized());
    }
    const database = this.cluster.store.database(target.database);
    if (database === undefined) {
      return earlyErrorResponse(databaseNotFound());
    }
    if (this.queueTimeViolated(raw)) {
      return earlyErrorResponse(queueTimeViolated());
    }
    if (match === undefined) {
      return errorResponse(unknownPath('/' + target.segments.join('/')));
    }
    const forwarded = await this.forward(raw, match);
    if (forwarded !== undefined) {
      return forwarded;
    }
    const request: ApiRequest = {
      raw,
      method: raw.method,
      database: database.name,
      segments: target.segments,
      query: target.query,
      principal: principal ?? { user: '', superuser: false },
    };
    // Matched exactly and case-sensitively, like arangod; any other value runs synchronously.
    const asyncMode = headerValue(raw.headers, 'x-arango-async');
    if (asyncMode === 'store' || asyncMode === 'true') {
      return this.submit(request, match, database, asyncMode === 'store');
    }
    return dispatch(match.route, this.context(request, match, database, this.state.lifetime));
  }

  private context(request: ApiRequest, match: RouteMatch, database: Database, signal: AbortSignal): RouteContext {
    return { request, suffixes: match.suffixes, database, signal, node: this.state, cluster: this.cluster };
  }

  /**
   * `x-arango-queue-time-seconds`: refuse when the queue time is already longer than the client
   * accepts. A value that does not parse, or 0, means no limit.
   */
  private queueTimeViolated(raw: RawRequest): boolean {
    const limit = Number.parseFloat(headerValue(raw.headers, 'x-arango-queue-time-seconds') ?? '');
    return Number.isFinite(limit) && limit > 0 && this.state.queue.currentQueueTimeSeconds() > limit;
  }

  /** Sends a request about another coordinator's job, cursor or query to that coordinator. */
  private async forward(raw: RawRequest, match: RouteMatch): Promise<SandboxResponse | undefined> {
    const owner = match.route.owner?.(raw.method, match.suffixes);
    if (owner === undefined || owner === this.state.index || !this.cluster.forwarding) {
      return undefined;
    }
    const member = this.cluster.members[owner];
    if (member === undefined) {
      return undefined;
    }
    if (member.state === undefined) {
      return errorResponse(backendUnavailable());
    }
    return member.handleForwarded(raw);
  }

  /** Queues a request as an async job: 202 now, the handler later on a worker. */
  private submit(request: ApiRequest, match: RouteMatch, database: Database, store: boolean): SandboxResponse {
    const { queue, jobs } = this.state;
    const id = store ? this.cluster.ids.next(this.state.index) : undefined;
    const job: Job | undefined = id === undefined ? undefined : jobs.create(id, request.principal);
    const accepted = queue.tryEnqueue({
      run: async () => {
        const response = await this.runJob(request, match, database, job);
        if (job !== undefined) {
          this.store(job, response);
        }
      },
    });
    if (!accepted) {
      if (job !== undefined) {
        jobs.delete(job.id, request.principal);
      }
      return earlyErrorResponse(queueFull());
    }
    return emptyResponse(202, id === undefined ? {} : { 'x-arango-async-id': id });
  }

  private async runJob(request: ApiRequest, match: RouteMatch, database: Database, job: Job | undefined): Promise<SandboxResponse> {
    if (job?.cancelRequestedAt !== undefined) {
      // Cancelled while still queued: it never runs.
      return errorResponse(canceledRequest());
    }
    const { controller, dispose } = childController(this.state.lifetime);
    if (job !== undefined) {
      job.phase = 'running';
      job.abortRunning = () => controller.abort(canceledRequest());
    }
    try {
      return await dispatch(match.route, this.context(request, match, database, controller.signal));
    } finally {
      dispose();
    }
  }

  /**
   * Stores a job's response. A job cancelled while it ran becomes done only KILL_NOTICE_DELAY_MS
   * after the cancel; its worker is free at once, so the delay never holds up other jobs.
   */
  private store(job: Job, response: SandboxResponse): void {
    const { jobs, lifetime } = this.state;
    if (lifetime.aborted) {
      return;
    }
    const cancelledAt = job.cancelRequestedAt;
    const wait = cancelledAt === undefined ? 0 : cancelledAt + KILL_NOTICE_DELAY_MS - this.cluster.now();
    if (wait <= 0) {
      jobs.finish(job, response);
      return;
    }
    void sleep(wait, lifetime).then(() => {
      if (!lifetime.aborted) {
        jobs.finish(job, response);
      }
    });
  }
}
