import assert from 'node:assert/strict';
import { freshDatabase, resultOf, run, valueOf } from './queryTestKit';

const people = [
  { _key: 'ann', name: 'Ann', age: 31, city: 'Oslo' },
  { _key: 'bob', name: 'Bob', age: 25, city: 'Rome' },
  { _key: 'cid', name: 'Cid', age: 31, city: 'Oslo' },
  { _key: 'dee', name: 'Dee', age: 40, city: null },
];

describe('AQL statements', () => {
  const db = freshDatabase({ people });

  it('loops over collections in insertion order, arrays and ranges, nested', async () => {
    assert.deepEqual(await resultOf(db, 'FOR p IN people RETURN p._key'), ['ann', 'bob', 'cid', 'dee']);
    assert.deepEqual(await resultOf(db, 'FOR x IN [1, 2] FOR y IN 1..2 RETURN [x, y]'), [
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ]);
    assert.deepEqual(await resultOf(db, 'FOR x IN [] RETURN x'), []);
  });

  it('returns whole documents with _key, _id and _rev', async () => {
    const [ann] = (await resultOf(db, 'FOR p IN people FILTER p._key == "ann" RETURN p')) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(ann!), ['_key', '_id', '_rev', 'name', 'age', 'city']);
    assert.equal(ann!['_id'], 'people/ann');
  });

  it('filters rows, counting the dropped ones', async () => {
    const outcome = await run(db, 'FOR p IN people FILTER p.age > 30 FILTER p.city == "Oslo" RETURN p.name');
    assert.deepEqual(outcome.result, ['Ann', 'Cid']);
    assert.equal(outcome.stats.filtered, 2);
    assert.equal(outcome.stats.scannedFull, 4);
  });

  it('binds LET variables, also several in one LET', async () => {
    assert.deepEqual(await resultOf(db, 'LET a = 1, b = a + 1 FOR i IN [10] LET c = i + b RETURN [a, b, c]'), [[1, 2, 12]]);
  });

  it('sorts ascending and descending by several keys, stably', async () => {
    assert.deepEqual(await resultOf(db, 'FOR p IN people SORT p.age DESC, p.name RETURN p.name'), ['Dee', 'Ann', 'Cid', 'Bob']);
    assert.deepEqual(await resultOf(db, 'FOR p IN people SORT p.city RETURN p.name'), ['Dee', 'Ann', 'Cid', 'Bob']);
    assert.deepEqual(await resultOf(db, 'FOR x IN [{k: 1, n: "a"}, {k: 0, n: "b"}, {k: 1, n: "c"}, {k: 0, n: "d"}] SORT x.k RETURN x.n'), ['b', 'd', 'a', 'c']);
    assert.deepEqual(await resultOf(db, 'FOR x IN [2, 3, 1] SORT x @dir RETURN x', { dir: 'DESC' }), [3, 2, 1]);
  });

  it('limits with and without offset', async () => {
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..10 LIMIT 3 RETURN i'), [1, 2, 3]);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..10 LIMIT 8, 5 RETURN i'), [9, 10]);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..10 LIMIT 0 RETURN i'), []);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..10 LIMIT @offset, @count RETURN i', { offset: 2, count: 2 }), [3, 4]);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..3 LIMIT 2 FOR j IN 1..2 RETURN [i, j]'), [
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
    ]);
  });

  it('reads a null LIMIT count as unbounded and a null offset as 0 (ExecutionPlan::fromNodeLimit)', async () => {
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..5 LIMIT null RETURN i'), [1, 2, 3, 4, 5]);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..5 LIMIT 0, null RETURN i'), [1, 2, 3, 4, 5]);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..5 LIMIT null, 2 RETURN i'), [1, 2]);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..5 LIMIT 3, null RETURN i'), [4, 5]);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..5 LIMIT @offset, @count RETURN i', { offset: null, count: null }), [1, 2, 3, 4, 5]);
    assert.deepEqual(await resultOf(db, 'FOR i IN 1..5 LIMIT 1.9, 2.7 RETURN i'), [2, 3]);
  });

  it('stops scanning a collection once a LIMIT right after the loop is satisfied', async () => {
    const outcome = await run(db, 'FOR p IN people LIMIT 1, 2 RETURN p._key');
    assert.deepEqual(outcome.result, ['bob', 'cid']);
    assert.equal(outcome.stats.scannedFull, 3);
  });

  it('groups with COLLECT, sorted by the group values', async () => {
    assert.deepEqual(await resultOf(db, 'FOR p IN people COLLECT city = p.city RETURN city'), [null, 'Oslo', 'Rome']);
    assert.deepEqual(await resultOf(db, 'FOR p IN people COLLECT age = p.age, city = p.city RETURN [age, city]'), [
      [25, 'Rome'],
      [31, 'Oslo'],
      [40, null],
    ]);
  });

  it('collects groups INTO a variable, with an expression or KEEP', async () => {
    assert.deepEqual(await resultOf(db, 'FOR p IN people FILTER p.age == 31 COLLECT a = p.age INTO g RETURN g[*].p.name'), [['Ann', 'Cid']]);
    assert.deepEqual(await resultOf(db, 'FOR p IN people COLLECT c = p.city INTO names = p.name RETURN {c, names}'), [
      { c: null, names: ['Dee'] },
      { c: 'Oslo', names: ['Ann', 'Cid'] },
      { c: 'Rome', names: ['Bob'] },
    ]);
    assert.deepEqual(await resultOf(db, 'FOR p IN people LET n = p.name COLLECT c = p.city INTO g KEEP n FILTER c == "Oslo" RETURN g'), [[{ n: 'Ann' }, { n: 'Cid' }]]);
  });

  it('counts with COLLECT ... WITH COUNT INTO, also on no input', async () => {
    assert.deepEqual(await resultOf(db, 'FOR p IN people COLLECT WITH COUNT INTO n RETURN n'), [4]);
    assert.deepEqual(await resultOf(db, 'FOR p IN people FILTER false COLLECT WITH COUNT INTO n RETURN n'), [0]);
    assert.deepEqual(await resultOf(db, 'FOR p IN people COLLECT city = p.city WITH COUNT INTO n RETURN {city, n}'), [
      { city: null, n: 1 },
      { city: 'Oslo', n: 2 },
      { city: 'Rome', n: 1 },
    ]);
    assert.deepEqual(await resultOf(db, 'FOR p IN people FILTER false COLLECT city = p.city WITH COUNT INTO n RETURN n'), []);
  });

  it('aggregates with COLLECT ... AGGREGATE', async () => {
    assert.deepEqual(
      await resultOf(db, 'FOR p IN people COLLECT city = p.city AGGREGATE n = COUNT(1), oldest = MAX(p.age), total = SUM(p.age), mean = AVG(p.age), names = PUSH(p.name) RETURN {city, n, oldest, total, mean, names}'),
      [
        { city: null, n: 1, oldest: 40, total: 40, mean: 40, names: ['Dee'] },
        { city: 'Oslo', n: 2, oldest: 31, total: 62, mean: 31, names: ['Ann', 'Cid'] },
        { city: 'Rome', n: 1, oldest: 25, total: 25, mean: 25, names: ['Bob'] },
      ],
    );
    assert.deepEqual(await resultOf(db, 'FOR p IN people COLLECT AGGREGATE youngest = MIN(p.age), ages = SORTED_UNIQUE(p.age) RETURN [youngest, ages]'), [[25, [25, 31, 40]]]);
  });

  it('ends the scope of loop variables at COLLECT but keeps earlier top-level ones', async () => {
    assert.deepEqual(await resultOf(db, 'LET base = 100 FOR i IN 1..3 COLLECT odd = i % 2 RETURN base + odd'), [100, 101]);
    await assert.rejects(resultOf(db, 'FOR i IN 1..3 COLLECT odd = i % 2 RETURN i'), { errorNum: 1203, message: 'collection or view not found: i' });
  });

  it('runs subqueries per row, in expressions and as function arguments', async () => {
    assert.deepEqual(await resultOf(db, 'FOR x IN [1, 2] LET ys = (FOR y IN [10, 20] RETURN x + y) RETURN ys'), [
      [11, 21],
      [12, 22],
    ]);
    assert.deepEqual(await valueOf(db, 'RETURN LENGTH(FOR p IN people FILTER p.age > 30 RETURN 1)'), 3);
    assert.deepEqual(await valueOf(db, 'RETURN (FOR p IN people SORT p.age LIMIT 1 RETURN p.name)[0]'), 'Bob');
    assert.deepEqual(await valueOf(db, 'LET s = (FOR i IN 1..3 COLLECT WITH COUNT INTO n RETURN n) RETURN s'), [3]);
  });

  it('removes duplicates with RETURN DISTINCT', async () => {
    assert.deepEqual(await resultOf(db, 'FOR p IN people RETURN DISTINCT p.age'), [31, 25, 40]);
    assert.deepEqual(await resultOf(db, 'FOR x IN [{a: 1}, {a: 1, b: null}, [1], [1, null], 1] RETURN DISTINCT x'), [{ a: 1 }, [1], 1]);
  });

  it('accepts WITH at the start and OPTIONS on FOR and COLLECT', async () => {
    assert.deepEqual(await resultOf(db, 'WITH people FOR p IN people OPTIONS {indexHint: "x"} COLLECT a = p.age OPTIONS {method: "hash"} RETURN a'), [25, 31, 40]);
  });

  it('reads collections and values from bind parameters', async () => {
    assert.deepEqual(await resultOf(db, 'FOR p IN @@c FILTER p.age >= @min SORT p.name RETURN p.name', { '@c': 'people', min: 31 }), ['Ann', 'Cid', 'Dee']);
    assert.deepEqual(await resultOf(db, 'FOR x IN @list RETURN x * 2', { list: [1, 2] }), [2, 4]);
    assert.deepEqual(await valueOf(db, 'RETURN LENGTH(@@c)', { '@c': 'people' }), 4);
  });

  it('reports fullCount: rows reaching the last top-level LIMIT (golden RestCursorCreateCursorOption)', async () => {
    const outcome = await run(db, 'FOR i IN 1..1000 FILTER i > 500 LIMIT 10 RETURN i', undefined, { fullCount: true });
    assert.deepEqual(outcome.result, [501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);
    assert.equal(outcome.stats.fullCount, 500);
    assert.equal(outcome.stats.filtered, 500);
    const withoutLimit = await run(db, 'FOR p IN people RETURN 1', undefined, { fullCount: true });
    assert.equal(withoutLimit.stats.fullCount, 4);
    const notAsked = await run(db, 'FOR i IN 1..10 LIMIT 1 RETURN i');
    assert.equal('fullCount' in notAsked.stats, false);
  });
});
