/**
 * Several coordinators: job, cursor and query-kill requests are forwarded to the coordinator that
 * owns them (3.7+); job lists stay per coordinator. Runs against a real cluster when ARANGODB_URL
 * names two or more coordinators.
 */
import assert from 'node:assert/strict';
import { fetchJob, jobStatus, listJobs, submitJob, waitForJob } from '../support/asyncJobs';
import { requireSandbox, startTestServer, type TestServer } from '../support/testServer';
import { waitUntil } from '../support/waitUntil';

describe('coordinators', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer({ coordinators: 3 });
  });

  after(async function () {
    for (let coordinator = 0; coordinator < (server?.urls.length ?? 0); coordinator += 1) {
      await server.request({ coordinator, method: 'DELETE', path: '/_api/job/all' });
    }
    await server?.close();
  });

  beforeEach(function () {
    if (server.urls.length < 2) {
      console.log('      skipped: ARANGODB_URL names a single server, these tests need two or more coordinators');
      this.skip();
    }
  });

  it('listens on one URL per coordinator', function () {
    assert.equal(new Set(server.urls).size, server.urls.length);
  });

  it('names every coordinator COORDINATOR (docs: Get the server role)', async function () {
    for (let coordinator = 0; coordinator < server.urls.length; coordinator += 1) {
      const response = await server.request({ coordinator, path: '/_admin/server/role' });
      assert.deepEqual(response.json, { error: false, code: 200, role: 'COORDINATOR', mode: 'default' });
    }
  });

  it('refuses to rename a collection, as a cluster does (501/1470; docs: Rename a collection)', async function () {
    await server.request({ method: 'POST', path: '/_api/collection', body: { name: 'renameMe' } });
    const response = await server.request({ coordinator: 1, method: 'PUT', path: '/_api/collection/renameMe/rename', body: { name: 'renamed' } });
    assert.equal(response.status, 501);
    assert.equal((response.json as { errorNum: number }).errorNum, 1470);
    await server.request({ method: 'DELETE', path: '/_api/collection/renameMe' });
  });

  it('gives job ids that are unique across coordinators', async function () {
    const ids = new Set<string>();
    for (let round = 0; round < 3; round += 1) {
      for (let coordinator = 0; coordinator < server.urls.length; coordinator += 1) {
        ids.add(await submitJob(server, { coordinator, method: 'PUT', path: '/_api/version' }));
      }
    }
    assert.equal(ids.size, 3 * server.urls.length);
  });

  it('forwards status and result requests to the coordinator that accepted the job', async function () {
    const id = await submitJob(server, { coordinator: 0, method: 'PUT', path: '/_api/version' });
    await waitForJob(server, id, 5000, { coordinator: 1 });
    assert.equal(await jobStatus(server, id, { coordinator: 2 }), 200);
    const result = await fetchJob(server, id, { coordinator: 1 });
    assert.equal(result.status, 200);
    assert.equal(result.headers['x-arango-async-id'], id);
    assert.equal(await jobStatus(server, id, { coordinator: 0 }), 404, 'fetched once, through another coordinator');
  });

  it('keeps the pending and done lists per coordinator', async function () {
    const id = await submitJob(server, { coordinator: 0, method: 'PUT', path: '/_api/version' });
    await waitForJob(server, id);
    assert.ok((await listJobs(server, 'done', { coordinator: 0 })).includes(id));
    assert.ok(!(await listJobs(server, 'done', { coordinator: 1 })).includes(id));
  });

  it('forwards cursor batches and deletion to the coordinator holding the cursor', async function () {
    const created = await server.request({
      coordinator: 0,
      method: 'POST',
      path: '/_api/cursor',
      body: { query: 'FOR i IN 1..5 RETURN i', batchSize: 2 },
    });
    const { id } = created.json as { id: string };
    const second = await server.request({ coordinator: 1, method: 'POST', path: `/_api/cursor/${id}/2` });
    assert.equal(second.status, 200);
    assert.deepEqual((second.json as { result: number[] }).result, [3, 4]);
    const removed = await server.request({ coordinator: 2, method: 'DELETE', path: `/_api/cursor/${id}` });
    assert.equal(removed.status, 202);
  });

  it("lists every coordinator's running queries and forwards a kill to the one running it", async function () {
    const query = 'RETURN SLEEP(9)';
    const id = await submitJob(server, { coordinator: 1, method: 'POST', path: '/_api/cursor', body: { query } });
    const running = await waitUntil(
      async () => {
        const list = (await server.request({ coordinator: 0, path: '/_api/query/current' })).json as { id: string; query: string }[];
        return list.find((entry) => entry.query === query);
      },
      { what: 'the query in the list of coordinator 0' },
    );
    const killed = await server.request({ coordinator: 2, method: 'DELETE', path: `/_api/query/${running.id}` });
    assert.equal(killed.status, 200);
    assert.deepEqual(killed.json, { error: false, code: 200 });
    await waitForJob(server, id, 5000, { coordinator: 1 });
    const result = await fetchJob(server, id, { coordinator: 1 });
    assert.equal(result.status, 410);
    assert.equal((result.json as { errorNum: number }).errorNum, 1500);
  });

  it('answers 503 for a job whose coordinator is down, and 404 once it came back without it (sandbox)', async function () {
    const sandbox = requireSandbox(this, server, 'stopping a coordinator');
    const id = await submitJob(server, { coordinator: 2, method: 'PUT', path: '/_api/version' });
    await waitForJob(server, id, 5000, { coordinator: 2 });
    await sandbox.stopCoordinator(2);
    try {
      const unreachable = await server.request({ coordinator: 0, path: `/_api/job/${id}` });
      assert.equal(unreachable.status, 503);
      assert.equal((unreachable.json as { errorNum: number }).errorNum, 1478);
    } finally {
      await sandbox.startCoordinator(2);
    }
    assert.equal(await jobStatus(server, id, { coordinator: 0 }), 404);
  });
});

describe('coordinators without forwarding (sandbox, pre-3.7 behaviour)', function () {
  it("answers 404 for another coordinator's job, which its own coordinator still has", async function () {
    const server = await startTestServer({ coordinators: 2, forwarding: false });
    try {
      requireSandbox(this, server, 'turning forwarding off');
      const id = await submitJob(server, { coordinator: 0, method: 'PUT', path: '/_api/version' });
      await waitForJob(server, id, 5000, { coordinator: 0 });
      assert.equal(await jobStatus(server, id, { coordinator: 1 }), 404);
      assert.equal((await fetchJob(server, id, { coordinator: 1 })).status, 404);
      assert.equal((await fetchJob(server, id, { coordinator: 0 })).status, 200);
      const cursor = await server.request({
        coordinator: 0,
        method: 'POST',
        path: '/_api/cursor',
        body: { query: 'FOR i IN 1..3 RETURN i', batchSize: 1 },
      });
      const { id: cursorId } = cursor.json as { id: string };
      assert.equal((await server.request({ coordinator: 1, method: 'PUT', path: `/_api/cursor/${cursorId}` })).status, 404);
    } finally {
      await server.close();
    }
  });
});
