/**
 * Sandbox-only features for resilience tests: restarts, injected faults and request statistics,
 * through the JavaScript API and the `/_sandbox/` control API.
 */
import assert from 'node:assert/strict';
import { FaultInjector } from '../sandbox/server/faults';
import { sendHttp } from '../support/arangoHttp';
import { fetchJob, jobStatus, sleepQuery, submitJob, waitForJob } from '../support/asyncJobs';
import { requireSandbox, startTestServer, type TestServer } from '../support/testServer';
import { waitUntil } from '../support/waitUntil';

/** Whether a request fails at the connection level (refused, reset, closed). */
async function connectionFails(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send();
    return false;
  } catch {
    return true;
  }
}

/** A seed whose first fault decision at `resetRate: 1` resets after handling the request. */
function seedResettingAfterHandling(): number {
  for (let seed = 1; ; seed += 1) {
    if (new FaultInjector({ resetRate: 1, seed }).decide().reset === 'afterHandling') {
      return seed;
    }
  }
}

describe('restarts (sandbox)', function () {
  let server: TestServer;

  beforeEach(async function () {
    server = await startTestServer();
    requireSandbox(this, server, 'restarting the server');
  });

  afterEach(async function () {
    await server?.close();
  });

  it('drops jobs, cursors and running queries but keeps the data', async function () {
    const sandbox = requireSandbox(this, server, 'restarting the server');
    await server.request({ method: 'POST', path: '/_api/collection', body: { name: 'kept' } });
    await server.request({ method: 'POST', path: '/_api/document/kept', body: { _key: 'k1', value: 1 } });
    const done = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    await waitForJob(server, done);
    const running = await submitJob(server, sleepQuery(30));
    const cursor = (await server.request({ method: 'POST', path: '/_api/cursor', body: { query: 'FOR i IN 1..4 RETURN i', batchSize: 2 } }))
      .json as { id: string };

    const restarted = sandbox.restart({ downtimeMs: 300 });
    await waitUntil(() => connectionFails(() => sendHttp(server.url, { path: '/_api/version', auth: false })), {
      what: 'the port to refuse connections',
    });
    await restarted;

    assert.equal(await jobStatus(server, done), 404);
    assert.equal(await jobStatus(server, running), 404);
    assert.equal((await server.request({ method: 'PUT', path: `/_api/cursor/${cursor.id}` })).status, 404);
    assert.deepEqual((await server.request({ path: '/_api/query/current' })).json, []);
    const document = await server.request({ path: '/_api/document/kept/k1' });
    assert.equal(document.status, 200);
    assert.equal((document.json as { value: number }).value, 1);
  });

  it('restarts through POST /_sandbox/restart, refusing connections during the downtime', async function () {
    const id = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    const response = await sendHttp(server.url, { method: 'POST', path: '/_sandbox/restart', body: { downtimeMs: 300 }, auth: false });
    assert.equal(response.status, 200);
    await waitUntil(() => connectionFails(() => sendHttp(server.url, { path: '/_api/version', auth: false })), {
      what: 'the port to refuse connections',
    });
    await waitUntil(async () => !(await connectionFails(() => server.request({ path: '/_api/version' }))), {
      what: 'the server to come back',
    });
    assert.equal(await jobStatus(server, id), 404);
  });
});

