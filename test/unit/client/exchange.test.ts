import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Exchange } from '../../../src/client/exchange';
import type { ExchangeRequest } from '../../../src/client/exchange';
import { Pool } from '../../../src/client/undiciParts';
import { RawServer, writeAnswer } from './rawServer';

function get(server: RawServer, path: string): ExchangeRequest {
  return { origin: server.url, path, method: 'GET', headers: {}, body: null, headersTimeout: 5000, bodyTimeout: 5000 };
}

describe('client: one exchange through undici dispatch', () => {
  let server: RawServer | undefined;
  let pool: InstanceType<typeof Pool> | undefined;

  afterEach(async () => {
    await pool?.destroy();
    await server?.close();
    pool = undefined;
    server = undefined;
  });

  it('puts together a body that arrives in several pieces, byte for byte', async () => {
    const body = JSON.stringify({ result: Array.from({ length: 2000 }, (_, index) => ({ index, text: 'é✓' })) });
    const bytes = Buffer.from(body);
    server = await RawServer.start((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${bytes.length}\r\n\r\n`);
      // Cut inside multi-byte characters too: the pieces are joined as bytes, never as text.
      const cuts = [0, 7, Math.floor(bytes.length / 3) + 1, Math.floor(bytes.length / 2) + 2, bytes.length];
      void (async () => {
        for (let index = 1; index < cuts.length; index += 1) {
          socket.write(bytes.subarray(cuts[index - 1], cuts[index]));
          await sleep(5);
        }
      })();
    });
    pool = new Pool(server.url, { connections: 1 });
    const exchange = new Exchange(pool, get(server, '/big'));
    const answer = await exchange.answer;
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.ok(answer.body.equals(bytes));
    assert.equal(exchange.answerBegan, true);
  });

  it('answers an empty body as zero bytes', async () => {
    server = await RawServer.start((socket) => socket.write('HTTP/1.1 204 No Content\r\n\r\n'));
    pool = new Pool(server.url, { connections: 1 });
    const answer = await new Exchange(pool, get(server, '/empty')).answer;
    assert.equal(answer.statusCode, 204);
    assert.equal(answer.body.length, 0);
  });

  it('skips an interim 1xx answer and delivers the final one', async () => {
    server = await RawServer.start((socket) => {
      socket.write('HTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\n');
      writeAnswer(socket, 201, '{"ok":true}');
    });
    pool = new Pool(server.url, { connections: 1 });
    const answer = await new Exchange(pool, get(server, '/hinted')).answer;
    assert.equal(answer.statusCode, 201);
    assert.equal(answer.body.toString(), '{"ok":true}');
  });

  it('does not count an interim 1xx answer as the beginning of the answer', async () => {
    // A connection lost after a 1xx lost the request's answer before it began: not a cut-off body.
    server = await RawServer.start((socket) => {
      socket.write('HTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\n');
      setTimeout(() => socket.destroy(), 20);
    });
    pool = new Pool(server.url, { connections: 1 });
    const exchange = new Exchange(pool, get(server, '/hinted-then-gone'));
    await assert.rejects(exchange.answer);
    assert.equal(exchange.answerBegan, false);
  });

  it('rejects at once when aborted while queued, and the request is never sent', async () => {
    // One connection: the first request holds it, the second waits in the pool's queue.
    server = await RawServer.start((socket, _request, index) => {
      if (index > 0) writeAnswer(socket, 200, '{"later":true}');
    });
    pool = new Pool(server.url, { connections: 1 });
    const holding = new Exchange(pool, get(server, '/holding'));
    const queued = new Exchange(pool, get(server, '/queued'));
    await sleep(50);
    const reason = new Error('given up');
    const started = performance.now();
    queued.abort(reason);
    await assert.rejects(queued.answer, (error) => error === reason);
    assert.ok(performance.now() - started < 50, 'the queued request rejects without waiting for its turn');
    holding.abort(new Error('given up too'));
    await assert.rejects(holding.answer, /given up too/);
    const after = await new Exchange(pool, get(server, '/after')).answer;
    assert.equal(after.statusCode, 200);
    assert.deepEqual(
      server.requests.map((request) => request.path),
      ['/holding', '/after'],
    );
  });

  it('rejects with the reason when aborted halfway through the body, and says the answer had begun', async () => {
    server = await RawServer.start((socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"result":[1,2,');
    });
    pool = new Pool(server.url, { connections: 1 });
    const exchange = new Exchange(pool, get(server, '/half'));
    assert.equal(exchange.statusCode, undefined);
    while (!exchange.answerBegan) await sleep(5);
    exchange.abort(new Error('stop reading'));
    await assert.rejects(exchange.answer, /stop reading/);
    assert.equal(exchange.statusCode, 200);
  });

  it('keeps a settled answer when aborted afterwards', async () => {
    server = await RawServer.start((socket) => writeAnswer(socket, 200, '[]'));
    pool = new Pool(server.url, { connections: 1 });
    const exchange = new Exchange(pool, get(server, '/done'));
    const answer = await exchange.answer;
    exchange.abort(new Error('too late'));
    assert.equal((await exchange.answer).body.toString(), '[]');
    assert.equal(answer.statusCode, 200);
  });

  it("rejects with the dispatcher's error when it cannot take the request", async () => {
    server = await RawServer.start((socket) => writeAnswer(socket, 200, '[]'));
    pool = new Pool(server.url, { connections: 1 });
    await pool.close();
    await assert.rejects(new Exchange(pool, get(server, '/closed')).answer, (error: Error & { code?: string }) =>
      ['UND_ERR_CLOSED', 'UND_ERR_DESTROYED'].includes(error.code ?? ''),
    );
  });
});
