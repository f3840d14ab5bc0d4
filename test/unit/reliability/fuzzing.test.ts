import * as assert from 'node:assert/strict';
import type net from 'node:net';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ArangoClient, isArangoError, isConnectionError, isResponseError } from '../../../src/client';
import type { RequestEvent } from '../../../src/client';
import { RawServer } from '../client/rawServer';
import type { RawRequest } from '../client/rawServer';
import { seededRandom } from '../../sandbox/server/faults';

const PARSER_QUERIES = 20_000;
const PARSER_BUDGET_MS = 25_000;
const HTTP_CALLS = 300;
const CALL_GUARD_MS = 5_000;
const USERNAME = 'root';
const PASSWORD = 'fuzz-pw-3b9e-secret';

/** The forms a password travels or could be written in: as typed, in the Basic header, URL-encoded. */
const PASSWORD_FORMS = [PASSWORD, Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64'), encodeURIComponent(PASSWORD)];

/** Everything an error could show a person or a log: message, stack, own and hidden fields, causes, toJSON. */
function everythingIn(error: unknown): string {
  return [String(error), error instanceof Error ? (error.stack ?? '') : '', inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error) ?? ''].join('\n');
}

interface ParserFuzzReport {
  parsed: number;
  errorNums: Record<string, number>;
  crashes: Array<{ query: string; error: string }>;
  slowestMs: number;
}

/** Runs the parser fuzz in a worker, terminated after the budget so an endless loop fails instead of hanging. */
function fuzzParser(seed: number, count: number): Promise<ParserFuzzReport> {
  const worker = new Worker(path.join(__dirname, 'aqlFuzzWorker.js'), { workerData: { seed, count } });
  return new Promise<ParserFuzzReport>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`the AQL parser did not get through ${count} mutated queries in ${PARSER_BUDGET_MS} ms: a hang`));
    }, PARSER_BUDGET_MS);
    worker.once('message', (report: ParserFuzzReport) => {
      clearTimeout(timer);
      resolve(report);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  }).finally(() => worker.terminate());
}

/** The valid answer for each request the fuzzed client sends, before mutation. */
function validAnswer(request: RawRequest): string {
  const json = (status: number, body: unknown, extra = '') => {
    const text = JSON.stringify(body);
    return `HTTP/1.1 ${status} X\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n${extra}\r\n${text}`;
  };
  if (/\/_api\/job\/(pending|done)/.test(request.path)) return json(200, ['11', '12']);
  if (request.method === 'PUT' && /\/_api\/job\/\d+$/.test(request.path)) {
    return json(201, { result: [1, { a: 'b' }], hasMore: false, count: 2, cached: false, extra: { stats: { writesExecuted: 0 }, warnings: [] }, error: false, code: 201 }, 'x-arango-async-id: 5\r\n');
  }
  if (/\/_api\/cursor\/9\/2$/.test(request.path)) return json(200, { result: [3, 4], hasMore: false, id: '9', cached: false, error: false, code: 200 });
  if (/\/_api\/cursor$/.test(request.path)) return json(201, { result: [1, 2], hasMore: true, id: '9', nextBatchId: '2', count: 4, cached: false, error: false, code: 201 });
  return json(400, { error: true, errorNum: 1501, errorMessage: 'syntax error, unexpected end of query string', code: 400 });
}

/** One random change to a raw HTTP answer: cut, flipped bytes, wrong length, odd status, odd headers. */
function mutateAnswer(answer: string, random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  const split = answer.indexOf('\r\n\r\n') + 4;
  const head = answer.slice(0, split);
  const body = answer.slice(split);
  switch (pick(9)) {
    case 0:
      return answer.slice(0, pick(answer.length));
    case 1: {
      const at = split + pick(body.length);
      return answer.slice(0, at) + String.fromCharCode(pick(256)) + answer.slice(at + 1);
    }
    case 2:
      return head.replace(/content-length: \d+/, `content-length: ${Math.max(0, body.length + pick(40) - 20)}`) + body;
    case 3:
      return answer.replace(/^HTTP\/1\.1 \d+/, `HTTP/1.1 ${[100, 200, 204, 302, 404, 418, 500, 503, 999][pick(9)]}`);
    case 4:
      return head.replace(/content-type: [^\r]*\r\n/, pick(2) === 0 ? '' : 'content-type: text/html\r\n') + body;
    case 5:
      return head.replace(/content-length: \d+\r\n/, 'transfer-encoding: chunked\r\n') + body;
    case 6:
      return head.replace(/\r\n\r\n$/, '\r\ncontent-encoding: gzip\r\n\r\n') + body;
    case 7: {
      const garbage = ['', 'null', '[]', '{}', '"text"', '{"result": 5}', '{"error": true}', '[1,2', '\u0000\u0001'][pick(9)] ?? '';
      return head.replace(/content-length: \d+/, `content-length: ${Buffer.byteLength(garbage, 'latin1')}`) + garbage;
    }
    default:
      return head.replace(/^HTTP\/1\.1 \d+ X\r\n/, 'HTTP/1.1 200 X\r\nx-arango-async-id: 7\r\n') + body;
  }
}

