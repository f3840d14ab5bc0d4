/**
 * The sandbox as a whole: one data store shared by `coordinators` coordinator processes, the fault
 * injector, the request statistics and the sandbox-only controls (restart, stop/start a coordinator).
 */
import { randomBytes } from 'node:crypto';
import { DataStore } from './data/store';
import { seedDemo } from './seed/demo';
import { sleep } from './server/abortable';
import { Authenticator } from './server/auth';
import type { ClusterState } from './server/context';
import { handleControlRequest, type ControlTarget } from './server/controlApi';
import { Coordinator } from './server/coordinator';
import { FaultInjector, type FaultOptions } from './server/faults';
import type { TlsOptions } from './server/httpListener';
import { IdGenerator, MAX_COORDINATORS } from './server/ids';
import { RequestStats, type SandboxStats } from './server/stats';

/** How to start a sandbox; every field is optional. */
export interface SandboxOptions {
  /** First port (coordinator i listens on port + i); 0, the default, picks free ports. */
  port?: number;
  /** root's password; '' (the default) like a fresh ArangoDB — credentials are still required. */
  password?: string;
  /** Additional users (name → password), with access to every database like root. */
  users?: Record<string, string>;
  /** false: like `--server.authentication false`. Default true. */
  authentication?: boolean;
  /** Number of coordinators (1..99), default 1. More than one behaves like a cluster. */
  coordinators?: number;
  /** Worker pool size per coordinator for async jobs, default 2. */
  workers?: number;
  /** Queued async requests allowed per coordinator before 503/21003, default 4096. */
  maxQueueSize?: number;
  /** Forward job/cursor/query-kill requests to the owning coordinator (3.7+), default true. */
  forwarding?: boolean;
  /** 'demo': `students` and `courses` in `_system`. */
  seed?: 'demo';
  /** Serve HTTPS with this certificate and key. */
  tls?: TlsOptions;
  /** Secret for the HS256 JWTs of `POST /_open/auth`; random by default. */
  jwtSecret?: string;
  /** Lifetime of issued JWTs, default 3600 s. */
  jwtTtlSeconds?: number;
  /** Faults to inject from the start. */
  faults?: FaultOptions;
  /** Receives lifecycle and error lines (never credentials). */
  log?: (line: string) => void;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL of coordinator 0, e.g. `http://127.0.0.1:8529`. */
  readonly url: string;
  /** Base URL of every coordinator. */
  readonly urls: readonly string[];
  /** The data, shared by all coordinators and kept across restarts. */
  readonly store: DataStore;
  /** Replaces the fault settings (never applied to `/_sandbox/` routes). */
  setFaults(faults: FaultOptions): void;
  faults(): FaultOptions;
  /**
   * Restarts every coordinator as a process restart would: jobs, queued and running requests,
   * cursors and running queries are lost, data stays. Ports refuse connections for `downtimeMs`.
   */
  restart(options?: { downtimeMs?: number }): Promise<void>;
  /** Crashes one coordinator (its port refuses connections, its jobs are lost). */
  stopCoordinator(index: number): Promise<void>;
  /** Starts a stopped coordinator again on its port. */
  startCoordinator(index: number): Promise<void>;
  /** Request counts per route since start or the last `resetStats()`. */
  stats(): SandboxStats;
  resetStats(): void;
  /** Stops everything: listeners, sockets (keep-alive ones too), timers. */
  close(): Promise<void>;
}

const CURSOR_SWEEP_INTERVAL_MS = 1000;

class SandboxServer implements Sandbox, ControlTarget {
  readonly store: DataStore;
  private readonly coordinators: Coordinator[] = [];
  private readonly injector: FaultInjector;
  private readonly requestStats: RequestStats;
  private readonly closing = new AbortController();
  private readonly sweeper: NodeJS.Timeout;
  private restarting: Promise<void> = Promise.resolve();
  private readonly scheme: 'http' | 'https';
  readonly log: (line: string) => void;

