/**
 * Network and server faults the sandbox injects into ordinary requests (never into `/_sandbox/`):
 * latency, 503 answers, and connections destroyed before or after a request was handled.
 */

/** Faults to inject; all rates are fractions of requests between 0 and 1. */
export interface FaultOptions {
  /** Added before each request is handled. */
  latencyMs?: number;
  /** Up to this much more latency, uniformly random. */
  latencyJitterMs?: number;
  /** Fraction of requests answered `503` with ArangoDB's error body instead of being handled. */
  unavailableRate?: number;
  /**
   * Fraction of requests whose connection is destroyed: half before the request is handled, half
   * after it was handled but before the answer is written (the dangerous case for a one-time fetch
   * such as `PUT /_api/job/{id}`: the result is gone and the client never saw it).
   */
  resetRate?: number;
  /** Seed for the random choices, for reproducible runs. */
  seed?: number;
}

export type ResetMoment = 'none' | 'beforeHandling' | 'afterHandling';

/** What happens to one request. */
export interface FaultDecision {
  latencyMs: number;
  unavailable: boolean;
  reset: ResetMoment;
}

/** mulberry32: a small, good-enough deterministic generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NO_FAULT: FaultDecision = { latencyMs: 0, unavailable: false, reset: 'none' };

export class FaultInjector {
  private options: FaultOptions = {};
  private random: () => number = Math.random;

  constructor(options: FaultOptions = {}) {
    this.configure(options);
  }

  /** Replaces the fault settings; a `seed` restarts the random sequence. */
  configure(options: FaultOptions): void {
    validate(options);
    this.options = { ...options };
    this.random = options.seed === undefined ? Math.random : seededRandom(options.seed);
  }

  get current(): FaultOptions {
    return { ...this.options };
  }

  /** Rolls the dice for one request. */
  decide(): FaultDecision {
    const { latencyMs = 0, latencyJitterMs = 0, unavailableRate = 0, resetRate = 0 } = this.options;
    if (latencyMs === 0 && latencyJitterMs === 0 && unavailableRate === 0 && resetRate === 0) {
      return NO_FAULT;
    }
    const latency = latencyMs + (latencyJitterMs > 0 ? this.random() * latencyJitterMs : 0);
    let reset: ResetMoment = 'none';
    if (resetRate > 0 && this.random() < resetRate) {
      reset = this.random() < 0.5 ? 'beforeHandling' : 'afterHandling';
    }
    const unavailable = reset === 'none' && unavailableRate > 0 && this.random() < unavailableRate;
    return { latencyMs: latency, unavailable, reset };
  }
}

function validate(options: FaultOptions): void {
  for (const key of ['latencyMs', 'latencyJitterMs'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new RangeError(`${key} must be a non-negative number`);
    }
  }
  for (const key of ['unavailableRate', 'resetRate'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isFinite(value) || value < 0 || value > 1)) {
      throw new RangeError(`${key} must be between 0 and 1`);
    }
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    throw new RangeError('seed must be a number');
  }
}
