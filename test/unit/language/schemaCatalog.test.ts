/**
 * The schema catalog answers from its cache at once and asks the server only in the background,
 * only while connected, once per database (and per collection for counts and samples); it is
 * dropped per database by refresh and invalidate (1203), and sampling is off at size 0. The last
 * block runs the catalog over the real client against the sandbox (or ARANGODB_URL).
 */
import assert from 'node:assert/strict';
import { ArangoClient } from '../../../src/client';
import type { SampledDocument, SchemaSource } from '../../../src/language/schemaCatalog';
import { clientSchemaSource, SchemaCatalog, summarizeSample } from '../../../src/language/schemaCatalog';
import { createTestDatabase, dropTestDatabase, startTestServer, type TestServer } from '../../support/testServer';

class FakeSource implements SchemaSource {
  connected = true;
  readonly requests: string[] = [];
  collections = ['users', 'orders'];
  failNext = false;

  list(database: string): Promise<Awaited<ReturnType<SchemaSource['list']>>> {
    this.requests.push(`list ${database}`);
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('boom'));
    }
    return Promise.resolve({
      collections: this.collections.map((name) => ({ name, type: name === 'knows' ? 'edge' : 'document', isSystem: false }) as const),
      views: [{ name: `${database}View`, type: 'arangosearch' }],
      graphs: [{ name: 'social', edgeCollections: ['knows'] }],
      analyzers: [{ name: 'text_en', type: 'text' }],
      userFunctions: [{ name: 'MY::DOUBLE', isDeterministic: true }],
    });
  }

  count(database: string, collection: string): Promise<number> {
    this.requests.push(`count ${database}/${collection}`);
    return Promise.resolve(42);
  }

  sample(database: string, collection: string, size: number): Promise<readonly SampledDocument[]> {
    this.requests.push(`sample ${database}/${collection} ${size}`);
    return Promise.resolve([[['name'], ['address', ['city', 'zip']]], [['name'], ['age']]]);
  }
}

