/** What a route handler can reach: its request, its coordinator's state and the cluster's. */
import type { DataStore, Database } from '../data/store';
import type { CursorRegistry } from '../cursors/cursorRegistry';
import type { AsyncJobManager } from '../jobs/jobManager';
import type { QueryRegistry } from '../queries/queryRegistry';
import type { Authenticator } from './auth';
import type { IdGenerator } from './ids';
import type { ApiRequest, RawRequest, SandboxResponse } from './messages';
import type { RequestQueue } from './requestQueue';

/** The in-memory state of one coordinator process; a restart replaces all of it. */
export interface CoordinatorState {
  readonly index: number;
  readonly jobs: AsyncJobManager;
  readonly cursors: CursorRegistry;
  readonly queries: QueryRegistry;
  readonly queue: RequestQueue;
  /** Aborted when this process goes down: everything still running on it stops. */
  readonly lifetime: AbortSignal;
}

/** A coordinator as the others see it. */
export interface ClusterMember {
  readonly index: number;
  /** Undefined while the coordinator is down. */
  readonly state: CoordinatorState | undefined;
  /** Runs a request forwarded from another coordinator through this one's pipeline. */
  handleForwarded(request: RawRequest): Promise<SandboxResponse>;
}

/** What every coordinator shares: the data (persistent) and the cluster's configuration. */
export interface ClusterState {
  readonly store: DataStore;
  readonly auth: Authenticator;
  readonly ids: IdGenerator;
  readonly members: readonly ClusterMember[];
  /** 3.7+ forwards job, cursor and query-kill requests to the owning coordinator. */
  readonly forwarding: boolean;
  /** Default cursor ttl: 30 s on a single server, 600 s on a coordinator. */
  readonly defaultCursorTtlSeconds: number;
  readonly now: () => number;
}

export interface RouteContext {
  readonly request: ApiRequest;
  /** The path segments after the route's prefix (arangod's "suffixes"). */
  readonly suffixes: string[];
  readonly database: Database;
  /** Aborted when the request must stop: its job was cancelled or its process went down. */
  readonly signal: AbortSignal;
  readonly node: CoordinatorState;
  readonly cluster: ClusterState;
}

export type RouteHandler = (context: RouteContext) => SandboxResponse | Promise<SandboxResponse>;
