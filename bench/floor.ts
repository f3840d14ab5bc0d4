/**
 * The floor: plain undici sending the same HTTP requests as the clients and reading the same
 * bytes, with no client logic (no JSON parsing where it can be avoided, no error mapping, no
 * deadlines, no retries). Nothing can be faster over this wire; the ratio ours / floor is the cost
 * of our client's logic.
 */
import { Pool } from 'undici';

export interface FloorOptions {
  readonly url: string;
  readonly authorization: string;
  readonly connections: number;
}

/** A job's stored answer, taken with `PUT /_api/job/{id}` until it is not 204. */
export interface FloorJobAnswer {
  readonly body: Buffer;
  /** 204 answers seen before the result was there. */
  readonly notReady: number;
}

export class FloorClient {
  private readonly pool: Pool;
  private readonly origin: string;

  constructor(private readonly options: FloorOptions) {
    this.origin = new URL(options.url).origin;
    this.pool = new Pool(this.origin, { connections: options.connections });
  }

  /** `POST /_db/_system/_api/cursor` with `x-arango-async: store`; resolves to the job id header. */
  async submitQuery(query: string, batchSize?: number): Promise<string> {
    const answer = await this.pool.request({
      origin: this.origin,
      method: 'POST',
      path: '/_db/_system/_api/cursor',
      headers: { authorization: this.options.authorization, 'content-type': 'application/json', 'x-arango-async': 'store' },
      body: JSON.stringify(batchSize === undefined ? { query } : { query, batchSize }),
    });
    await answer.body.dump();
    const id = answer.headers['x-arango-async-id'];
    if (answer.statusCode !== 202 || typeof id !== 'string') {
      throw new Error(`the floor's submission answered ${answer.statusCode} without a job id`);
    }
    return id;
  }

  /** `PUT /_db/_system/_api/job/{id}` until the stored answer is there; its body unparsed. */
  async takeResult(id: string): Promise<FloorJobAnswer> {
    let notReady = 0;
    for (;;) {
      const answer = await this.send('PUT', `/_db/_system/_api/job/${id}`);
      if (answer.status !== 204) {
        if (answer.status >= 300) {
          throw new Error(`the floor's fetch of job ${id} answered ${answer.status}`);
        }
        return { body: answer.body, notReady };
      }
      notReady += 1;
      await yieldToEventLoop();
    }
  }

  /** `GET /_db/_system/_api/job/{id}`: whether the job has ended (200) or not (204). */
  async jobDone(id: string): Promise<boolean> {
    const answer = await this.send('GET', `/_db/_system/_api/job/${id}`);
    if (answer.status !== 200 && answer.status !== 204) {
      throw new Error(`the floor's status of job ${id} answered ${answer.status}`);
    }
    return answer.status === 200;
  }

  /** `GET /_db/_system/_api/job/{pending|done}?count=N`, body unparsed: what the poller asks. */
  async listJobs(status: 'pending' | 'done', count: number): Promise<Buffer> {
    return (await this.send('GET', `/_db/_system/_api/job/${status}?count=${count}`)).body;
  }

  /** `POST /_db/_system/_api/cursor/{id}/{batchId}`: the next batch, unparsed. */
  async nextBatch(cursorId: string, batchId: string): Promise<Buffer> {
    const answer = await this.send('POST', `/_db/_system/_api/cursor/${cursorId}/${batchId}`);
    if (answer.status !== 200) {
      throw new Error(`the floor's batch ${batchId} of cursor ${cursorId} answered ${answer.status}`);
    }
    return answer.body;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async send(method: 'GET' | 'PUT' | 'POST', path: string): Promise<{ status: number; body: Buffer }> {
    const answer = await this.pool.request({
      origin: this.origin,
      method,
      path,
      headers: { authorization: this.options.authorization },
    });
    return { status: answer.statusCode, body: Buffer.from(await answer.body.arrayBuffer()) };
  }
}

/** Lets other lanes run between two "not done yet" answers, the same for every contender. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The cursor id and next batch id of a cursor answer, found without parsing its rows: ArangoDB
 * (and the sandbox) write `hasMore`, `id` and `nextBatchId` after `result`, so only the tail is read.
 */
export function cursorContinuation(body: Buffer): { id: string; nextBatchId: string } | undefined {
  const tail = body.subarray(Math.max(0, body.length - 4096)).toString('latin1');
  if (!tail.includes('"hasMore":true')) {
    return undefined;
  }
  const id = /"id":"(\d+)"/.exec(tail)?.[1];
  const nextBatchId = /"nextBatchId":"?(\d+)"?/.exec(tail)?.[1];
  if (id === undefined || nextBatchId === undefined) {
    throw new Error('a cursor answer with hasMore lacks its id or nextBatchId in its last 4 KiB');
  }
  return { id, nextBatchId };
}
