/**
 * One coordinator "process": its listener, its in-memory state (jobs, cursors, running queries,
 * request queue) and the fault layer in front of its pipeline. Stopping it is a crash: everything
 * in memory is lost; only the shared data store survives.
 */
import { CursorRegistry } from '../cursors/cursorRegistry';
import { AsyncJobManager } from '../jobs/jobManager';
import { QueryRegistry } from '../queries/queryRegistry';
import { sleep } from './abortable';
import type { ClusterMember, ClusterState, CoordinatorState } from './context';
import type { FaultInjector } from './faults';
import { HttpListener, type Outcome, type TlsOptions } from './httpListener';
import { earlyErrorResponse, headerValue, type RawRequest, type SandboxResponse } from './messages';
import { parseTarget, RequestPipeline } from './pipeline';
import { RequestQueue } from './requestQueue';
import { routeKey } from './router';
import { serviceUnavailable } from './serverErrors';
import type { RequestStats } from './stats';

export interface CoordinatorSettings {
  workers: number;
  maxQueueSize: number;
  tls: TlsOptions | undefined;
  faults: FaultInjector;
  stats: RequestStats;
  /** Answers `/_sandbox/` requests (no auth, no faults). */
  control: (request: RawRequest) => Outcome;
  log: (line: string) => void;
}

/** The reason everything running on a coordinator is aborted with when it goes down. */
export class ProcessStopped extends Error {
  constructor(index: number) {
    super(`coordinator ${index} stopped`);
    this.name = 'ProcessStopped';
  }
}

interface Process {
  state: CoordinatorState;
  pipeline: RequestPipeline;
  lifetime: AbortController;
  listener: HttpListener;
}

export class Coordinator implements ClusterMember {
  private process: Process | undefined;
  private port = 0;

  constructor(
    readonly index: number,
    private readonly cluster: ClusterState,
    private readonly settings: CoordinatorSettings,
  ) {}

  get state(): CoordinatorState | undefined {
    return this.process?.state;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** The port, fixed after the first start so a restarted coordinator comes back on it. */
  get boundPort(): number {
    return this.port;
  }

  /** Starts the process on `port` (0: any free port; later starts reuse the first port). */
  async start(port = this.port): Promise<void> {
    if (this.process !== undefined) {
      return;
    }
    const lifetime = new AbortController();
    const { now } = this.cluster;
    const state: CoordinatorState = {
      index: this.index,
      jobs: new AsyncJobManager(now),
      cursors: new CursorRegistry(now),
      queries: new QueryRegistry(now),
      queue: new RequestQueue(this.settings.workers, this.settings.maxQueueSize, now),
      lifetime: lifetime.signal,
    };
    const listener = new HttpListener((request) => this.serve(request), this.settings.tls, (line) =>
      this.settings.log(`coordinator ${this.index}: ${line}`),
    );
    this.port = await listener.listen(port);
    this.process = { state, pipeline: new RequestPipeline(state, this.cluster), lifetime, listener };
    this.settings.log(`coordinator ${this.index} listening on port ${this.port}`);
  }

  /** Stops the process as a crash would: connections drop, jobs, cursors and queries are gone. */
  async stop(): Promise<void> {
    const process = this.process;
    if (process === undefined) {
      return;
    }
    this.process = undefined;
    const reason = new ProcessStopped(this.index);
    process.lifetime.abort(reason);
    process.state.queries.killAll(reason);
    process.state.queue.drop();
    process.state.jobs.clear();
    process.state.cursors.clear();
    await process.listener.close();
    this.settings.log(`coordinator ${this.index} stopped`);
  }

  handleForwarded(request: RawRequest): Promise<SandboxResponse> {
    const process = this.process;
    if (process === undefined) {
      return Promise.reject(new ProcessStopped(this.index));
    }
    return process.pipeline.handle(request);
  }

  /** The fault layer, then the pipeline; control routes bypass both. */
  private async serve(request: RawRequest): Promise<Outcome> {
    if (request.url === '/_sandbox' || request.url.startsWith('/_sandbox/') || request.url.startsWith('/_sandbox?')) {
      return this.settings.control(request);
    }
    const process = this.process;
    if (process === undefined) {
      return { kind: 'destroy' };
    }
    const { faults, stats } = this.settings;
    stats.countRequest(statsKey(request), this.index, headerValue(request.headers, 'x-arango-async'));
    const decision = faults.decide();
    if (decision.latencyMs > 0) {
      await sleep(decision.latencyMs, process.lifetime.signal);
    }
    if (decision.reset === 'beforeHandling') {
      stats.countFault('beforeHandling');
      return { kind: 'destroy' };
    }
    if (decision.unavailable) {
      stats.countFault('unavailable');
      return { kind: 'respond', response: earlyErrorResponse(serviceUnavailable()) };
    }
    const response = await process.pipeline.handle(request);
    if (decision.reset === 'afterHandling') {
      stats.countFault('afterHandling');
      return { kind: 'destroy' };
    }
    return { kind: 'respond', response: this.decorate(request, response, process.state) };
  }

  /** Headers arangod adds to every answer it writes (HttpCommTask). */
  private decorate(request: RawRequest, response: SandboxResponse, state: CoordinatorState): SandboxResponse {
    const headers = { ...response.headers };
    headers['server'] = 'ArangoDB';
    headers['x-content-type-options'] = 'nosniff';
    headers['x-arango-queue-time-seconds'] = state.queue.currentQueueTimeSeconds().toFixed(6);
    if (response.status === 401 && request.headers['x-omit-www-authenticate'] === undefined) {
      headers['www-authenticate'] = ['Basic, realm="ArangoDB"', 'Bearer, token_type="JWT", realm="ArangoDB"'];
    }
    return { ...response, headers };
  }
}

function statsKey(request: RawRequest): string {
  try {
    return routeKey(request.method, parseTarget(request.url).segments);
  } catch {
    return `${request.method} (bad URL)`;
  }
}
