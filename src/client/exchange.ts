/**
 * One HTTP request and its whole answer, through undici's `dispatch()` with a handler of our
 * own. undici's `request()` wraps every answer in a `Readable` stream (and every call's
 * `AbortSignal` in listeners) that the client then reads to its end in one piece anyway; on a
 * busy client those objects cost more CPU than the request itself. Here the body's chunks are
 * kept as undici hands them over, and the request is aborted through undici's own controller.
 */
import type { Dispatcher } from 'undici';

/** A complete answer: status, headers as undici parses them (lower-case names), the whole body. */
export interface ExchangeAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

export interface ExchangeRequest {
  readonly origin: string;
  readonly path: string;
  readonly method: Dispatcher.HttpMethod;
  readonly headers: Record<string, string>;
  readonly body: string | null;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
}

const NO_CHUNKS: readonly Buffer[] = [];

/**
 * A request in flight. `answer` settles exactly once: with the whole answer, with undici's
 * error, or with the reason given to {@link abort}, at once, even while the request still
 * waits in the pool's queue (undici drops it when its turn comes).
 */
export class Exchange implements Dispatcher.DispatchHandler {
  readonly answer: Promise<ExchangeAnswer>;
  #resolve!: (answer: ExchangeAnswer) => void;
  #reject!: (reason: Error) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #abortReason: Error | undefined;
  #settled = false;
  #statusCode = 0;
  #headers: Record<string, string | string[] | undefined> = {};
  #chunks: Buffer[] = NO_CHUNKS as Buffer[];
  #length = 0;

  constructor(dispatcher: Dispatcher, request: ExchangeRequest) {
    this.answer = new Promise<ExchangeAnswer>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    try {
      dispatcher.dispatch(request, this);
    } catch (error) {
      // undici's own dispatchers report through the handler; a caller's may throw instead.
      this.#fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Ends the request now; `answer` rejects with `reason` unless it has already settled. */
  abort(reason: Error): void {
    if (this.#settled) return;
    this.#abortReason = reason;
    this.#fail(reason);
    this.#controller?.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason !== undefined) controller.abort(this.#abortReason);
  }

  /** True once the final answer's status line and headers have arrived. */
  get answerBegan(): boolean {
    return this.#statusCode !== 0;
  }

  /** The final answer's HTTP status once it has begun (a body may still fail), else undefined. */
  get statusCode(): number | undefined {
    return this.#statusCode === 0 ? undefined : this.#statusCode;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    // 1xx answers are interim; the final answer follows on the same request.
    if (statusCode < 200) return;
    this.#statusCode = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    // Bytes that arrive after an abort belong to nobody.
    if (this.#settled) return;
    if (this.#chunks === NO_CHUNKS) this.#chunks = [];
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#settled = true;
    const chunks = this.#chunks;
    // One chunk is the common case for small answers: hand it over without copying.
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#length);
    this.#chunks = NO_CHUNKS as Buffer[];
    this.#resolve({ statusCode: this.#statusCode, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.#fail(error);
  }

  #fail(reason: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#chunks = NO_CHUNKS as Buffer[];
    this.#reject(reason);
  }
}
