import * as assert from 'node:assert/strict';
import { MockAgent, Pool as IndexPool } from 'undici';
import { Pool, requestThrough } from '../../../src/client/undiciParts';

describe("undici's parts, taken from their own modules", () => {
  it("is the very Pool that undici's index exports", () => {
    assert.equal(Pool, IndexPool);
  });

  it("sends a request through any dispatcher as undici's own request() does", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get('http://127.0.0.1:8529').intercept({ path: '/_api/version', method: 'GET' }).reply(200, { server: 'arango' });
    try {
      const answer = await requestThrough(agent, { origin: 'http://127.0.0.1:8529', path: '/_api/version', method: 'GET' });
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(await answer.body.json(), { server: 'arango' });
    } finally {
      await agent.close();
    }
  });
});
