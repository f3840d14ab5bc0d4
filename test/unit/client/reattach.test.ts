import * as assert from 'node:assert/strict';
import { ArangoClient, Cursor } from '../../../src/client';
import { createTestDatabase, dropTestDatabase, startTestServer } from '../../support/testServer';
import type { TestServer } from '../../support/testServer';

describe('re-attaching to a job whose operation is not known (db.job)', function () {
  this.timeout(30_000);
  let server: TestServer;
  let database: string;
  let client: ArangoClient;

  before(async () => {
    server = await startTestServer();
    database = await createTestDatabase(server, 'reattach');
    client = new ArangoClient({ hosts: [...server.urls] });
  });

  after(async () => {
    await client.close();
    await dropTestDatabase(server, database);
    await server.close();
  });

  async function finished(id: string, coordinator: string): Promise<void> {
    const db = client.db(database, { username: server.username, password: server.password });
    while ((await db.job(id, { coordinator }).status()) !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('hands back a cursor for a stored cursor answer, so its later batches can still be read', async () => {
    const db = client.db(database, { username: server.username, password: server.password });
    const submitted = await db.beginAsyncExecution().aql.execute('FOR i IN 1..5 RETURN i', { batchSize: 2 });
    await finished(submitted.id, submitted.coordinator);
    const value = await db.job(submitted.id, { coordinator: submitted.coordinator }).result();
    assert.ok(value instanceof Cursor, `expected a Cursor, got ${JSON.stringify(value)}`);
    assert.equal(value.hasMore, true);
    assert.deepEqual(await value.all(), [1, 2, 3, 4, 5]);
  });

  it('hands back the parsed body for any other stored answer', async () => {
    const db = client.db(database, { username: server.username, password: server.password });
    await db.createCollection('things');
    const submitted = await db.beginAsyncExecution().collection('things').insert({ _key: 'one' });
    await finished(submitted.id, submitted.coordinator);
    const value = await db.job(submitted.id, { coordinator: submitted.coordinator }).result();
    assert.ok(!(value instanceof Cursor));
    assert.equal((value as { _id: string })._id, 'things/one');
  });
});
