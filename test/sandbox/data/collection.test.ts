import assert from 'node:assert/strict';
import { ArangoError } from '../errors';
import { DataStore, type Collection } from './store';
import { decodeRevision } from './ticks';

function collection(name = 'products', type: 2 | 3 = 2): Collection {
  return new DataStore().database('_system')!.createCollection(name, { type });
}

function errorOf(action: () => unknown): ArangoError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ArangoError);
    return error;
  }
  assert.fail('expected an ArangoError');
}

function assertError(error: ArangoError, httpCode: number, errorNum: number, message: string): void {
  assert.deepEqual([error.httpCode, error.errorNum, error.message], [httpCode, errorNum, message]);
}

describe('Collection documents', () => {
  it('generates increasing numeric keys and sets _id and _rev', () => {
    const products = collection();
    const first = products.insert({ hello1: 'world1' });
    const second = products.insert({ hello2: 'world1' });
    assert.match(first.meta._key, /^\d+$/u);
    assert.ok(Number(second.meta._key) > Number(first.meta._key));
    assert.equal(first.meta._id, `products/${first.meta._key}`);
    assert.match(first.meta._rev, /^_[-_A-Za-z0-9]{10}$/u);
    assert.deepEqual(first.new, { _key: first.meta._key, _id: first.meta._id, _rev: first.meta._rev, hello1: 'world1' });
  });

  it('stores system attributes first, then the user attributes in their order', () => {
    const products = collection();
    const { new: stored } = products.insert({ b: 1, _key: 'k', a: 2, _id: 'ignored/x', _rev: 'ignored' });
    assert.deepEqual(Object.keys(stored), ['_key', '_id', '_rev', 'b', 'a']);
    assert.equal(stored._id, 'products/k');
  });

  it('gives every write a new, increasing _rev', () => {
    const products = collection();
    const inserted = products.insert({ _key: 'a', n: 1 });
    const updated = products.update('a', { n: 2 });
    const replaced = products.replace('a', { n: 3 });
    const revisions = [inserted.meta._rev, updated.meta._rev, replaced.meta._rev];
    assert.equal(new Set(revisions).size, 3);
    const decoded = revisions.map(decodeRevision);
    assert.ok(decoded[0]! < decoded[1]! && decoded[1]! < decoded[2]!);
  });

  it('keeps stored documents isolated from what callers hold', () => {
    const products = collection();
    const input = { _key: 'a', nested: { x: 1 } };
    const { new: returned } = products.insert(input);
    input.nested.x = 99;
    (returned['nested'] as { x: number }).x = 42;
    const fetched = products.document('a')!;
    fetched['extra'] = true;
    assert.deepEqual(products.document('a'), { _key: 'a', _id: 'products/a', _rev: returned._rev, nested: { x: 1 } });
  });

  it('rejects a duplicate key with 409/1210 and names the key', () => {
    const products = collection();
    products.insert({ _key: 'foo' });
    assertError(
      errorOf(() => products.insert({ _key: 'foo' })),
      409,
      1210,
      "unique constraint violated - in index primary of type primary over '_key'; conflicting key: foo",
    );
  });

  it('rejects illegal keys (400/1221) and non-object documents (400/1227)', () => {
    const products = collection();
    for (const key of ['a/b', '', 'with space', 5, 'x'.repeat(255)]) {
      assertError(errorOf(() => products.insert({ _key: key })), 400, 1221, 'illegal document key');
    }
    for (const document of [[1], null, 'text', 3]) {
      assertError(errorOf(() => products.insert(document as unknown as Record<string, unknown>)), 400, 1227, 'invalid document type');
    }
  });

  it('accepts every character arangod allows in keys', () => {
    const products = collection();
    const key = "aZ09_-:.@()+,=;$!*'%";
    assert.equal(products.insert({ _key: key }).meta._key, key);
  });

  it('applies the overwrite modes of an insert', () => {
    const products = collection();
    products.insert({ _key: 'a', keep: 1, nested: { x: 1 } });
    const ignored = products.insert({ _key: 'a', keep: 2 }, { overwriteMode: 'ignore' });
    assert.equal(ignored.ignored, true);
    assert.equal(products.document('a')!['keep'], 1);
    const updated = products.insert({ _key: 'a', nested: { y: 2 } }, { overwriteMode: 'update' });
    assert.deepEqual(updated.new['nested'], { x: 1, y: 2 });
    assert.equal(updated.old!['keep'], 1);
    const replaced = products.insert({ _key: 'a', only: true }, { overwriteMode: 'replace' });
    assert.deepEqual(Object.keys(replaced.new), ['_key', '_id', '_rev', 'only']);
    assertError(errorOf(() => products.insert({ _key: 'a' }, { overwriteMode: 'conflict' })), 409, 1210, "unique constraint violated - in index primary of type primary over '_key'; conflicting key: a");
  });

  it('merges updates recursively, honouring keepNull and mergeObjects', () => {
    const products = collection();
    products.insert({ _key: 'a', keep: 1, nested: { x: 1, y: 2 }, gone: 'soon' });
    assert.deepEqual(products.update('a', { nested: { y: 3 } }).new['nested'], { x: 1, y: 3 });
    const withoutNulls = products.update('a', { gone: null, nested: { x: null } }, { keepNull: false }).new;
    assert.equal('gone' in withoutNulls, false);
    assert.deepEqual(withoutNulls['nested'], { y: 3 });
    assert.deepEqual(products.update('a', { nested: { z: 1 } }, { mergeObjects: false }).new['nested'], { z: 1 });
    assert.equal(products.update('a', { kept: null }).new['kept'], null);
  });

  it('replaces a document whole and reports the old one', () => {
    const products = collection();
    products.insert({ _key: 'a', before: true });
    const result = products.replace('a', { after: true });
    assert.equal(result.old['before'], true);
    assert.deepEqual(Object.keys(result.new), ['_key', '_id', '_rev', 'after']);
  });

  it('answers 404/1202 for updating, replacing or removing a missing document', () => {
    const products = collection();
    assertError(errorOf(() => products.update('none', {})), 404, 1202, 'document not found');
    assertError(errorOf(() => products.replace('none', {})), 404, 1202, 'document not found');
    assertError(errorOf(() => products.remove('none')), 404, 1202, 'document not found');
  });

  it('removes and truncates', () => {
    const products = collection();
    products.insert({ _key: 'a' });
    products.insert({ _key: 'b' });
    assert.equal(products.remove('a').old._key, 'a');
    assert.equal(products.count(), 1);
    products.truncate();
    assert.equal(products.count(), 0);
  });

  it('iterates documents in insertion order over a snapshot taken when iteration starts', () => {
    const products = collection();
    products.insert({ _key: 'a' });
    products.insert({ _key: 'b' });
    const seen: string[] = [];
    for (const document of products.documents()) {
      seen.push(document._key);
      products.insert({ _key: `${document._key}2` });
    }
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(products.count(), 4);
  });

  it('requires valid _from and _to in edge collections (400/1233)', () => {
    const edges = collection('knows', 3);
    const edge = edges.insert({ _from: 'people/a', _to: 'people/b', since: 2020 }).new;
    assert.deepEqual(Object.keys(edge), ['_key', '_id', '_from', '_to', '_rev', 'since']);
    for (const document of [{}, { _from: 'people/a' }, { _from: 'a', _to: 'people/b' }, { _from: 'people/a', _to: 5 }]) {
      assertError(errorOf(() => edges.insert(document)), 400, 1233, 'edge attribute missing or invalid');
    }
    assert.equal(edges.update(edge._key, { since: 2021 }).new['_from'], 'people/a');
  });

  it('refuses user keys when allowUserKeys is false (400/1222)', () => {
    const db = new DataStore().database('_system')!;
    const strict = db.createCollection('strict', { keyOptions: { allowUserKeys: false } });
    assertError(errorOf(() => strict.insert({ _key: 'mine' })), 400, 1222, 'unexpected document key');
    assert.match(strict.insert({}).meta._key, /^\d+$/u);
  });

  it('generates autoincrement, padded and uuid keys on request', () => {
    const db = new DataStore().database('_system')!;
    const auto = db.createCollection('auto', { keyOptions: { type: 'autoincrement' } });
    assert.deepEqual([auto.insert({}).meta._key, auto.insert({}).meta._key], ['1', '2']);
    const padded = db.createCollection('padded', { keyOptions: { type: 'padded' } });
    assert.match(padded.insert({}).meta._key, /^[0-9a-f]{16}$/u);
    const uuid = db.createCollection('uuid', { keyOptions: { type: 'uuid' } });
    assert.match(uuid.insert({}).meta._key, /^[0-9a-f-]{36}$/u);
  });
});
