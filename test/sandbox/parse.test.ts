/**
 * `POST /_api/query`: parses without running, answered as the recordings RestQueryValid and
 * RestQueryInvalid of ArangoDB 3.12.10 (the same body for the same query).
 */
import assert from 'node:assert/strict';
import { collectionPerTest } from './collectionPerTest';
import { laterRecording } from './laterRecordings';

type Json = Record<string, unknown>;

describe('sandbox: POST /_api/query (parse)', function () {
  const fixture = collectionPerTest('parsed');

  const parse = async (query: unknown) => {
    const response = await fixture.server.request({ method: 'POST', database: fixture.database, path: '/_api/query', body: { query } });
    return { status: response.status, body: response.json as Json };
  };

  it('answers a valid query exactly as RestQueryValid', async function () {
    const recorded = laterRecording('RestQueryValid');
    const { status, body } = await parse((recorded.request.body as Json)['query']);
    assert.deepEqual([status, body], [recorded.status, recorded.body]);
  });

  it('answers a syntax error exactly as RestQueryInvalid', async function () {
    const recorded = laterRecording('RestQueryInvalid');
    const { status, body } = await parse((recorded.request.body as Json)['query']);
    assert.deepEqual([status, body], [recorded.status, recorded.body]);
  });

  it('lists the collections and bind parameters, and never runs the query', async function () {
    const query = `FOR d IN ${fixture.collection} FILTER d.x == @x INSERT { y: d.x } INTO @@target REMOVE d IN ${fixture.collection} RETURN SLEEP(30)`;
    const { status, body } = await parse(query);
    assert.equal(status, 200);
    assert.deepEqual([body['collections'], body['bindVars']], [[fixture.collection], ['x', '@target']]);
    const root = (body['ast'] as Json[])[0]!;
    assert.deepEqual((root['subNodes'] as Json[]).map((node) => node['type']), ['for', 'filter', 'insert', 'remove', 'return']);
    const count = await fixture.server.request({ database: fixture.database, path: `/_api/collection/${fixture.collection}/count` });
    assert.equal((count.json as Json)['count'], 0);
  });

  it('reports an unknown collection (404/1203) and an empty query (400/1502)', async function () {
    const unknown = await parse('FOR d IN nowhere RETURN d');
    assert.deepEqual([unknown.status, unknown.body['errorNum']], [404, 1203]);
    const empty = await parse('  ');
    assert.deepEqual([empty.status, empty.body['errorNum']], [400, 1502]);
  });
});