describe('schema catalog', function () {
  let source: FakeSource;
  let sampleSize: number;
  let catalog: SchemaCatalog;
  let changes: string[];

  beforeEach(function () {
    source = new FakeSource();
    sampleSize = 20;
    catalog = new SchemaCatalog(source, { sampleSize: () => sampleSize, retryAfterMs: 60_000 });
    changes = [];
    catalog.onDidChange((database) => changes.push(database));
  });

  afterEach(function () {
    catalog.dispose();
  });

  it('answers undefined at once, fetches in the background once, then answers from the cache and says so', async function () {
    assert.equal(catalog.schema('shop'), undefined);
    assert.equal(catalog.schema('shop'), undefined, 'a second question while fetching sends nothing more');
    await catalog.whenIdle();
    assert.deepEqual(changes, ['shop']);
    const schema = catalog.schema('shop');
    assert.deepEqual(schema?.collectionNames, ['users', 'orders']);
    assert.deepEqual(schema?.views.map((view) => view.name), ['shopView']);
    assert.deepEqual(schema?.userFunctions.map((fn) => fn.name), ['MY::DOUBLE']);
    assert.deepEqual(source.requests, ['list shop']);
  });

  it('keeps one cache per database', async function () {
    catalog.schema('shop');
    catalog.schema('hr');
    await catalog.whenIdle();
    assert.deepEqual(catalog.schema('shop')?.views.map((view) => view.name), ['shopView']);
    assert.deepEqual(catalog.schema('hr')?.views.map((view) => view.name), ['hrView']);
    assert.deepEqual(source.requests.sort(), ['list hr', 'list shop']);
  });

  it('sends nothing while not connected, and fetches once connected', async function () {
    source.connected = false;
    assert.equal(catalog.schema('shop'), undefined);
    assert.equal(catalog.count('shop', 'users'), undefined);
    assert.equal(catalog.sample('shop', 'users'), undefined);
    await catalog.whenIdle();
    assert.deepEqual(source.requests, []);
    source.connected = true;
    catalog.schema('shop');
    await catalog.whenIdle();
    assert.deepEqual(source.requests, ['list shop']);
  });

  it('refresh drops the database and fetches it again; other databases keep their cache', async function () {
    catalog.schema('shop');
    catalog.schema('hr');
    await catalog.whenIdle();
    source.collections = ['users', 'orders', 'invoices'];
    const refreshed = await catalog.refresh('shop');
    assert.deepEqual(refreshed?.collectionNames, ['users', 'orders', 'invoices']);
    assert.equal(source.requests.filter((request) => request === 'list shop').length, 2);
    assert.equal(source.requests.filter((request) => request === 'list hr').length, 1);
  });

  it('invalidate (a query said 1203) drops counts and samples too, and the next question fetches again', async function () {
    catalog.schema('shop');
    catalog.count('shop', 'users');
    catalog.sample('shop', 'users');
    await catalog.whenIdle();
    assert.equal(catalog.count('shop', 'users'), 42);
    catalog.invalidate('shop');
    assert.equal(changes[changes.length - 1], 'shop');
    assert.equal(catalog.schema('shop'), undefined);
    assert.equal(catalog.count('shop', 'users'), undefined);
    await catalog.whenIdle();
    assert.equal(source.requests.filter((request) => request === 'list shop').length, 2);
    assert.equal(source.requests.filter((request) => request === 'count shop/users').length, 2);
  });

  it('ignores an answer that arrives after its database was invalidated', async function () {
    catalog.schema('shop');
    catalog.invalidate('shop');
    await catalog.whenIdle();
    assert.equal(catalog.schema('shop'), undefined, 'the old answer is not cached; a new fetch started');
    await catalog.whenIdle();
    assert.ok(catalog.schema('shop'));
  });

  it('samples attribute names with the set size, most frequent first, and caches them', async function () {
    assert.equal(catalog.sample('shop', 'users'), undefined);
    await catalog.whenIdle();
    const sample = catalog.sample('shop', 'users');
    assert.deepEqual(sample, {
      collection: 'users',
      sampled: 2,
      attributes: [
        { name: 'name', count: 2, children: [] },
        { name: 'address', count: 1, children: ['city', 'zip'] },
        { name: 'age', count: 1, children: [] },
      ],
    });
    assert.deepEqual(source.requests, ['sample shop/users 20']);
  });

  it('samples nothing at size 0', async function () {
    sampleSize = 0;
    assert.equal(catalog.sample('shop', 'users'), undefined);
    await catalog.whenIdle();
    assert.deepEqual(source.requests, []);
  });

  it('does not ask again right after a failure, only after the retry time or a refresh', async function () {
    source.failNext = true;
    const logged: string[] = [];
    let now = 1_000;
    catalog = new SchemaCatalog(source, { sampleSize: () => 20, retryAfterMs: 60_000, now: () => now, log: (line) => logged.push(line) });
    catalog.schema('shop');
    await catalog.whenIdle();
    assert.match(logged[0] ?? '', /Could not read the collections, views, graphs and analyzers of shop: boom/);
    catalog.schema('shop');
    await catalog.whenIdle();
    assert.equal(source.requests.length, 1);
    now += 60_000;
    catalog.schema('shop');
    await catalog.whenIdle();
    assert.ok(catalog.schema('shop'));
    assert.equal(source.requests.length, 2);
  });

  it('summarizes an empty sample as no attributes', function () {
    assert.deepEqual(summarizeSample('empty', []), { collection: 'empty', sampled: 0, attributes: [] });
  });
});