describe('injected faults (sandbox)', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server?.close();
  });

  beforeEach(function () {
    requireSandbox(this, server, 'fault injection').setFaults({});
  });

  afterEach(function () {
    server.sandbox?.setFaults({});
  });

  it("answers roughly the configured fraction of requests 503 with ArangoDB's error body", async function () {
    server.sandbox!.setFaults({ unavailableRate: 0.3, seed: 7 });
    let unavailable = 0;
    for (let i = 0; i < 200; i += 1) {
      const response = await server.request({ path: '/_api/version' });
      if (response.status === 503) {
        unavailable += 1;
        assert.deepEqual(response.json, { error: true, errorNum: 503, errorMessage: 'service unavailable', code: 503 });
      } else {
        assert.equal(response.status, 200);
      }
    }
    assert.ok(unavailable > 35 && unavailable < 85, `${unavailable} of 200 were 503`);
  });

  it('gives the same faults for the same seed', async function () {
    const run = async (): Promise<number[]> => {
      server.sandbox!.setFaults({ unavailableRate: 0.5, seed: 1234 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) {
        statuses.push((await server.request({ path: '/_api/version' })).status);
      }
      return statuses;
    };
    assert.deepEqual(await run(), await run());
  });

  it('destroys connections before and after handling in about equal parts', async function () {
    const sandbox = server.sandbox!;
    sandbox.resetStats();
    sandbox.setFaults({ resetRate: 0.5, seed: 99 });
    let failed = 0;
    for (let i = 0; i < 100; i += 1) {
      if (await connectionFails(() => server.request({ path: '/_api/version' }))) {
        failed += 1;
      }
    }
    const { faults } = sandbox.stats();
    assert.equal(failed, faults.resetBeforeHandling + faults.resetAfterHandling);
    assert.ok(failed > 30 && failed < 70, `${failed} of 100 connections reset`);
    assert.ok(faults.resetBeforeHandling > 5 && faults.resetAfterHandling > 5, JSON.stringify(faults));
  });

  it('really runs the handler when it resets after handling: a fetched result is lost', async function () {
    const id = await submitJob(server, { method: 'PUT', path: '/_api/version' });
    await waitForJob(server, id);
    server.sandbox!.setFaults({ resetRate: 1, seed: seedResettingAfterHandling() });
    assert.ok(await connectionFails(() => fetchJob(server, id)), 'the answer never arrives');
    server.sandbox!.setFaults({});
    assert.equal((await fetchJob(server, id)).status, 404, 'the one-time result was taken');
  });

  it('adds latency to every request', async function () {
    server.sandbox!.setFaults({ latencyMs: 150 });
    const started = Date.now();
    await server.request({ path: '/_api/version' });
    assert.ok(Date.now() - started >= 145);
  });

  it('never applies faults to the control routes, and sets them over HTTP', async function () {
    const set = await sendHttp(server.url, { method: 'POST', path: '/_sandbox/faults', body: { unavailableRate: 1 }, auth: false });
    assert.equal(set.status, 200);
    assert.deepEqual(server.sandbox!.faults(), { unavailableRate: 1 });
    assert.equal((await server.request({ path: '/_api/version' })).status, 503);
    assert.equal((await sendHttp(server.url, { path: '/_sandbox/stats', auth: false })).status, 200);
    const bad = await sendHttp(server.url, { method: 'POST', path: '/_sandbox/faults', body: { resetRate: 2 }, auth: false });
    assert.equal(bad.status, 400);
    await sendHttp(server.url, { method: 'POST', path: '/_sandbox/faults', body: {}, auth: false });
    assert.equal((await server.request({ path: '/_api/version' })).status, 200);
  });
});

describe('request statistics (sandbox)', function () {
  it('counts requests per route, over the API and GET /_sandbox/stats', async function () {
    const server = await startTestServer();
    try {
      const sandbox = requireSandbox(this, server, 'request statistics');
      const id = await submitJob(server, { method: 'PUT', path: '/_api/version' });
      await waitForJob(server, id);
      await fetchJob(server, id);
      await server.request({ method: 'POST', path: '/_api/cursor', body: { query: 'RETURN 1' } });
      const stats = sandbox.stats();
      assert.equal(stats.byRoute['PUT /_api/version'], 1);
      assert.equal(stats.byRoute['PUT /_api/job/{id}'], 1);
      assert.ok((stats.byRoute['GET /_api/job/{id}'] ?? 0) >= 1);
      assert.equal(stats.byRoute['POST /_api/cursor'], 1);
      assert.equal(stats.async.store, 1);
      const overHttp = await sendHttp(server.url, { path: '/_sandbox/stats', auth: false });
      assert.deepEqual((overHttp.json as { byRoute: unknown }).byRoute, stats.byRoute, 'control requests are not counted');
      await sendHttp(server.url, { method: 'DELETE', path: '/_sandbox/stats', auth: false });
      assert.equal(sandbox.stats().total, 0);
    } finally {
      await server.close();
    }
  });
});
