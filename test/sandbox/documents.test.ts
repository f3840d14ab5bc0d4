/**
 * The document API beyond one document at a time: array bodies (one answer per element, errors in
 * place, `x-arango-error-codes`), `PUT ?onlyget=true`, `keepNull`/`mergeObjects` and `ignoreRevs`.
 * Each test follows an example of the HTTP API docs ("Documents"), named in its title.
 */
import assert from 'node:assert/strict';
import { collectionPerTest } from './collectionPerTest';

type Json = Record<string, unknown>;

describe('documents, several at once', function () {
  const fixture = collectionPerTest('products');
  let products = '';

  beforeEach(function () {
    products = fixture.collection;
  });

  const send = (method: string, path: string, body?: unknown) =>
    fixture.server.request({ method, database: fixture.database, path, ...(body === undefined ? {} : { body }) });

  it('reads several documents by key or by object (RestDocumentHandlerReadMultiDocument)', async function () {
    await send('POST', `/_api/document/${products}`, { _key: 'doc1', hello: 'world' });
    await send('POST', `/_api/document/${products}`, { _key: 'doc2', say: 'hi to mom' });
    const response = await send('PUT', `/_api/document/${products}?onlyget=true`, ['doc1', { _key: 'doc2' }]);
    assert.equal(response.status, 200);
    const [doc1, doc2] = response.json as Json[];
    assert.deepEqual(Object.keys(doc1!), ['_key', '_id', '_rev', 'hello']);
    assert.equal(doc1!['_id'], `${products}/doc1`);
    assert.equal(doc2!['say'], 'hi to mom');
    assert.equal(response.headers['x-arango-error-codes'], undefined);
  });

  it('puts a missing document in place as an error and counts it in x-arango-error-codes', async function () {
    await send('POST', `/_api/document/${products}`, { _key: 'doc1' });
    const response = await send('PUT', `/_api/document/${products}?onlyget=true`, ['nope', 'doc1', { _key: 'gone' }, 42]);
    assert.equal(response.status, 200);
    const [missing, found, gone, bad] = response.json as Json[];
    assert.deepEqual(missing, { error: true, errorNum: 1202, errorMessage: 'document not found' });
    assert.equal(found!['_key'], 'doc1');
    assert.equal(gone!['errorNum'], 1202);
    assert.deepEqual(bad, { error: true, errorNum: 1205, errorMessage: 'illegal document identifier' });
    assert.deepEqual(JSON.parse(String(response.headers['x-arango-error-codes'])), { 1202: 2, 1205: 1 });
  });

  it('inserts several documents, with returnNew (RestDocumentHandlerPostMulti1, RestDocumentHandlerPostMulti2)', async function () {
    const body = [{ Hello: 'Earth' }, { Hello: 'Venus' }, { Hello: 'Mars' }];
    const plain = await send('POST', `/_api/document/${products}`, body);
    assert.equal(plain.status, 202);
    const results = plain.json as Json[];
    assert.equal(results.length, 3);
    for (const result of results) {
      assert.deepEqual(Object.keys(result), ['_id', '_key', '_rev']);
    }
    const withNew = await send('POST', `/_api/document/${products}?returnNew=true`, body);
    const news = (withNew.json as { new: Json }[]).map((result) => result.new['Hello']);
    assert.deepEqual(news, ['Earth', 'Venus', 'Mars']);
    const count = (await send('GET', `/_api/collection/${products}/count`)).json as { count: number };
    assert.equal(count.count, 6);
  });

  it('inserts the good documents of a partly illegal array (RestDocumentHandlerPostBadJsonMulti)', async function () {
    const response = await send('POST', `/_api/document/${products}`, [{ _key: 111 }, { _key: 'abc' }]);
    assert.equal(response.status, 202);
    const [bad, good] = response.json as Json[];
    assert.deepEqual(bad, { error: true, errorNum: 1221, errorMessage: 'illegal document key' });
    assert.equal(good!['_key'], 'abc');
    assert.deepEqual(JSON.parse(String(response.headers['x-arango-error-codes'])), { 1221: 1 });
    const duplicate = await send('POST', `/_api/document/${products}`, [{ _key: 'abc' }, 'not a document']);
    const [conflict, notObject] = duplicate.json as Json[];
    assert.equal(conflict!['errorNum'], 1210);
    assert.deepEqual(notObject, { error: true, errorNum: 1227, errorMessage: 'invalid document type' });
  });

  it('lists only the errors of a silent array request', async function () {
    const allGood = await send('POST', `/_api/document/${products}?silent=true`, [{ _key: 'a' }, { _key: 'b' }]);
    assert.deepEqual(allGood.json, []);
    const oneBad = await send('POST', `/_api/document/${products}?silent=true`, [{ _key: 'c' }, { _key: 'a' }]);
    assert.deepEqual((oneBad.json as Json[]).map((entry) => entry['errorNum']), [1210]);
  });

  it('replaces, updates and removes several documents by the _key in each (docs: Replace/Update/Remove multiple documents)', async function () {
    await send('POST', `/_api/document/${products}`, [{ _key: 'a', n: 1, keep: true }, { _key: 'b', n: 2 }]);
    const replaced = await send('PUT', `/_api/document/${products}?returnOld=true`, [{ _key: 'a', n: 10 }, { _key: 'x' }, { n: 0 }]);
    assert.equal(replaced.status, 202);
    const [a, x, noKey] = replaced.json as Json[];
    assert.deepEqual(Object.keys(a!), ['_id', '_key', '_rev', '_oldRev', 'old']);
    assert.equal((a!['old'] as Json)['n'], 1);
    assert.equal(x!['errorNum'], 1202);
    assert.equal(noKey!['errorNum'], 1205);
    assert.deepEqual(JSON.parse(String(replaced.headers['x-arango-error-codes'])), { 1202: 1, 1205: 1 });
    const updated = await send('PATCH', `/_api/document/${products}?returnNew=true`, [{ _key: 'b', m: 3 }]);
    assert.deepEqual(((updated.json as Json[])[0]!['new'] as Json)['m'], 3);
    const afterReplace = (await send('GET', `/_api/document/${products}/a`)).json as Json;
    assert.equal(afterReplace['keep'], undefined, 'a replace drops what the new body lacks');
    const removed = await send('DELETE', `/_api/document/${products}`, ['a', { _key: 'b' }, 'a']);
    assert.equal(removed.status, 202);
    const [gone, goneToo, twice] = removed.json as Json[];
    assert.equal(gone!['_key'], 'a');
    assert.equal(goneToo!['_key'], 'b');
    assert.equal(twice!['errorNum'], 1202);
    assert.equal(((await send('GET', `/_api/collection/${products}/count`)).json as { count: number }).count, 0);
  });

  it('takes a _rev in a body document as a precondition only with ignoreRevs=false', async function () {
    await send('POST', `/_api/document/${products}`, { _key: 'a', n: 1 });
    const stale = { _key: 'a', _rev: '_not_the_rev', n: 2 };
    const refused = await send('PATCH', `/_api/document/${products}?ignoreRevs=false`, [stale]);
    assert.deepEqual((refused.json as Json[])[0], { error: true, errorNum: 1200, errorMessage: 'conflict, _rev values do not match' });
    const single = await send('PATCH', `/_api/document/${products}/a?ignoreRevs=false`, stale);
    assert.equal(single.status, 412);
    const current = (await send('GET', `/_api/document/${products}/a`)).json as Json;
    assert.deepEqual(single.json, {
      code: 412,
      error: true,
      errorMessage: 'precondition failed',
      errorNum: 1200,
      _id: `${products}/a`,
      _key: 'a',
      _rev: current['_rev'],
    });
    const accepted = await send('PATCH', `/_api/document/${products}`, [stale]);
    assert.equal(((accepted.json as Json[])[0]!)['_key'], 'a');
  });

  it('removes attributes patched to null with keepNull=false, nested ones too (RestDocumentHandlerPatchDocument)', async function () {
    const created = (await send('POST', `/_api/document/${products}`, { one: 'world' })).json as Json;
    const url = `/_api/document/${String(created['_id'])}`;
    assert.equal((await send('PATCH', url, { hello: 'world' })).status, 202);
    assert.equal((await send('PATCH', url, { numbers: { one: 1, two: 2, three: 3, empty: null } })).status, 202);
    const withNull = (await send('GET', url)).json as Json;
    assert.deepEqual(withNull['numbers'], { one: 1, two: 2, three: 3, empty: null });
    assert.equal((await send('PATCH', `${url}?keepNull=false`, { hello: null, numbers: { four: 4 } })).status, 202);
    const patched = (await send('GET', url)).json as Json;
    assert.equal('hello' in patched, false);
    assert.equal(patched['one'], 'world');
    assert.deepEqual(patched['numbers'], { one: 1, two: 2, three: 3, empty: null, four: 4 });
    await send('PATCH', `${url}?keepNull=false`, { numbers: { one: null, deep: { gone: null, kept: 1 } }, list: [{ inArray: null }] });
    const nested = (await send('GET', url)).json as Json;
    assert.deepEqual(nested['numbers'], { two: 2, three: 3, empty: null, four: 4, deep: { kept: 1 } });
    assert.deepEqual(nested['list'], [{ inArray: null }], 'objects inside arrays keep their nulls');
  });

  it('replaces sub-objects instead of merging them with mergeObjects=false (RestDocumentHandlerPatchDocumentMerge)', async function () {
    const created = (await send('POST', `/_api/document/${products}`, { inhabitants: { china: 1366980000, india: 1263590000, usa: 319220000 } })).json as Json;
    const url = `/_api/document/${String(created['_id'])}`;
    await send('PATCH', `${url}?mergeObjects=true`, { inhabitants: { indonesia: 252164800, brazil: 203553000 } });
    const merged = (await send('GET', url)).json as { inhabitants: Json };
    assert.deepEqual(Object.keys(merged.inhabitants), ['china', 'india', 'usa', 'indonesia', 'brazil']);
    await send('PATCH', `${url}?mergeObjects=false`, { inhabitants: { pakistan: 188346000 } });
    const replaced = (await send('GET', url)).json as { inhabitants: Json };
    assert.deepEqual(replaced.inhabitants, { pakistan: 188346000 });
  });
});
