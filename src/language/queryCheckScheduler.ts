/**
 * When the checks as you type ask the server: some time after the last edit of a document
 * (debounced), never two requests of one document at once, an edit aborts the check in flight,
 * and a result reaches the editor only for the version of the document it was computed for.
 */

/** The timer functions the scheduler uses; tests pass their own clock. */
export interface CheckTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: CheckTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface QueryCheckSchedulerOptions<R> {
  /** Quiet time after the last change before a check starts. */
  readonly delayMs: number;
  /** Checks one version of a document; must stop soon after `signal` aborts. */
  readonly check: (key: string, version: number, signal: AbortSignal) => Promise<R>;
  /** A finished check whose version is still the document's latest. */
  readonly deliver: (key: string, version: number, result: R) => void;
  /** A check of the latest version failed for another reason than being aborted. */
  readonly failed?: (key: string, version: number, error: unknown) => void;
  readonly timers?: CheckTimers;
}

interface DocumentState {
  latest: number;
  timer: unknown;
  inFlight: { readonly version: number; readonly controller: AbortController } | undefined;
  /** The quiet time passed while an aborted check had not ended yet: start once it has. */
  startWhenFree: boolean;
}

/**
 * Schedules checks per document key.
 *
 * @example
 * const scheduler = new QueryCheckScheduler({ delayMs: 500, check: parseDocument, deliver: show });
 * scheduler.changed(uri, document.version); // on open and on every edit
 * scheduler.forget(uri); // on close: the check in flight is aborted, nothing is delivered
 */
export class QueryCheckScheduler<R> {
  readonly #documents = new Map<string, DocumentState>();
  readonly #timers: CheckTimers;

  constructor(private readonly options: QueryCheckSchedulerOptions<R>) {
    this.#timers = options.timers ?? REAL_TIMERS;
  }

  /** The document is now at `version`: abort what was asked for an older one, check again after the quiet time. */
  changed(key: string, version: number): void {
    let state = this.#documents.get(key);
    if (state === undefined) {
      state = { latest: version, timer: undefined, inFlight: undefined, startWhenFree: false };
      this.#documents.set(key, state);
    }
    state.latest = version;
    state.inFlight?.controller.abort();
    if (state.timer !== undefined) this.#timers.clearTimeout(state.timer);
    const current = state;
    state.timer = this.#timers.setTimeout(() => this.#quietTimePassed(key, current), this.options.delayMs);
  }

  /** Stops everything for a document (closed, or checks turned off): no timer, nothing in flight, nothing delivered. */
  forget(key: string): void {
    const state = this.#documents.get(key);
    if (state === undefined) return;
    this.#documents.delete(key);
    if (state.timer !== undefined) this.#timers.clearTimeout(state.timer);
    state.inFlight?.controller.abort();
  }

  forgetAll(): void {
    for (const key of [...this.#documents.keys()]) this.forget(key);
  }

  /** Whether a check of this document is under way (for tests and status). */
  isChecking(key: string): boolean {
    return this.#documents.get(key)?.inFlight !== undefined;
  }

  /** Whether a check of this document waits for its quiet time. */
  isWaiting(key: string): boolean {
    const state = this.#documents.get(key);
    return state !== undefined && (state.timer !== undefined || state.startWhenFree);
  }

  #quietTimePassed(key: string, state: DocumentState): void {
    state.timer = undefined;
    if (this.#documents.get(key) !== state) return;
    if (state.inFlight !== undefined) {
      // Aborted but not ended yet: one request per document, so the next waits for it.
      state.startWhenFree = true;
      return;
    }
    this.#start(key, state);
  }

  #start(key: string, state: DocumentState): void {
    const version = state.latest;
    const controller = new AbortController();
    state.inFlight = { version, controller };
    // An async function: a check that throws at once fails like one that rejects.
    const running = (async () => this.options.check(key, version, controller.signal))();
    const isCurrent = (): boolean => this.#documents.get(key) === state && state.latest === version && !controller.signal.aborted;
    running
      .then(
        (result) => {
          if (isCurrent()) this.options.deliver(key, version, result);
        },
        (error: unknown) => {
          if (isCurrent()) this.options.failed?.(key, version, error);
        },
      )
      .finally(() => {
        state.inFlight = undefined;
        if (state.startWhenFree && this.#documents.get(key) === state) {
          state.startWhenFree = false;
          this.#start(key, state);
        }
      })
      .catch(() => undefined);
  }
}
