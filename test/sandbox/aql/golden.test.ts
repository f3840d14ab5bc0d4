/**
 * The AQL of the golden transcripts (test/fixtures/arangodb-golden, recorded from ArangoDB
 * 3.12.10) run directly against the interpreter, with each example's setup done on the store.
 * The HTTP replay of the same files lives in ../golden.test.ts; this pins the interpreter's part.
 */
import assert from 'node:assert/strict';
import { arangoErrorOf, assertError, checkError, freshDatabase, run } from './queryTestKit';

function helloProducts(count: number): ReturnType<typeof freshDatabase> {
  return freshDatabase({ products: Array.from({ length: count }, (_unused, i) => ({ [`hello${i + 1}`]: 'world1' })) });
}

describe('golden AQL examples of ArangoDB 3.12.10', () => {
  it('RestCursorCreateCursorForLimitReturn: FOR p IN products LIMIT 5 RETURN p', async () => {
    const outcome = await run(helloProducts(5), 'FOR p IN products LIMIT 5 RETURN p');
    const documents = outcome.result as Record<string, unknown>[];
    assert.equal(documents.length, 5);
    documents.forEach((document, i) => {
      assert.deepEqual(Object.keys(document), ['_key', '_id', '_rev', `hello${i + 1}`]);
      assert.equal(document['_id'], `products/${String(document['_key'])}`);
      assert.equal(document[`hello${i + 1}`], 'world1');
    });
    assert.equal(outcome.stats.scannedFull, 5);
    assert.deepEqual(outcome.warnings, []);
  });

  it('RestCursorCreateCursorForLimitReturnSingle: FOR p IN products LIMIT 2 RETURN p', async () => {
    const outcome = await run(helloProducts(2), 'FOR p IN products LIMIT 2 RETURN p');
    assert.deepEqual(
      (outcome.result as Record<string, unknown>[]).map((document) => Object.keys(document)),
      [
        ['_key', '_id', '_rev', 'hello1'],
        ['_key', '_id', '_rev', 'hello2'],
      ],
    );
    assert.deepEqual([outcome.stats.scannedFull, outcome.stats.writesExecuted, outcome.peakMemoryUsage], [2, 0, 0]);
  });

  it('RestCursorCreateCursorOption: fullCount 500 and filtered 500', async () => {
    const outcome = await run(freshDatabase(), 'FOR i IN 1..1000 FILTER i > 500 LIMIT 10 RETURN i', undefined, { fullCount: true });
    assert.deepEqual(outcome.result, [501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);
    assert.deepEqual([outcome.stats.fullCount, outcome.stats.filtered, outcome.stats.scannedFull], [500, 500, 0]);
  });

  it('RestCursorCreateCursorUnknownCollection: 404/1203 collection or view not found: unknowncoll', async () => {
    assertError(await checkError(freshDatabase(), 'FOR u IN unknowncoll LIMIT 2 RETURN u'), 404, 1203, 'collection or view not found: unknowncoll');
  });

  it('RestCursorDeleteIgnore: writesIgnored 1', async () => {
    const outcome = await run(freshDatabase({ products: [{ _key: 'foo' }] }), "REMOVE 'bar' IN products OPTIONS { ignoreErrors: true }");
    assert.deepEqual(outcome.result, []);
    assert.deepEqual([outcome.stats.writesExecuted, outcome.stats.writesIgnored], [0, 1]);
  });

  it('RestCursorDeleteQuery: writesExecuted 2, empty result', async () => {
    const db = helloProducts(2);
    const outcome = await run(db, 'FOR p IN products REMOVE p IN products');
    assert.deepEqual(outcome.result, []);
    assert.equal(outcome.stats.writesExecuted, 2);
    assert.equal(db.collection('products')!.count(), 0);
  });

  it('RestCursorOptimizerRules: FOR i IN 1..10 LET a = 1 LET b = 2 FILTER a + b == 3 RETURN i', async () => {
    const outcome = await run(freshDatabase(), 'FOR i IN 1..10 LET a = 1 LET b = 2 FILTER a + b == 3 RETURN i');
    assert.deepEqual(outcome.result, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(outcome.stats.filtered, 0);
  });

  it('RestCursorPostBatch: FOR i IN 1..5 RETURN i', async () => {
    assert.deepEqual((await run(freshDatabase(), 'FOR i IN 1..5 RETURN i')).result, [1, 2, 3, 4, 5]);
  });

  it('later/RestCursorMemoryLimit: 500/32 with the recorded message once node tags are dropped', async () => {
    const error = await arangoErrorOf(() => run(freshDatabase(), 'FOR i IN 1..100000 SORT i RETURN i', undefined, { memoryLimit: 100000 }));
    assert.deepEqual([error.httpCode, error.errorNum], [500, 32]);
    assert.equal(error.message.replace(/ \[node #\d+: \w+\]/gu, ''), 'AQL: query would use more memory than allowed (while executing)');
  });

  it('later/RestCursorProfileQuery: two SLEEPs run in sequence, profile reports executing', async () => {
    const outcome = await run(freshDatabase(), 'LET s = SLEEP(0.25) LET t = SLEEP(0.5) RETURN 1', undefined, { profile: 2 });
    assert.deepEqual(outcome.result, [1]);
    assert.ok(outcome.profile!['executing']! >= 0.7, `executing took ${outcome.profile!['executing']}`);
  });

  it('later/RestExplainWarning: FOR i IN 1..10 RETURN 1 / 0 warns division by zero once', async () => {
    const outcome = await run(freshDatabase(), 'FOR i IN 1..10 RETURN 1 / 0');
    assert.deepEqual(outcome.result, new Array(10).fill(null));
    assert.deepEqual(outcome.warnings, [{ code: 1562, message: 'division by zero' }]);
  });

  it('later/RestExplainEmpty: FOR i IN [ 1, 2, 3 ] FILTER 1 == 2 RETURN i is empty', async () => {
    assert.deepEqual((await run(freshDatabase(), 'FOR i IN [ 1, 2, 3 ] FILTER 1 == 2 RETURN i')).result, []);
  });

  it('later/RestExplainInvalid: a declared bind parameter without value is 1551', async () => {
    const db = freshDatabase({ products: [] });
    assertError(await checkError(db, 'FOR p IN products FILTER p.id == @id LIMIT 2 RETURN p.n'), 400, 1551, "no value specified for declared bind parameter 'id'");
  });

  it('later/RestQueryInvalid: 1501 at position 1:26', async () => {
    assertError(
      await checkError(freshDatabase(), 'FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3'),
      400,
      1501,
      "syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 1:26",
    );
  });

  it('later/RestQueryValid: FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3', async () => {
    assert.deepEqual((await run(freshDatabase(), 'FOR i IN 1..100 FILTER i > 10 LIMIT 2 RETURN i * 3')).result, [33, 36]);
  });

  it('later/RestExplainOptimizerRules: the query of the explain examples returns the matching name', async () => {
    const db = freshDatabase({ products: Array.from({ length: 10 }, (_unused, id) => ({ id, name: `n${id}` })) });
    assert.deepEqual((await run(db, 'FOR p IN products LET a = p.id FILTER a == 4 LET name = p.name SORT p.id LIMIT 1 RETURN name')).result, ['n4']);
  });
});
