/** Request counts, for tests that count what a client sent (`GET /_sandbox/stats`). */
import type { ResetMoment } from './faults';

export interface SandboxStats {
  /** Every request except the `/_sandbox/` control routes. */
  total: number;
  /** Per route, keyed like `PUT /_api/job/{id}` or `POST /_api/cursor`. */
  byRoute: Record<string, number>;
  /** Per coordinator index. */
  byCoordinator: number[];
  faults: { unavailable: number; resetBeforeHandling: number; resetAfterHandling: number };
  /** Requests whose `x-arango-async` header was `store` / `true`. */
  async: { store: number; fireAndForget: number };
}

export class RequestStats {
  private stats: SandboxStats;

  constructor(private readonly coordinators: number) {
    this.stats = RequestStats.empty(coordinators);
  }

  private static empty(coordinators: number): SandboxStats {
    return {
      total: 0,
      byRoute: {},
      byCoordinator: Array.from({ length: coordinators }, () => 0),
      faults: { unavailable: 0, resetBeforeHandling: 0, resetAfterHandling: 0 },
      async: { store: 0, fireAndForget: 0 },
    };
  }

  countRequest(route: string, coordinator: number, asyncMode: string | undefined): void {
    this.stats.total += 1;
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
    this.stats.byCoordinator[coordinator] = (this.stats.byCoordinator[coordinator] ?? 0) + 1;
    if (asyncMode === 'store') {
      this.stats.async.store += 1;
    } else if (asyncMode === 'true') {
      this.stats.async.fireAndForget += 1;
    }
  }

  countFault(kind: 'unavailable' | Exclude<ResetMoment, 'none'>): void {
    if (kind === 'unavailable') {
      this.stats.faults.unavailable += 1;
    } else if (kind === 'beforeHandling') {
      this.stats.faults.resetBeforeHandling += 1;
    } else {
      this.stats.faults.resetAfterHandling += 1;
    }
  }

  snapshot(): SandboxStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = RequestStats.empty(this.coordinators);
  }
}
