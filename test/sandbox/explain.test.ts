/**
 * `POST /_api/explain` against the recordings RestExplain* of ArangoDB 3.12.10: the same keys,
 * node types and per-node field sets; estimates from the sandbox's own planner (equal to the
 * recording where the cost model is pinned down: a scan of 10 documents); a primary-key FILTER
 * planned and executed as an IndexNode.
 */
import assert from 'node:assert/strict';
import { collectionPerTest } from './collectionPerTest';
import { laterRecording, nodeKeys, nodeOfType } from './laterRecordings';

type Json = Record<string, unknown>;

describe('sandbox: POST /_api/explain', function () {
  const fixture = collectionPerTest('explained');

  const explain = async (body: Json) => {
    const response = await fixture.server.request({ method: 'POST', database: fixture.database, path: '/_api/explain', body });
    return { status: response.status, body: response.json as Json };
  };
  const fill = async (count: number, first = 0) => {
    const documents = Array.from({ length: count }, (_, i) => ({ _key: `k${first + i}`, id: first + i }));
    await fixture.server.request({ method: 'POST', database: fixture.database, path: `/_api/document/${fixture.collection}`, body: documents });
  };
  const plan = (body: Json) => body['plan'] as Json;
  const types = (planBody: Json) => (planBody['nodes'] as Json[]).map((node) => node['type']);

  it('explains a scan as RestExplainValid: same keys, nodes, field sets, and for 10 documents the same estimates', async function () {
    const recorded = laterRecording('RestExplainValid').body;
    await fill(10);
    const { status, body } = await explain({ query: `FOR p IN ${fixture.collection} RETURN p` });
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), Object.keys(recorded));
    assert.deepEqual(Object.keys(plan(body)), Object.keys(plan(recorded)));
    assert.deepEqual(Object.keys(body['stats'] as Json), Object.keys(recorded['stats'] as Json));
    assert.deepEqual(types(plan(body)), types(plan(recorded)));
    (plan(body)['nodes'] as Json[]).forEach((node, index) => {
      const expected = (plan(recorded)['nodes'] as Json[])[index]!;
      assert.deepEqual(nodeKeys(node), nodeKeys(expected), `fields of ${String(node['type'])}`);
      assert.deepEqual([node['estimatedCost'], node['estimatedNrItems'], node['dependencies']], [expected['estimatedCost'], expected['estimatedNrItems'], expected['dependencies']]);
    });
    assert.deepEqual(plan(body)['collections'], [{ name: fixture.collection, type: 'read' }]);
    assert.deepEqual(plan(body)['variables'], plan(recorded)['variables']);
    // The sandbox applies no async-prefetch, which is the recording's only rule here.
    assert.deepEqual(plan(body)['rules'], []);
    assert.equal(body['cacheable'], true);
  });

  it('estimates grow with the collection: 1000 documents cost over fifty times what 10 do', async function () {
    await fill(10);
    const small = plan((await explain({ query: `FOR p IN ${fixture.collection} FILTER p.id > 3 RETURN p` })).body);
    await fill(990, 10);
    const large = plan((await explain({ query: `FOR p IN ${fixture.collection} FILTER p.id > 3 RETURN p` })).body);
    assert.equal(nodeOfType(small, 'EnumerateCollectionNode')['estimatedNrItems'], 10);
    assert.equal(nodeOfType(large, 'EnumerateCollectionNode')['estimatedNrItems'], 1000);
    assert.ok((large['estimatedCost'] as number) > 50 * (small['estimatedCost'] as number), `${String(large['estimatedCost'])} vs ${String(small['estimatedCost'])}`);
  });

  it('plans FILTER doc._key == value as a primary IndexNode (RestExplainAllPlans field set), cheaper than the scan, and runs it so', async function () {
    const recordedIndexNode = nodeOfType((laterRecording('RestExplainAllPlans').body['plans'] as Json[])[0]!, 'IndexNode');
    await fill(1000);
    const query = `FOR p IN ${fixture.collection} FILTER p._key == @key RETURN p`;
    const indexed = plan((await explain({ query, bindVars: { key: 'k7' } })).body);
    assert.deepEqual(types(indexed), ['SingletonNode', 'IndexNode', 'ReturnNode']);
    const indexNode = nodeOfType(indexed, 'IndexNode');
    assert.deepEqual(nodeKeys(indexNode), nodeKeys(recordedIndexNode));
    assert.deepEqual((indexNode['indexes'] as Json[]).map((index) => [index['type'], index['fields']]), [['primary', ['_key']]]);
    assert.deepEqual(indexed['rules'], ['use-indexes', 'remove-filter-covered-by-index']);
    // The condition prints as the recording's: n-ary or > n-ary and > compare ==, the bound value in place.
    const condition = indexNode['condition'] as Json;
    assert.equal(JSON.stringify(condition).includes('"value":"k7","vTypeID":4'), true, JSON.stringify(condition));
    assert.deepEqual([condition['type'], ((condition['subNodes'] as Json[])[0]!)['type']], ['n-ary or', 'n-ary and']);

    const scanned = plan((await explain({ query, bindVars: { key: 'k7' }, options: { optimizer: { rules: ['-all'] } } })).body);
    assert.deepEqual(types(scanned), ['SingletonNode', 'EnumerateCollectionNode', 'CalculationNode', 'FilterNode', 'ReturnNode']);
    assert.ok((scanned['estimatedCost'] as number) > 50 * (indexed['estimatedCost'] as number), `${String(scanned['estimatedCost'])} vs ${String(indexed['estimatedCost'])}`);
    assert.equal(indexed['estimatedNrItems'], 1);

    const run = async (options: Json) =>
      (await fixture.server.request({ method: 'POST', database: fixture.database, path: '/_api/cursor', body: { query, bindVars: { key: 'k7' }, options } })).json as {
        result: Json[];
        extra: { stats: Json };
      };
    const byIndex = await run({});
    assert.deepEqual(byIndex.result.map((document) => document['_key']), ['k7']);
    assert.deepEqual([byIndex.extra.stats['scannedIndex'], byIndex.extra.stats['scannedFull'], byIndex.extra.stats['filtered']], [1, 0, 0]);
    const byScan = await run({ optimizer: { rules: ['-use-indexes'] } });
    assert.deepEqual(byScan.result.map((document) => document['_key']), ['k7']);
    assert.deepEqual([byScan.extra.stats['scannedIndex'], byScan.extra.stats['scannedFull'], byScan.extra.stats['filtered']], [0, 1000, 999]);
  });

  it('prints calculations, filters, lists and limits with the recordings field sets and expressions', async function () {
    const options = (laterRecording('RestExplainOptions').body['plans'] as Json[])[0]!;
    const empty = plan(laterRecording('RestExplainEmpty').body);
    const warning = plan(laterRecording('RestExplainWarning').body);
    await fill(10);
    const ours = plan((await explain({ query: `FOR p IN ${fixture.collection} LET a = p.id FILTER a == 4 LIMIT 1 RETURN p.id` })).body);
    for (const type of ['CalculationNode', 'FilterNode', 'LimitNode', 'ReturnNode']) {
      assert.deepEqual(nodeKeys(nodeOfType(ours, type)), nodeKeys(nodeOfType(options, type)), type);
    }
    // LET a = p.id is an attribute calculation printed exactly as the recording prints it.
    const calculation = nodeOfType(ours, 'CalculationNode');
    const recordedCalculation = nodeOfType(options, 'CalculationNode');
    assert.deepEqual([calculation['expression'], calculation['expressionType']], [recordedCalculation['expression'], recordedCalculation['expressionType']]);
    assert.deepEqual(
      [nodeOfType(ours, 'LimitNode')['offset'], nodeOfType(ours, 'LimitNode')['limit'], nodeOfType(ours, 'LimitNode')['estimatedNrItems']],
      [0, 1, 1],
    );

    const list = plan((await explain({ query: 'FOR i IN [ 1, 2, 3 ] RETURN i' })).body);
    assert.deepEqual(nodeKeys(nodeOfType(list, 'EnumerateListNode')), nodeKeys(nodeOfType(empty, 'EnumerateListNode')));
    assert.deepEqual(nodeOfType(list, 'CalculationNode')['expression'], nodeOfType(empty, 'CalculationNode')['expression']);
    assert.deepEqual((list['variables'] as Json[]).find((variable) => variable['constantValue'] !== undefined), (empty['variables'] as Json[])[0]);
    assert.deepEqual([nodeOfType(list, 'EnumerateListNode')['estimatedNrItems'], nodeOfType(list, 'EnumerateListNode')['estimatedCost']], [3, 5]);

    const range = plan((await explain({ query: 'FOR i IN 1..10 RETURN i' })).body);
    assert.deepEqual(nodeOfType(range, 'CalculationNode')['expression'], nodeOfType(warning, 'CalculationNode')['expression']);
    assert.deepEqual([nodeOfType(range, 'EnumerateListNode')['estimatedNrItems'], nodeOfType(range, 'EnumerateListNode')['estimatedCost']], [10, 12]);
  });

  it('answers allPlans with a plans array and no cacheable (RestExplainAllPlans, RestExplainOptions)', async function () {
    const recorded = laterRecording('RestExplainOptions').body;
    const { status, body } = await explain({ query: `FOR p IN ${fixture.collection} RETURN p`, options: { allPlans: true, maxNumberOfPlans: 2 } });
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), Object.keys(recorded));
    assert.equal((body['plans'] as Json[]).length, 1);
    assert.deepEqual(Object.keys((body['plans'] as Json[])[0]!), Object.keys((recorded['plans'] as Json[])[0]!));
  });

  it('plans subqueries, COLLECT, SORT and writes with the nodes the sandbox runs', async function () {
    await fill(5);
    const query = `FOR p IN ${fixture.collection} LET n = (FOR q IN ${fixture.collection} FILTER q.id < p.id RETURN 1) COLLECT k = p.id % 2 AGGREGATE c = SUM(LENGTH(n)) SORT c DESC INSERT { k, c } INTO ${fixture.collection} RETURN NEW`;
    const { body } = await explain({ query });
    const planned = plan(body);
    assert.deepEqual(types(planned), [
      'SingletonNode', 'EnumerateCollectionNode', 'SubqueryNode', 'CalculationNode', 'CalculationNode', 'CalculationNode', 'CollectNode', 'SortNode', 'CalculationNode', 'InsertNode', 'ReturnNode',
    ]);
    const subquery = nodeOfType(planned, 'SubqueryNode');
    assert.deepEqual(((subquery['subquery'] as Json)['nodes'] as Json[]).map((node) => node['type']), ['SingletonNode', 'EnumerateCollectionNode', 'CalculationNode', 'FilterNode', 'CalculationNode', 'ReturnNode']);
    assert.equal(planned['isModificationQuery'], true);
    assert.equal(body['cacheable'], false);
    assert.deepEqual(planned['collections'], [{ name: fixture.collection, type: 'write' }]);
    const dependencies = (planned['nodes'] as Json[]).map((node) => node['dependencies']);
    assert.deepEqual(dependencies.slice(1), (planned['nodes'] as Json[]).slice(0, -1).map((node) => [node['id']]));
  });

  it('fails as arangod: 1551 (while parsing) as RestExplainInvalid, 1501 with the position, 1203 for an unknown collection', async function () {
    const recorded = laterRecording('RestExplainInvalid');
    const missing = await explain({ query: `FOR p IN ${fixture.collection} FILTER p.id == @id LIMIT 2 RETURN p.n` });
    assert.deepEqual([missing.status, missing.body], [recorded.status, recorded.body]);
    const syntax = await explain({ query: 'FOR i IN 1..100 FILTER i = 1 RETURN i' });
    assert.deepEqual([syntax.status, syntax.body['errorNum'], syntax.body['errorMessage']], [400, 1501, "syntax error, unexpected assignment near '= 1 RETURN i' at position 1:26"]);
    const unknown = await explain({ query: 'FOR p IN nowhere RETURN p' });
    assert.deepEqual([unknown.status, unknown.body['errorNum'], unknown.body['errorMessage']], [404, 1203, 'collection or view not found: nowhere']);
    const empty = await explain({});
    assert.deepEqual([empty.status, empty.body['errorNum']], [400, 1502]);
  });
});
