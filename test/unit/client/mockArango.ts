/**
 * A scripted ArangoDB for unit tests: undici's MockAgent, injected through the client's
 * `dispatcher` option, answering exactly the requests a test scripts, and recording every
 * request and every `onRequest` event.
 */
import { MockAgent } from 'undici';
import type { ArangoClientOptions, RequestEvent } from '../../../src/client';
import { ArangoClient } from '../../../src/client';

export const HOST = 'http://127.0.0.1:8529';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';

export interface RecordedRequest {
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

export interface ScriptedAnswer {
  readonly status: number;
  /** An object is sent as JSON; a string as-is. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

function plainHeaders(headers: unknown): Record<string, string> {
  if (headers === undefined || headers === null) return {};
  if (headers instanceof Headers) {
    const out: Record<string, string> = {};
    headers.forEach((value, key) => (out[key.toLowerCase()] = value));
    return out;
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) out[key.toLowerCase()] = String(value);
  return out;
}

export class MockArango {
  readonly agent: MockAgent;
  readonly requests: RecordedRequest[] = [];
  readonly events: RequestEvent[] = [];
  readonly clients: ArangoClient[] = [];

  constructor() {
    this.agent = new MockAgent();
    this.agent.disableNetConnect();
  }

  /** A client whose requests all go to this mock. */
  client(options: ArangoClientOptions = {}): ArangoClient {
    const client = new ArangoClient({
      hosts: HOST,
      ...options,
      dispatcher: this.agent,
      onRequest: (event) => {
        this.events.push(event);
        options.onRequest?.(event);
      },
    });
    this.clients.push(client);
    return client;
  }

  /** Scripts one answer to one request (`path` includes the query string). */
  answer(method: string, path: string, answer: ScriptedAnswer, origin: string = HOST): void {
    this.agent
      .get(origin)
      .intercept({ method, path })
      .reply((options) => {
        // The client always sends its bodies as strings.
        const body = typeof options.body === 'string' ? options.body : undefined;
        this.requests.push({ origin, method: options.method, path: options.path, headers: plainHeaders(options.headers), body });
        const isText = typeof answer.body === 'string';
        const data = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        const headers: Record<string, string> = {
          ...(answer.body === undefined ? { 'content-type': TEXT_TYPE } : { 'content-type': isText ? TEXT_TYPE : JSON_TYPE }),
          ...answer.headers,
        };
        return { statusCode: answer.status, data, responseOptions: { headers } };
      });
  }

  /** Scripts a network failure for one request. */
  fail(method: string, path: string, error: Error, origin: string = HOST): void {
    this.agent.get(origin).intercept({ method, path }).replyWithError(error);
  }

  /** The last recorded request. */
  get last(): RecordedRequest {
    const last = this.requests[this.requests.length - 1];
    if (!last) throw new Error('no request was recorded');
    return last;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.close()));
    await this.agent.close();
  }
}

/** An ArangoDB error body as the server sends it. */
export function errorBody(code: number, errorNum: number, errorMessage: string): Record<string, unknown> {
  return { code, error: true, errorMessage, errorNum };
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}