describe('Reliability 7: fuzzing the AQL parser and the client\'s answer parsing', function () {
  this.timeout(60_000);

  it(`gets through ${PARSER_QUERIES} mutated queries in the sandbox's AQL parser: an ArangoDB error or a parse each, no other exception, no hang`, async () => {
    const report = await fuzzParser(20261125, PARSER_QUERIES);
    const errors = Object.values(report.errorNums).reduce((sum, n) => sum + n, 0);
    console.log(
      `      fuzzing the AQL parser: ${PARSER_QUERIES} mutated queries, ${report.parsed} parsed, ${errors} ArangoDB errors ` +
        `(${Object.entries(report.errorNums).map(([num, n]) => `${num}×${n}`).join(', ')}), ${report.crashes.length} other exceptions, slowest ${report.slowestMs.toFixed(1)} ms`,
    );
    assert.deepEqual(report.crashes.slice(0, 5), []);
    assert.equal(report.parsed + errors, PARSER_QUERIES);
  });

  it(`settles ${HTTP_CALLS} client calls on mutated or cut answers with one of the client's errors or a value: never a hang, never an unhandled rejection`, async () => {
    const random = seededRandom(42);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    const raw = await RawServer.start((socket: net.Socket, request) => {
      const answer = validAnswer(request);
      socket.end(random() < 0.8 ? mutateAnswer(answer, random) : answer, 'latin1');
    });
    const events: RequestEvent[] = [];
    const client = new ArangoClient({ hosts: raw.url, requestTimeoutMs: 1500, onRequest: (event) => events.push(event) });
    const outcomes: Record<string, number> = {};
    const strange: string[] = [];
    const errors: unknown[] = [];
    try {
      const db = client.db('fuzz', { username: USERNAME, password: PASSWORD });
      const started = Date.now();
      for (let call = 0; call < HTTP_CALLS; call++) {
        const operation = async (): Promise<unknown> => {
          switch (call % 3) {
            case 0:
              return db.asyncJobs('pending');
            case 1: {
              const cursor = await db.aqlJob('5', { coordinator: raw.url }).result();
              return cursor.all();
            }
            default: {
              const cursor = await db.aql.execute('RETURN 1');
              return cursor.all();
            }
          }
        };
        let guard: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          operation().then(
            () => 'value',
            (error: unknown) => {
              errors.push(error);
              if (isArangoError(error)) return 'ArangoError';
              if (isConnectionError(error)) return `ArangoConnectionError ${error.code}`;
              if (isResponseError(error)) return `ArangoResponseError ${error.code}`;
              strange.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
              return 'other';
            },
          ),
          new Promise<string>((resolve) => {
            guard = setTimeout(() => resolve('hang'), CALL_GUARD_MS);
          }),
        ]);
        clearTimeout(guard);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        assert.notEqual(outcome, 'hang', `call ${call} did not settle within ${CALL_GUARD_MS} ms`);
      }
      await new Promise((resolve) => setImmediate(resolve));
      console.log(
        `      fuzzing the client: ${HTTP_CALLS} calls on ${raw.requests.length} answers (80% mutated) in ${Date.now() - started} ms: ` +
          `${Object.entries(outcomes).sort().map(([kind, n]) => `${n} ${kind}`).join(', ')}; unhandled rejections: ${unhandled.length}`,
      );
      assert.deepEqual(strange, [], 'an error that is none of the client\'s');
      assert.deepEqual(unhandled, []);
      // The password really is sent with every request, so a leak into what callers see would show.
      const authorization = `authorization: basic ${PASSWORD_FORMS[1] ?? ''}`;
      assert.ok(raw.requests.length > 0 && raw.requests.every((request) => request.head.toLowerCase().includes(authorization.toLowerCase())), 'the password was not sent');
      const written = [...errors.map(everythingIn), ...events.map((event) => JSON.stringify(event)), JSON.stringify(outcomes)].join('\n');
      assert.ok(errors.length > 100, `only ${errors.length} errors to look into`);
      for (const form of PASSWORD_FORMS) {
        assert.ok(!written.includes(form), `the password (as ${JSON.stringify(form)}) is in an error or a request event`);
      }
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await client.close();
      await raw.close();
    }
  });
});