  constructor(options: SandboxOptions, store: DataStore) {
    const count = options.coordinators ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_COORDINATORS) {
      throw new RangeError(`coordinators must be an integer from 1 to ${MAX_COORDINATORS}`);
    }
    const workers = options.workers ?? 2;
    if (!Number.isInteger(workers) || workers < 1) {
      throw new RangeError('workers must be a positive integer');
    }
    const maxQueueSize = options.maxQueueSize ?? 4096;
    if (!Number.isInteger(maxQueueSize) || maxQueueSize < 0) {
      throw new RangeError('maxQueueSize must be a non-negative integer');
    }
    this.store = store;
    this.log = options.log ?? (() => undefined);
    this.scheme = options.tls === undefined ? 'http' : 'https';
    this.injector = new FaultInjector(options.faults ?? {});
    this.requestStats = new RequestStats(count);
    const users = new Map<string, string>(Object.entries(options.users ?? {}));
    users.set('root', options.password ?? '');
    const now = Date.now;
    const cluster: ClusterState = {
      store,
      auth: new Authenticator({
        enabled: options.authentication ?? true,
        users,
        jwtSecret: options.jwtSecret ?? randomBytes(32).toString('hex'),
        jwtTtlSeconds: options.jwtTtlSeconds ?? 3600,
        now,
      }),
      ids: new IdGenerator(now),
      members: this.coordinators,
      forwarding: options.forwarding ?? true,
      defaultCursorTtlSeconds: count > 1 ? 600 : 30,
      now,
    };
    for (let index = 0; index < count; index += 1) {
      this.coordinators.push(
        new Coordinator(index, cluster, {
          workers,
          maxQueueSize,
          tls: options.tls,
          faults: this.injector,
          stats: this.requestStats,
          control: (request) => handleControlRequest(this, request),
          log: this.log,
        }),
      );
    }
    this.sweeper = setInterval(() => {
      for (const coordinator of this.coordinators) {
        coordinator.state?.cursors.sweep();
      }
    }, CURSOR_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async startAll(firstPort: number): Promise<void> {
    for (const coordinator of this.coordinators) {
      await coordinator.start(firstPort === 0 ? 0 : firstPort + coordinator.index);
    }
  }

  get urls(): string[] {
    return this.coordinators.map((coordinator) => `${this.scheme}://127.0.0.1:${coordinator.boundPort}`);
  }

  get url(): string {
    return this.urls[0]!;
  }

  setFaults(faults: FaultOptions): void {
    this.injector.configure(faults);
  }

  faults(): FaultOptions {
    return this.injector.current;
  }

  restart(options: { downtimeMs?: number } = {}): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.closing.signal.aborted) {
        return;
      }
      this.log('restarting');
      await Promise.all(this.coordinators.map((coordinator) => coordinator.stop()));
      await sleep(options.downtimeMs ?? 0, this.closing.signal);
      if (this.closing.signal.aborted) {
        return;
      }
      await Promise.all(this.coordinators.map((coordinator) => coordinator.start()));
      this.log('restarted');
    };
    this.restarting = this.restarting.then(run, run);
    return this.restarting;
  }

  async stopCoordinator(index: number): Promise<void> {
    await this.coordinator(index).stop();
  }

  async startCoordinator(index: number): Promise<void> {
    if (this.closing.signal.aborted) {
      throw new Error('the sandbox is closed');
    }
    await this.coordinator(index).start();
  }

  stats(): SandboxStats {
    return this.requestStats.snapshot();
  }

  resetStats(): void {
    this.requestStats.reset();
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) {
      return;
    }
    this.closing.abort();
    clearInterval(this.sweeper);
    await this.restarting.catch(() => undefined);
    await Promise.all(this.coordinators.map((coordinator) => coordinator.stop()));
  }

  private coordinator(index: number): Coordinator {
    const coordinator = this.coordinators[index];
    if (coordinator === undefined) {
      throw new RangeError(`there is no coordinator ${index}`);
    }
    return coordinator;
  }
}

/** Starts a sandbox and resolves once every coordinator listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const store = new DataStore();
  if (options.seed === 'demo') {
    seedDemo(store);
  } else if (options.seed !== undefined) {
    throw new RangeError(`unknown seed '${String(options.seed)}' (known: demo)`);
  }
  const sandbox = new SandboxServer(options, store);
  try {
    await sandbox.startAll(options.port ?? 0);
  } catch (error: unknown) {
    await sandbox.close();
    throw error;
  }
  return sandbox;
}
