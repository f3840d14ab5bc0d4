import assert from 'node:assert/strict';
import { arangoErrorOf, assertError, checkError, freshDatabase, resultOf, run } from './queryTestKit';

function inventory(): ReturnType<typeof freshDatabase> {
  return freshDatabase({
    products: [
      { _key: 'lamp', price: 10, tags: ['light'], specs: { w: 1, h: 2 } },
      { _key: 'desk', price: 100, specs: { w: 5 } },
    ],
  });
}

describe('AQL data modification', () => {
  it('inserts documents, generating keys, and returns NEW', async () => {
    const db = inventory();
    const outcome = await run(db, 'FOR i IN 1..3 INSERT {n: i} INTO products RETURN NEW');
    assert.equal(outcome.stats.writesExecuted, 3);
    const created = outcome.result as Record<string, unknown>[];
    assert.deepEqual(
      created.map((document) => document['n']),
      [1, 2, 3],
    );
    for (const document of created) {
      assert.match(String(document['_key']), /^\d+$/u);
      assert.equal(document['_id'], `products/${String(document['_key'])}`);
      assert.deepEqual(db.collection('products')!.document(String(document['_key'])), document);
    }
    assert.equal(db.collection('products')!.count(), 5);
  });

  it('inserts with IN as well as INTO, into a collection named by a bind parameter', async () => {
    const db = inventory();
    await run(db, 'INSERT {_key: "chair"} IN @@target', { '@target': 'products' });
    assert.ok(db.collection('products')!.document('chair'));
  });

  it('updates by key WITH a patch, merging objects, and returns OLD and NEW', async () => {
    const db = inventory();
    const [change] = (await resultOf(db, 'UPDATE "lamp" WITH {price: 12, specs: {h: 3}} IN products RETURN {old: OLD.price, new: NEW.price, specs: NEW.specs}'));
    assert.deepEqual(change, { old: 10, new: 12, specs: { w: 1, h: 3 } });
    assert.equal(db.collection('products')!.document('lamp')!['price'], 12);
  });

  it('updates a document given whole, with keepNull and mergeObjects options', async () => {
    const db = inventory();
    await run(db, 'FOR p IN products UPDATE p WITH {specs: {w: null}, tags: null} IN products OPTIONS {keepNull: false}');
    assert.deepEqual(db.collection('products')!.document('lamp')!['specs'], { h: 2 });
    assert.equal('tags' in db.collection('products')!.document('lamp')!, false);
    await run(db, 'UPDATE {_key: "desk", specs: {d: 1}} IN products OPTIONS {mergeObjects: false}');
    assert.deepEqual(db.collection('products')!.document('desk')!['specs'], { d: 1 });
  });

  it('drops attributes updated to null with keepNull: false, also in new sub-objects (AQL docs: UPDATE, keepNull)', async () => {
    const db = freshDatabase({ users: [{ _key: 'u1', notNeeded: 1, name: { first: 'a', last: 'b' } }] });
    await run(db, 'FOR u IN users UPDATE u WITH { foobar: true, notNeeded: null } IN users OPTIONS { keepNull: false }');
    assert.deepEqual(Object.keys(db.collection('users')!.document('u1')!), ['_key', '_id', '_rev', 'name', 'foobar']);
    await run(db, 'UPDATE "u1" WITH { name: { last: null }, extra: { x: null, y: 1 } } IN users OPTIONS { keepNull: false }');
    const user = db.collection('users')!.document('u1')!;
    assert.deepEqual([user['name'], user['extra']], [{ first: 'a' }, { y: 1 }]);
    await run(db, 'UPDATE "u1" WITH { name: { middle: "m" } } IN users OPTIONS { mergeObjects: false }');
    assert.deepEqual(db.collection('users')!.document('u1')!['name'], { middle: 'm' });
  });

  it('replaces documents', async () => {
    const db = inventory();
    const result = await resultOf(db, 'REPLACE {_key: "desk", only: true} IN products RETURN [OLD.price, NEW]');
    const [[oldPrice, replaced]] = result as [[number, Record<string, unknown>]];
    assert.equal(oldPrice, 100);
    assert.deepEqual(Object.keys(replaced), ['_key', '_id', '_rev', 'only']);
    await run(db, 'REPLACE "lamp" WITH {other: 1} IN products');
    assert.deepEqual(Object.keys(db.collection('products')!.document('lamp')!), ['_key', '_id', '_rev', 'other']);
  });

  it('removes documents by key or document and returns OLD (golden RestCursorDeleteQuery)', async () => {
    const db = inventory();
    const outcome = await run(db, 'FOR p IN products REMOVE p IN products');
    assert.deepEqual(outcome.result, []);
    assert.equal(outcome.stats.writesExecuted, 2);
    assert.equal(db.collection('products')!.count(), 0);
    const again = inventory();
    assert.deepEqual(await resultOf(again, 'REMOVE "lamp" IN products RETURN OLD.price'), [10]);
  });

  it('reports a missing document as arangod does while executing (404/1202)', async () => {
    const db = inventory();
    const error = await arangoErrorOf(() => run(db, 'REMOVE "bar" IN products'));
    assertError(error, 404, 1202, 'AQL: document not found [node #3: RemoveNode] (while executing)');
  });

  it('ignores failed writes with ignoreErrors (golden RestCursorDeleteIgnore)', async () => {
    const db = freshDatabase({ products: [{ _key: 'foo' }] });
    const outcome = await run(db, "REMOVE 'bar' IN products OPTIONS { ignoreErrors: true }");
    assert.deepEqual(outcome.result, []);
    assert.deepEqual([outcome.stats.writesExecuted, outcome.stats.writesIgnored], [0, 1]);
  });

  it('reports a unique constraint violation (409/1210) and rolls back the query', async () => {
    const db = inventory();
    const error = await arangoErrorOf(() => run(db, 'FOR k IN ["new1", "new2", "lamp"] INSERT {_key: k} INTO products'));
    assert.equal(error.httpCode, 409);
    assert.equal(error.errorNum, 1210);
    assert.match(error.message, /^AQL: unique constraint violated - in index primary of type primary over '_key'; conflicting key: lamp \[node #\d+: InsertNode\] \(while executing\)$/u);
    assert.deepEqual(
      [...db.collection('products')!.documents()].map((document) => document._key),
      ['lamp', 'desk'],
    );
  });

  it('rolls back updates and removes of a failing query', async () => {
    const db = inventory();
    await assert.rejects(run(db, 'FOR p IN products UPDATE p WITH {price: 0} IN products FILTER NEW.price == 0 RETURN FAIL("stop")'), { errorNum: 1569 });
    assert.equal(db.collection('products')!.document('lamp')!['price'], 10);
    await assert.rejects(run(db, 'FOR k IN ["lamp", "none"] REMOVE k IN products'), { errorNum: 1202 });
    assert.equal(db.collection('products')!.count(), 2);
  });

  it('honours overwriteMode on INSERT and exposes OLD then', async () => {
    const db = inventory();
    assert.deepEqual(await resultOf(db, 'INSERT {_key: "lamp", price: 11} INTO products OPTIONS {overwriteMode: "update"} RETURN [OLD.price, NEW.price, NEW.tags]'), [[10, 11, ['light']]]);
    assert.deepEqual(await resultOf(db, 'INSERT {_key: "lamp", price: 12} INTO products OPTIONS {overwriteMode: "replace"} RETURN [OLD.price, NEW.tags]'), [[11, null]]);
    const ignored = await run(db, 'INSERT {_key: "lamp", price: 13} INTO products OPTIONS {overwriteMode: "ignore"} RETURN NEW');
    assert.deepEqual(ignored.result, [null]);
    assert.equal(ignored.stats.writesIgnored, 1);
    assert.equal(db.collection('products')!.document('lamp')!['price'], 12);
  });

  it('refuses non-object documents (400/1227) and conflicting revisions with ignoreRevs false (409/1200)', async () => {
    const db = inventory();
    assert.equal((await arangoErrorOf(() => run(db, 'INSERT 5 INTO products'))).errorNum, 1227);
    assert.equal((await arangoErrorOf(() => run(db, 'UPDATE "lamp" WITH [1] IN products'))).errorNum, 1227);
    const conflict = await arangoErrorOf(() => run(db, 'UPDATE {_key: "lamp", _rev: "_stale_rev_", x: 1} IN products OPTIONS {ignoreRevs: false}'));
    assert.deepEqual([conflict.httpCode, conflict.errorNum], [409, 1200]);
  });

  it('allows reading a collection and then writing it, but not reading it after writing (1579)', async () => {
    const db = inventory();
    assertError(await checkError(db, 'INSERT {} INTO products FOR p IN products RETURN p'), 400, 1579, "access after data-modification by collection 'products'");
    assertError(await checkError(db, 'FOR p IN products LET r = (INSERT {} INTO products) RETURN r'), 400, 1579, "access after data-modification by collection 'products'");
    assert.deepEqual(await resultOf(db, 'FOR p IN products UPDATE p WITH {seen: true} IN products RETURN NEW.seen'), [true, true]);
  });

  it('scans a snapshot, so documents it inserts into the scanned collection are not visited', async () => {
    const db = inventory();
    const outcome = await run(db, 'FOR p IN products INSERT {copyOf: p._key} INTO products RETURN NEW.copyOf');
    assert.deepEqual(outcome.result, ['lamp', 'desk']);
    assert.equal(db.collection('products')!.count(), 4);
  });

  it('names a missing target collection before running (404/1203)', async () => {
    const db = inventory();
    assertError(await checkError(db, 'INSERT {} INTO nowhere'), 404, 1203, 'collection or view not found: nowhere');
    assert.equal(db.collection('products')!.count(), 2);
  });

  it('gives a subquery that only writes an empty result', async () => {
    const db = inventory();
    assert.deepEqual(await resultOf(db, 'LET r = (FOR i IN 1..2 INSERT {i} INTO products) RETURN r'), [[]]);
    assert.equal(db.collection('products')!.count(), 4);
  });
});