describe('schema catalog over the client (sandbox, or ARANGODB_URL)', function () {
  let server: TestServer;
  let database: string;
  let client: ArangoClient;

  before(async function () {
    server = await startTestServer();
    database = await createTestDatabase(server, 'schema');
    client = new ArangoClient({ hosts: server.urls });
    const send = (method: string, path: string, body: unknown) => server.request({ method, database, path, body });
    await send('POST', '/_api/collection', { name: 'people' });
    await send('POST', '/_api/collection', { name: 'knows', type: 3 });
    await send('POST', '/_api/gharial', { name: 'friends', edgeDefinitions: [{ collection: 'knows', from: ['people'], to: ['people'] }] });
    await send('POST', '/_api/aqlfunction', { name: 'schema::twice', code: 'function (x) { return 2 * x; }' });
    await send('POST', '/_api/document/people', [
      { name: 'Ann', address: { city: 'Oslo', zip: '0150' } },
      { name: 'Bo', age: 41 },
      { name: 'Cy', age: 7, address: { city: 'Bergen' } },
    ]);
  });

  after(async function () {
    await client.close();
    await dropTestDatabase(server, database);
    await server.close();
  });

  function catalogOverClient(sampleSize: number): SchemaCatalog {
    const db = client.db(database, { username: server.username, password: server.password });
    return new SchemaCatalog(
      clientSchemaSource(() => ({ databaseHandle: () => db })),
      { sampleSize: () => sampleSize },
    );
  }

  it('lists collections with their type, graphs, analyzers and user functions of the database', async function () {
    const catalog = catalogOverClient(20);
    const schema = await catalog.refresh(database);
    assert.ok(schema, 'the schema arrived');
    assert.deepEqual(
      schema.collections.filter((c) => ['people', 'knows'].includes(c.name)).map((c) => [c.name, c.type]).sort(),
      [['knows', 'edge'], ['people', 'document']],
    );
    assert.ok(!schema.collectionNames.includes('_graphs'), 'system collections are left out');
    assert.deepEqual(schema.graphs, [{ name: 'friends', edgeCollections: ['knows'] }]);
    assert.ok(schema.analyzers.some((analyzer) => analyzer.name === 'text_en' || analyzer.name === 'identity'));
    assert.deepEqual(schema.userFunctions.map((fn) => fn.name.toUpperCase()), ['SCHEMA::TWICE']);
    catalog.dispose();
  });

  it('counts a collection and samples its attribute names one level deep', async function () {
    const catalog = catalogOverClient(20);
    catalog.count(database, 'people');
    catalog.sample(database, 'people');
    await catalog.whenIdle();
    assert.equal(catalog.count(database, 'people'), 3);
    const sample = catalog.sample(database, 'people');
    assert.equal(sample?.sampled, 3);
    const byName = new Map(sample?.attributes.map((attribute) => [attribute.name, attribute]));
    assert.deepEqual([...byName.keys()].filter((name) => !name.startsWith('_')).sort(), ['address', 'age', 'name']);
    assert.deepEqual(byName.get('address')?.children, ['city', 'zip']);
    assert.ok(byName.has('_key'), 'system attributes are sampled too');
    catalog.dispose();
  });

  it('sends no request while not connected', async function () {
    const requests: string[] = [];
    const counting = new ArangoClient({ hosts: server.urls, onRequest: (event) => requests.push(event.path) });
    const db = counting.db(database, { username: server.username, password: server.password });
    let live = false;
    const catalog = new SchemaCatalog(clientSchemaSource(() => (live ? { databaseHandle: () => db } : undefined)), { sampleSize: () => 20 });
    assert.equal(catalog.schema(database), undefined);
    assert.equal(catalog.sample(database, 'people'), undefined);
    assert.equal(catalog.count(database, 'people'), undefined);
    await catalog.whenIdle();
    assert.equal(requests.join(', '), '');
    live = true;
    await catalog.refresh(database);
    assert.ok(requests.some((path) => path.includes('/_api/collection?excludeSystem=true')), `once connected, it asks: ${requests.join(', ')}`);
    catalog.dispose();
    await counting.close();
  });
});
