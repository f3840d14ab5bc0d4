/**
 * Changing a collection after it was created: `PUT /_api/collection/{name}/properties` and
 * `/rename`. Each test follows an example of the HTTP API docs ("Collections"), named in its title.
 */
import assert from 'node:assert/strict';
import { collectionPerTest } from './collectionPerTest';

type Json = Record<string, unknown>;

describe('collection properties and renaming', function () {
  const fixture = collectionPerTest('products');

  const send = (method: string, path: string, body?: unknown) =>
    fixture.server.request({ method, database: fixture.database, path, ...(body === undefined ? {} : { body }) });

  it('changes waitForSync and answers with the properties (RestCollectionIdentifierPropertiesSync)', async function () {
    const url = `/_api/collection/${fixture.collection}/properties`;
    const response = await send('PUT', url, { waitForSync: true });
    assert.equal(response.status, 200);
    const body = response.json as Json;
    assert.equal(body['waitForSync'], true);
    assert.equal(body['name'], fixture.collection);
    assert.equal(body['error'], false);
    assert.equal(body['code'], 200);
    for (const key of ['id', 'type', 'status', 'isSystem', 'keyOptions', 'cacheEnabled', 'schema', 'computedValues']) {
      assert.ok(key in body, `properties carry ${key}`);
    }
    assert.equal((await send('POST', `/_api/document/${fixture.collection}`, {})).status, 201, 'writes are now synced');
    await send('PUT', url, { waitForSync: false });
    assert.equal((await send('POST', `/_api/document/${fixture.collection}`, {})).status, 202);
    const read = (await send('GET', url)).json as Json;
    assert.equal(read['waitForSync'], false);
  });

  it('keeps a schema and computed values in arangod form, and removes them with null', async function () {
    const url = `/_api/collection/${fixture.collection}/properties`;
    const rule = { properties: { nums: { type: 'array', items: { type: 'number' } } } };
    const changed = (await send('PUT', url, {
      cacheEnabled: true,
      schema: { rule, level: 'moderate', message: 'The document does not contain an array of numbers in attribute "nums".' },
      computedValues: [{ name: 'createdAt', expression: 'RETURN DATE_NOW()', overwrite: true, computeOn: ['insert'] }],
    })).json as Json;
    assert.equal(changed['cacheEnabled'], true);
    assert.deepEqual(changed['schema'], {
      message: 'The document does not contain an array of numbers in attribute "nums".',
      level: 'moderate',
      type: 'json',
      rule,
    });
    assert.deepEqual(changed['computedValues'], [
      { name: 'createdAt', expression: 'RETURN DATE_NOW()', computeOn: ['insert'], overwrite: true, failOnWarning: false, keepNull: true },
    ]);
    const untouched = (await send('PUT', url, { waitForSync: true })).json as Json;
    assert.deepEqual(untouched['schema'], changed['schema'], 'only the attributes given change');
    const removed = (await send('PUT', url, { schema: null, computedValues: [] })).json as Json;
    assert.equal(removed['schema'], null);
    assert.equal(removed['computedValues'], null);
  });

  it('refuses a malformed schema with 400/1621 and changes nothing', async function () {
    const url = `/_api/collection/${fixture.collection}/properties`;
    const noRule = await send('PUT', url, { waitForSync: true, schema: { level: 'strict' } });
    assert.equal(noRule.status, 400);
    assert.equal((noRule.json as { errorNum: number }).errorNum, 1621);
    const badLevel = await send('PUT', url, { schema: { rule: {}, level: 'sometimes' } });
    assert.deepEqual(badLevel.json, { code: 400, error: true, errorMessage: 'Valid validation levels are: none, new, moderate, strict', errorNum: 1621 });
    assert.equal(((await send('GET', url)).json as Json)['waitForSync'], false);
  });

  it('renames a collection, its documents keep their keys and get the new _id (RestCollectionIdentifierRename)', async function () {
    const newName = `newname${fixture.round}`;
    await send('POST', `/_api/document/${fixture.collection}`, { _key: 'a' });
    const response = await send('PUT', `/_api/collection/${fixture.collection}/rename`, { name: newName });
    assert.equal(response.status, 200);
    const body = response.json as Json;
    assert.equal(body['name'], newName);
    assert.equal(body['type'], 2);
    assert.equal(body['isSystem'], false);
    assert.equal(body['error'], false);
    assert.equal((await send('GET', `/_api/collection/${fixture.collection}`)).status, 404);
    const document = (await send('GET', `/_api/document/${newName}/a`)).json as Json;
    assert.equal(document['_id'], `${newName}/a`);
    const queried = (await send('POST', '/_api/cursor', { query: `FOR d IN ${newName} RETURN d._id` })).json as { result: string[] };
    assert.deepEqual(queried.result, [`${newName}/a`]);
    await send('PUT', `/_api/collection/${newName}/rename`, { name: fixture.collection });
  });

  it('refuses a taken name (409/1207) and an illegal one (400/1208)', async function () {
    const other = `other${fixture.round}`;
    await send('POST', '/_api/collection', { name: other });
    const taken = await send('PUT', `/_api/collection/${fixture.collection}/rename`, { name: other });
    assert.equal(taken.status, 409);
    assert.equal((taken.json as { errorNum: number }).errorNum, 1207);
    const illegal = await send('PUT', `/_api/collection/${fixture.collection}/rename`, { name: ' not legal ' });
    assert.equal(illegal.status, 400);
    assert.equal((illegal.json as { errorNum: number }).errorNum, 1208);
  });
});
