/**
 * Listing what a database holds, as ArangoDB 3.12 does: collections (`excludeSystem`), views
 * (none in the sandbox), named graphs (created with edge definitions as the docs' example, kept
 * per database) and the built-in analyzers.
 */
import assert from 'node:assert/strict';
import { createTestDatabase, dropTestDatabase, startTestServer, type TestServer } from '../support/testServer';

type Json = Record<string, unknown>;

describe('sandbox: collections, views, graphs and analyzers listed', function () {
  let server: TestServer;
  let database: string;
  let other: string;

  before(async function () {
    server = await startTestServer();
    database = await createTestDatabase(server, 'listed');
    other = await createTestDatabase(server, 'listedother');
  });

  after(async function () {
    await dropTestDatabase(server, database);
    await dropTestDatabase(server, other);
    await server.close();
  });

  const get = async (path: string, inDatabase = database) => {
    const response = await server.request({ database: inDatabase, path });
    return { status: response.status, body: response.json as Json };
  };

  it('lists collections with their fields, system ones left out with excludeSystem', async function () {
    await server.request({ method: 'POST', database, path: '/_api/collection', body: { name: 'plain' } });
    await server.request({ method: 'POST', database, path: '/_api/collection', body: { name: 'links', type: 3 } });
    await server.request({ method: 'POST', database, path: '/_api/gharial', body: { name: 'anyGraph', edgeDefinitions: [] } });
    const all = (await get('/_api/collection')).body;
    assert.deepEqual(Object.keys(all), ['error', 'code', 'result']);
    const result = all['result'] as Json[];
    assert.deepEqual(Object.keys(result.find((entry) => entry['name'] === 'plain')!), ['id', 'name', 'status', 'type', 'isSystem', 'globallyUniqueId']);
    assert.deepEqual(result.filter((entry) => ['plain', 'links'].includes(entry['name'] as string)).map((entry) => [entry['name'], entry['type']]), [['plain', 2], ['links', 3]]);
    assert.ok(result.some((entry) => entry['name'] === '_graphs' && entry['isSystem'] === true));
    const user = (await get('/_api/collection?excludeSystem=true')).body['result'] as Json[];
    assert.deepEqual(user.map((entry) => entry['name']), ['plain', 'links']);
  });

  it('lists no views, and says creating one is not implemented (501/9)', async function () {
    assert.deepEqual(await get('/_api/view'), { status: 200, body: { error: false, code: 200, result: [] } });
    const created = await server.request({ method: 'POST', database, path: '/_api/view', body: { name: 'v', type: 'arangosearch' } });
    assert.deepEqual([created.status, (created.json as Json)['errorNum']], [501, 9]);
    const missing = await get('/_api/view/v');
    assert.deepEqual([missing.status, missing.body['errorNum']], [404, 1203]);
  });

  it('creates a named graph as the docs example, with its collections, and lists it in its database only', async function () {
    const created = await server.request({
      method: 'POST',
      database,
      path: '/_api/gharial',
      body: { name: 'myGraph', edgeDefinitions: [{ collection: 'edges', from: ['startVertices'], to: ['endVertices'] }] },
    });
    assert.equal(created.status, 202);
    const graph = (created.json as Json)['graph'] as Json;
    assert.deepEqual(Object.keys(graph), ['_key', 'numberOfShards', 'replicationFactor', 'isSmart', 'isDisjoint', 'isSatellite', '_id', '_rev', 'edgeDefinitions', 'orphanCollections', 'name']);
    assert.deepEqual([graph['_id'], graph['name'], graph['edgeDefinitions'], graph['orphanCollections']], ['_graphs/myGraph', 'myGraph', [{ collection: 'edges', from: ['startVertices'], to: ['endVertices'] }], []]);
    const edges = (await get('/_api/collection/edges')).body;
    assert.equal(edges['type'], 3);
    assert.equal((await get('/_api/collection/startVertices')).status, 200);

    const listed = (await get('/_api/gharial')).body;
    assert.deepEqual(Object.keys(listed), ['error', 'code', 'graphs']);
    assert.ok((listed['graphs'] as Json[]).some((entry) => entry['name'] === 'myGraph'));
    assert.deepEqual((await get('/_api/gharial', other)).body['graphs'], []);
    assert.deepEqual((await get('/_api/gharial/myGraph')).body['graph'], graph);

    const again = await server.request({ method: 'POST', database, path: '/_api/gharial', body: { name: 'myGraph', edgeDefinitions: [] } });
    assert.deepEqual([again.status, (again.json as Json)['errorNum']], [409, 1925]);
    const notEdges = await server.request({ method: 'POST', database, path: '/_api/gharial', body: { name: 'bad', edgeDefinitions: [{ collection: 'plain', from: ['a'], to: ['b'] }] } });
    assert.deepEqual([notEdges.status, (notEdges.json as Json)['errorNum']], [400, 1935]);

    const removed = await server.request({ method: 'DELETE', database, path: '/_api/gharial/myGraph?dropCollections=true' });
    assert.deepEqual([removed.status, removed.json], [202, { error: false, code: 202, removed: true }]);
    assert.equal((await get('/_api/collection/edges')).status, 404);
    assert.deepEqual([(await get('/_api/gharial/myGraph')).status, (await get('/_api/gharial/myGraph')).body['errorNum']], [404, 1924]);
  });

  it("lists 3.12's built-in analyzers with their properties and features", async function () {
    const { status, body } = await get('/_api/analyzer');
    assert.equal(status, 200);
    const result = body['result'] as Json[];
    assert.deepEqual(
      result.map((analyzer) => analyzer['name']),
      ['identity', 'text_de', 'text_en', 'text_es', 'text_fi', 'text_fr', 'text_it', 'text_nl', 'text_no', 'text_pt', 'text_ru', 'text_sv', 'text_zh'],
    );
    assert.deepEqual(result[0], { name: 'identity', type: 'identity', properties: {}, features: ['frequency', 'norm'] });
    assert.deepEqual(result[2], {
      name: 'text_en',
      type: 'text',
      properties: { locale: 'en', case: 'lower', stopwords: [], accent: false, stemming: true },
      features: ['frequency', 'norm', 'position'],
    });
    assert.deepEqual((await get('/_api/analyzer/text_de')).body['properties'], { locale: 'de', case: 'lower', stopwords: [], accent: false, stemming: true });
  });
});
