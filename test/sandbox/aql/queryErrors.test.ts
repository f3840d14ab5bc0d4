import assert from 'node:assert/strict';
import { checkQuery, runQuery } from './index';
import { arangoErrorOf, assertError, checkError, freshDatabase, run } from './queryTestKit';

const NOT_SUPPORTED_SUFFIX = ' (see test/sandbox/aql/README.md for the supported subset)';

describe('AQL errors found before a query runs', () => {
  const db = freshDatabase({ products: [{ _key: 'p' }] });

  it('names an unknown collection (404/1203, 3.12 wording without "AQL:")', async () => {
    assertError(await checkError(db, 'FOR u IN unknowncoll LIMIT 2 RETURN u'), 404, 1203, 'collection or view not found: unknowncoll');
    assertError(await checkError(db, 'FOR i IN 1..2 RETURN undefinedName'), 404, 1203, 'collection or view not found: undefinedName');
  });

  it('names an unknown function in upper case (400/1540)', async () => {
    assertError(await checkError(db, 'RETURN doesNotExist(1)'), 400, 1540, "usage of unknown function 'DOESNOTEXIST()'");
  });

  it('reports a wrong argument count with the name as written (400/1541)', async () => {
    assertError(await checkError(db, 'RETURN length()'), 400, 1541, "invalid number of arguments for function 'length()', expected number of arguments: minimum: 1, maximum: 1");
    assertError(await checkError(db, 'RETURN CONCAT()'), 400, 1541, "invalid number of arguments for function 'CONCAT()', expected number of arguments: minimum: 1, maximum: 65536");
    assertError(await checkError(db, 'RETURN SUBSTRING("a")'), 400, 1541, "invalid number of arguments for function 'SUBSTRING()', expected number of arguments: minimum: 2, maximum: 3");
  });

  it('checks bind parameters: missing (1551), undeclared (1552), invalid (1553)', async () => {
    assertError(await checkError(db, 'FOR p IN products FILTER p.id == @id LIMIT 2 RETURN p.n'), 400, 1551, "no value specified for declared bind parameter 'id'");
    assertError(await checkError(db, 'FOR p IN @@coll RETURN p'), 400, 1551, "no value specified for declared bind parameter '@coll'");
    assertError(await checkError(db, 'RETURN 1', { extra: 1 }), 400, 1552, "bind parameter 'extra' was not declared in the query");
    assertError(await checkError(db, 'RETURN @a', { a: 1, '@c': 'products' }), 400, 1552, "bind parameter '@c' was not declared in the query");
    assertError(await checkError(db, 'FOR p IN @@coll RETURN p', { '@coll': 42 }), 400, 1553, "bind parameter '@coll' has an invalid value or type");
    assertError(await checkError(db, 'LET d = {} RETURN d.@attr', { attr: 1 }), 400, 1553, "bind parameter 'attr' has an invalid value or type");
    assertError(await checkError(db, 'FOR p IN @@coll RETURN p', { '@coll': 'nope' }), 404, 1203, 'collection or view not found: nope');
  });

  it('accepts null and structured values for value parameters', async () => {
    assert.deepEqual((await run(db, 'RETURN [@a, @b]', { a: null, b: { x: [1] } })).result, [[null, { x: [1] }]]);
  });

  it('rejects a variable declared twice (400/1511) and an unknown variable in an object shorthand (1512)', async () => {
    assertError(await checkError(db, 'LET x = 1 LET x = 2 RETURN x'), 400, 1511, "variable 'x' is assigned multiple times");
    assertError(await checkError(db, 'LET x = 1 FOR i IN [1] LET y = (FOR x IN [2] RETURN x) RETURN y'), 400, 1511, "variable 'x' is assigned multiple times");
    const shorthand = await checkError(db, 'RETURN {nope}');
    assert.deepEqual([shorthand.httpCode, shorthand.errorNum], [400, 1512]);
    assert.equal(shorthand.message, "use of unknown variable 'nope' in object literal near '}' at position 1:13");
  });

  it('rejects a collection used as an ordinary operand (400/1568)', async () => {
    assertError(await checkError(db, 'RETURN products'), 400, 1568, "collection 'products' used as expression operand");
    assertError(await checkError(db, 'FOR x IN [1] RETURN products[0]'), 400, 1568, "collection 'products' used as expression operand");
  });

  it('requires constant LIMIT values (400/1504)', async () => {
    assertError(await checkError(db, 'FOR i IN 1..3 LIMIT i RETURN i'), 400, 1504, 'LIMIT offset/count values must be constant numeric values');
    assertError(await checkError(db, 'FOR i IN 1..3 LIMIT -1 RETURN i'), 400, 1504, 'LIMIT count value is not a number or out of range');
    assertError(await checkError(db, 'FOR i IN 1..3 LIMIT "a", 1 RETURN i'), 400, 1504, 'LIMIT offset value is not a number or out of range');
    assertError(await checkError(db, 'FOR i IN 1..3 LIMIT true RETURN i'), 400, 1504, 'LIMIT count value is not a number or out of range');
    assertError(await checkError(db, 'FOR i IN 1..3 LIMIT [1], 1 RETURN i'), 400, 1504, 'LIMIT offset value is not a number or out of range');
    assertError(await checkError(db, 'FOR i IN 1..3 LIMIT 0, "2" RETURN i'), 400, 1504, 'LIMIT count value is not a number or out of range');
  });

  it('rejects a constant FOR operand that is not an array (400/1563) and a computed one while running', async () => {
    assertError(await checkError(db, 'FOR x IN "abc" RETURN x'), 400, 1563, "collection or array expected as operand to FOR loop; you specified type 'string' with content '\"abc\"'");
    assertError(await checkError(db, 'FOR x IN @v RETURN x', { v: 5 }), 400, 1563, "collection or array expected as operand to FOR loop; you specified type 'int' with content '5'");
    const error = await arangoErrorOf(() => run(db, 'LET n = null FOR x IN n RETURN x'));
    assertError(error, 400, 1563, "AQL: collection or array expected as operand to FOR loop; you provided a value of type 'null' [node #3: EnumerateListNode] (while executing)");
  });

  it('reports FAIL() as arangod does (400/1569)', async () => {
    assertError(await arangoErrorOf(() => run(db, 'RETURN FAIL("peng")')), 400, 1569, 'AQL: FAIL(peng) called [node #2: CalculationNode] (while executing)');
    assertError(await arangoErrorOf(() => run(db, 'RETURN FAIL()')), 400, 1569, 'AQL: FAIL() called [node #2: CalculationNode] (while executing)');
  });

  it('refuses features outside the sandbox subset with 501/9, never a wrong answer', async () => {
    const cases: [string, string][] = [
      ['UPSERT {a: 1} INSERT {a: 1} UPDATE {} IN products', 'UPSERT'],
      ['FOR i IN 1..3 WINDOW {preceding: 1} AGGREGATE s = SUM(i) RETURN s', 'WINDOW'],
      ['FOR v IN 1..2 OUTBOUND "products/p" GRAPH "g" RETURN v', 'graph traversals and path searches'],
      ['FOR v, e IN OUTBOUND SHORTEST_PATH "a/1" TO "a/2" GRAPH "g" RETURN v', 'graph traversals and path searches'],
      ['FOR d IN products SEARCH d.x == 1 RETURN d', 'SEARCH (ArangoSearch views)'],
      ['RETURN my::fn(1)', 'user-defined AQL functions (MY::FN())'],
      ['RETURN [1, 2][? FILTER CURRENT > 1]', 'the array filter operator [? ...]'],
      ['RETURN [1, 2] AT LEAST (1) == 1', 'the AT LEAST array comparison operator'],
      ['RETURN DATE_DIFF(1, 2, "d")', 'the AQL function DATE_DIFF()'],
    ];
    for (const [query, feature] of cases) {
      assertError(await checkError(db, query), 501, 9, `not implemented in the sandbox: ${feature}${NOT_SUPPORTED_SUFFIX}`);
    }
  });

  it('keeps 1501 for real syntax errors even next to unsupported keywords', async () => {
    assert.equal((await checkError(db, 'FOR x IN products RETURN')).errorNum, 1501);
  });

  it('makes runQuery reject with the same errors checkQuery throws', async () => {
    const request = { query: 'RETURN nope()' };
    const checked = await arangoErrorOf(() => checkQuery(db, request));
    const ran = await arangoErrorOf(() => runQuery(db, request, new AbortController().signal));
    assert.deepEqual([ran.httpCode, ran.errorNum, ran.message], [checked.httpCode, checked.errorNum, checked.message]);
  });
});
