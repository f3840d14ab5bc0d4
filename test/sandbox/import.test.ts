/**
 * `POST /_api/import`: JSON Lines, JSON arrays, attribute names plus value lines, `onDuplicate`,
 * `complete`, `details`, edge prefixes. Each test follows an example of the HTTP API docs
 * ("Import"), named in its title.
 */
import assert from 'node:assert/strict';
import { collectionPerTest } from './collectionPerTest';

interface ImportAnswer {
  error: boolean;
  created: number;
  errors: number;
  empty: number;
  updated: number;
  ignored: number;
  details?: string[];
}

const counts = (created: number, errors: number, empty: number, updated = 0, ignored = 0): ImportAnswer => ({
  error: false,
  created,
  errors,
  empty,
  updated,
  ignored,
});

describe('bulk import', function () {
  const fixture = collectionPerTest('products');
  let products = '';

  beforeEach(function () {
    products = fixture.collection;
  });

  const importInto = (collection: string, query: string, rawBody: string) =>
    fixture.server.request({ method: 'POST', database: fixture.database, path: `/_api/import?collection=${collection}&${query}`, rawBody });
  const keys = async (collection: string): Promise<string[]> => {
    const cursor = await fixture.server.request({ method: 'POST', database: fixture.database, path: '/_api/cursor', body: { query: `FOR d IN ${collection} SORT d._key RETURN d._key` } });
    return (cursor.json as { result: string[] }).result;
  };

  const heterogeneous = [
    { _key: 'abc', value1: 25, value2: 'test', allowed: true },
    { _key: 'foo', name: 'baz' },
    { name: { detailed: 'detailed name', short: 'short name' } },
  ];

  it('imports a JSON array of documents with different attributes (RestImportJsonList)', async function () {
    const response = await importInto(products, 'type=list', JSON.stringify(heterogeneous));
    assert.equal(response.status, 201);
    assert.deepEqual(response.json, counts(3, 0, 0));
    const imported = await keys(products);
    assert.equal(imported.length, 3);
    assert.ok(imported.includes('abc') && imported.includes('foo'));
  });

  it('imports JSON Lines, counting the empty line (RestImportJsonLines)', async function () {
    const body = '{ "_key": "abc", "value1": 25, "value2": "test","allowed": true }\n{ "_key": "foo", "name": "baz" }\n\n{ "name": { "detailed": "detailed name", "short": "short name" } }\n';
    const response = await importInto(products, 'type=documents', body);
    assert.equal(response.status, 201);
    assert.deepEqual(response.json, counts(3, 0, 1));
  });

  it('detects an array with type=auto (RestImportJsonType)', async function () {
    const response = await importInto(products, 'type=auto', `  ${JSON.stringify(heterogeneous)}`);
    assert.deepEqual(response.json, counts(3, 0, 0));
    const lines = await importInto(products, 'type=auto&overwrite=true', '{"_key":"x"}\n{"_key":"y"}');
    assert.deepEqual(lines.json, counts(2, 0, 0));
    assert.deepEqual(await keys(products), ['x', 'y'], 'overwrite=true emptied the collection first');
  });

  it('imports edges, and reports one without _from or _to in details (RestImportJsonEdge, RestImportJsonEdgeInvalid)', async function () {
    const links = `links${fixture.round}`;
    await fixture.server.request({ method: 'POST', database: fixture.database, path: '/_api/collection', body: { name: links, type: 3 } });
    const edges = '{ "_from": "products/123", "_to": "products/234" }\n{"_from": "products/332", "_to": "products/abc",   "name": "other name" }';
    assert.deepEqual((await importInto(links, 'type=documents', edges)).json, counts(2, 0, 0));
    const invalid = await importInto(links, 'type=list&details=true', '[ { "name" : "some name" } ]');
    assert.deepEqual(invalid.json, {
      ...counts(0, 1, 0),
      details: [`at position 1: missing '_from' or '_to' attribute, offending document: {"name":"some name"}`],
    });
    const prefixed = await importInto(links, 'type=list&fromPrefix=products&toPrefix=products/', '[{"_key":"p","_from":"a","_to":"other/b"}]');
    assert.deepEqual(prefixed.json, counts(1, 0, 0));
    const edge = (await fixture.server.request({ database: fixture.database, path: `/_api/document/${links}/p` })).json as { _from: string; _to: string };
    assert.deepEqual([edge._from, edge._to], ['products/a', 'other/b']);
    await importInto(links, 'type=list&toPrefix=products&overwriteCollectionPrefix=true', '[{"_key":"q","_from":"x/a","_to":"other/b"}]');
    const forced = (await fixture.server.request({ database: fixture.database, path: `/_api/document/${links}/q` })).json as { _to: string };
    assert.equal(forced._to, 'products/b');
  });

  it('imports what it can past a duplicate key and says why in details (RestImportJsonUniqueContinue)', async function () {
    const body = '{ "_key": "abc", "value1": 25, "value2": "test" }\n{ "_key": "abc", "value1": "bar", "value2": "baz" }';
    const response = await importInto(products, 'type=documents&details=true', body);
    assert.equal(response.status, 201);
    assert.deepEqual(response.json, {
      ...counts(1, 1, 0),
      details: [`at position 1: creating document failed with error 'unique constraint violated', offending document: {"_key":"abc","value1":"bar","value2":"baz"}`],
    });
  });

  it('imports nothing and answers the error with complete=true (RestImportJsonUniqueFail)', async function () {
    const body = '{ "_key": "abc", "value1": 25, "value2": "test" }\n{ "_key": "abc", "value1": "bar", "value2": "baz" }';
    const response = await importInto(products, 'type=documents&complete=true', body);
    assert.equal(response.status, 409);
    assert.deepEqual(response.json, { error: true, errorMessage: 'unique constraint violated', code: 409, errorNum: 1210 });
    assert.deepEqual(await keys(products), []);
    const notObject = await importInto(products, 'type=list&complete=true', '[{"_key":"a"}, 42]');
    assert.equal(notObject.status, 400);
    assert.equal((notObject.json as { errorNum: number }).errorNum, 1227);
    assert.deepEqual(await keys(products), []);
  });

  it('updates, replaces or ignores documents whose key is taken (onDuplicate)', async function () {
    await importInto(products, 'type=list', '[{"_key":"a","n":1,"keep":true},{"_key":"b","n":2}]');
    assert.deepEqual((await importInto(products, 'type=list&onDuplicate=update', '[{"_key":"a","n":10},{"_key":"c"}]')).json, counts(1, 0, 0, 1));
    const updated = (await fixture.server.request({ database: fixture.database, path: `/_api/document/${products}/a` })).json as Record<string, unknown>;
    assert.deepEqual([updated['n'], updated['keep']], [10, true]);
    assert.deepEqual((await importInto(products, 'type=list&onDuplicate=replace', '[{"_key":"a","n":20}]')).json, counts(0, 0, 0, 1));
    const replaced = (await fixture.server.request({ database: fixture.database, path: `/_api/document/${products}/a` })).json as Record<string, unknown>;
    assert.deepEqual([replaced['n'], replaced['keep']], [20, undefined]);
    assert.deepEqual((await importInto(products, 'type=list&onDuplicate=ignore', '[{"_key":"a","n":30},{"_key":"b"}]')).json, counts(0, 0, 0, 0, 2));
    assert.deepEqual((await importInto(products, 'type=list&onDuplicate=error', '[{"_key":"a"}]')).json, counts(0, 1, 0));
  });

  it('imports attribute names and value lines, leaving out nulls (RestImportCsvExample)', async function () {
    const body = '[ "_key", "value1", "value2" ]\n[ "abc", 25, "test" ]\n\n[ "foo", "bar", null ]';
    const response = await importInto(products, '', body);
    assert.equal(response.status, 201);
    assert.deepEqual(response.json, counts(2, 0, 1));
    const foo = (await fixture.server.request({ database: fixture.database, path: `/_api/document/${products}/foo` })).json as Record<string, unknown>;
    assert.equal('value2' in foo, false);
    const bad = await importInto(products, 'details=true', '["_key","v"]\n["x"]\n{"no":"array"}\n["y", 1]');
    assert.deepEqual(bad.json, {
      ...counts(1, 2, 0),
      details: ['at position 1: wrong number of JSON values (got 1, expected 2)', 'at position 2: no valid JSON array data'],
    });
    const missing = await importInto(products, 'ignoreMissing=true', '["_key","v"]\n["z"]');
    assert.deepEqual(missing.json, counts(1, 0, 0));
    const noHeader = await importInto(products, '', '{"_key":"x"}\n');
    assert.deepEqual(noHeader.json, { code: 400, error: true, errorMessage: 'no JSON string array found in first line', errorNum: 400 });
  });

  it('answers a missing collection, a body that is no array and a bad request as arangod (RestImportJsonInvalidCollection, RestImportJsonInvalidBody)', async function () {
    const unknown = await importInto('no_such_products', 'type=documents', '{ "name": "test" }');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { code: 404, error: true, errorMessage: 'collection or view not found: no_such_products', errorNum: 1203 });
    const notArray = await importInto(products, 'type=list', '{ }');
    assert.deepEqual(notArray.json, { code: 400, error: true, errorMessage: 'expecting a JSON array in the request', errorNum: 400 });
    const noCollection = await fixture.server.request({ method: 'POST', database: fixture.database, path: '/_api/import?type=list', rawBody: '[]' });
    assert.deepEqual(noCollection.json, {
      code: 400,
      error: true,
      errorMessage: "'collection' is missing, expecting /_api/import?collection=<identifier>",
      errorNum: 1204,
    });
    const wrongMethod = await fixture.server.request({ method: 'PUT', database: fixture.database, path: `/_api/import?collection=${products}&type=list`, rawBody: '[]' });
    assert.equal(wrongMethod.status, 501);
  });
});
