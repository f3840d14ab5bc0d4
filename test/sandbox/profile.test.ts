/**
 * Queries with `options.profile` 1 and 2 against the recording RestCursorProfileQuery of
 * ArangoDB 3.12.10: `extra.profile` phase times, and with 2 `extra.plan` and
 * `extra.stats.nodes`, whose counts are the rows that really went through each node.
 */
import assert from 'node:assert/strict';
import { fetchJob, submitJob, waitForJob } from '../support/asyncJobs';
import { collectionPerTest } from './collectionPerTest';
import { laterRecording, nodeKeys } from './laterRecordings';

type Json = Record<string, unknown>;

interface ProfiledBody {
  result: unknown[];
  extra: { warnings: unknown[]; stats: Json & { nodes?: Json[] }; plan?: Json; profile?: Json };
}

describe('sandbox: query profiles', function () {
  const fixture = collectionPerTest('profiled');
  const recorded = laterRecording('RestCursorProfileQuery').body as unknown as ProfiledBody & Json;

  const fill = async (count: number) => {
    const documents = Array.from({ length: count }, (_, i) => ({ id: i }));
    await fixture.server.request({ method: 'POST', database: fixture.database, path: `/_api/document/${fixture.collection}`, body: documents });
  };
  const cursor = async (query: string, options: Json) => {
    const response = await fixture.server.request({ method: 'POST', database: fixture.database, path: '/_api/cursor', body: { query, count: true, options } });
    assert.equal(response.status, 201, JSON.stringify(response.json));
    return response.json as ProfiledBody & Json;
  };
  const byId = (body: ProfiledBody): Map<number, Json> => new Map(body.extra.stats.nodes!.map((node) => [node['id'] as number, node]));
  const planNode = (body: ProfiledBody, type: string): Json => (body.extra.plan!['nodes'] as Json[]).find((node) => node['type'] === type)!;

  it('answers profile 2 as RestCursorProfileQuery: extra with stats.nodes, plan and profile, the same keys', async function () {
    const body = await cursor('LET s = SLEEP(0.05) LET t = SLEEP(0.1) RETURN 1', { profile: 2 });
    assert.deepEqual(Object.keys(body), Object.keys(recorded));
    assert.deepEqual(Object.keys(body.extra), Object.keys(recorded.extra));
    assert.deepEqual(Object.keys(body.extra.stats), Object.keys(recorded.extra.stats));
    assert.deepEqual(Object.keys(body.extra.profile!), Object.keys(recorded.extra.profile!));
    assert.deepEqual(Object.keys(body.extra.plan!), Object.keys(recorded.extra.plan!));
    const ours = body.extra.stats.nodes!;
    const theirs = recorded.extra.stats.nodes!;
    assert.deepEqual(ours.map((node) => Object.keys(node)), theirs.map((node) => Object.keys(node)));
    // The same five nodes; arangod moved the constant RETURN 1 up (its node 4), the sandbox keeps it last.
    assert.deepEqual(
      (body.extra.plan!['nodes'] as Json[]).map((node) => node['type']),
      ['SingletonNode', 'CalculationNode', 'CalculationNode', 'CalculationNode', 'ReturnNode'],
    );
    (body.extra.plan!['nodes'] as Json[]).forEach((node) => {
      const same = (recorded.extra.plan!['nodes'] as Json[]).find((candidate) => candidate['type'] === node['type'])!;
      assert.deepEqual(nodeKeys(node), nodeKeys(same), String(node['type']));
    });
    // Each SLEEP's node: one row, and a runtime that contains the sleep (the second node's contains both).
    const sleeps = (body.extra.plan!['nodes'] as Json[]).filter((node) => (JSON.stringify(node['expression']) ?? '').includes('SLEEP')).map((node) => byId(body).get(node['id'] as number)!);
    assert.deepEqual(sleeps.map((node) => [node['calls'], node['items']]), [[1, 1], [1, 1]]);
    assert.ok((sleeps[0]!['runtime'] as number) >= 0.04 && (sleeps[1]!['runtime'] as number) >= 0.13, JSON.stringify(sleeps));
    assert.ok((body.extra.profile!['executing'] as number) >= 0.13);
  });

  it('counts the rows each node really handled: scanned, filtered, limited, returned', async function () {
    await fill(2500);
    const body = await cursor(`FOR p IN ${fixture.collection} FILTER p.id % 5 == 0 LIMIT 100, 300 RETURN p.id`, { profile: 2 });
    assert.equal(body.result.length, 300);
    const nodes = byId(body);
    const statsOf = (type: string) => nodes.get(planNode(body, type)['id'] as number)!;
    const scan = statsOf('EnumerateCollectionNode');
    const filter = statsOf('FilterNode');
    const limit = statsOf('LimitNode');
    const returned = statsOf('ReturnNode');
    // The LIMIT wants 400 rows, reached within the first 2000 documents: the scan reads two blocks of 1000.
    assert.deepEqual([scan['items'], scan['calls']], [2000, 2]);
    assert.deepEqual([filter['items'], filter['filtered']], [400, 1600]);
    assert.equal(filter['filtered'], body.extra.stats['filtered']);
    assert.equal(scan['items'], body.extra.stats['scannedFull']);
    assert.deepEqual([limit['items'], returned['items']], [300, 300]);
    assert.ok((returned['runtime'] as number) >= (scan['runtime'] as number), 'runtime includes the nodes a node depends on');
    assert.equal(returned['fetching'], limit['runtime']);
  });

  it('counts a subquery per outer row, and a primary-key lookup', async function () {
    await fill(20);
    const body = await cursor(`FOR i IN 1..4 LET d = (FOR p IN ${fixture.collection} FILTER p.id < i RETURN p.id) RETURN LENGTH(d)`, { profile: 2 });
    assert.deepEqual(body.result, [1, 2, 3, 4]);
    const subquery = planNode(body, 'SubqueryNode');
    const inner = (subquery['subquery'] as Json)['nodes'] as Json[];
    const innerScan = byId(body).get(inner.find((node) => node['type'] === 'EnumerateCollectionNode')!['id'] as number)!;
    const innerReturn = byId(body).get(inner.find((node) => node['type'] === 'ReturnNode')!['id'] as number)!;
    assert.deepEqual([innerScan['calls'], innerScan['items'], innerReturn['items']], [4, 80, 10]);
    assert.equal(byId(body).get(subquery['id'] as number)!['items'], 4);

    const lookup = await cursor(`FOR k IN ['0', 'missing'] FOR p IN ${fixture.collection} FILTER p._key == k RETURN p.id`, { profile: 2 });
    assert.equal(lookup.result.length, 0);
    assert.equal(byId(lookup).get(planNode(lookup, 'IndexNode')['id'] as number)!['items'], 0);
  });

  it('answers profile 1 with phase times only, also for an async job', async function () {
    const body = await cursor('FOR i IN 1..3 RETURN i', { profile: 1 });
    assert.deepEqual(Object.keys(body.extra), ['warnings', 'stats', 'profile']);
    assert.equal(body.extra.stats['nodes'], undefined);
    assert.deepEqual(Object.keys(body.extra.profile!), Object.keys(recorded.extra.profile!));

    const job = await submitJob(fixture.server, { method: 'POST', database: fixture.database, path: '/_api/cursor', body: { query: 'FOR i IN 1..3 RETURN i', options: { profile: 2 } } });
    await waitForJob(fixture.server, job, 10_000, { database: fixture.database });
    const fetched = await fetchJob(fixture.server, job, { database: fixture.database });
    const jobBody = fetched.json as ProfiledBody;
    assert.deepEqual(Object.keys(jobBody.extra), ['warnings', 'stats', 'plan', 'profile']);
    assert.deepEqual(jobBody.extra.stats.nodes!.map((node) => node['items']), [1, 1, 3, 3]);
  });
});
