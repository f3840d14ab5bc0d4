import assert from 'node:assert/strict';
import { freshDatabase, run, valueOf } from './queryTestKit';

describe('AQL functions', () => {
  const db = freshDatabase({ products: [{ _key: 'p1', name: 'lamp' }, { _key: 'p2', name: 'desk' }] });

  it('are called by name in any case, aliases included', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [length([1, 2]), Count([1]), avg([2, 4]), IS_LIST([]), KEYS({a: 1})]'), [2, 1, 3, true, ['a']]);
  });

  it('check and name types', async () => {
    assert.deepEqual(
      await valueOf(db, 'RETURN [IS_NULL(null), IS_BOOL(false), IS_NUMBER(1), IS_STRING(""), IS_ARRAY([]), IS_OBJECT({}), TYPENAME(null), TYPENAME(true), TYPENAME(1.5), TYPENAME("s"), TYPENAME([]), TYPENAME({})]'),
      [true, true, true, true, true, true, 'null', 'bool', 'number', 'string', 'array', 'object'],
    );
  });

  it('cast types as TO_NUMBER, TO_STRING, TO_BOOL and TO_ARRAY define', async () => {
    assert.deepEqual(
      await valueOf(db, 'RETURN [TO_NUMBER(" 12 "), TO_NUMBER("1e3"), TO_NUMBER("12a"), TO_NUMBER(true), TO_NUMBER([7]), TO_NUMBER([1, 2]), TO_NUMBER({}), TO_NUMBER(null)]'),
      [12, 1000, 0, 1, 7, 0, 0, 0],
    );
    assert.deepEqual(await valueOf(db, 'RETURN [TO_STRING(null), TO_STRING(true), TO_STRING(1.5), TO_STRING([1, "a"]), TO_STRING({a: null})]'), ['', 'true', '1.5', '[1,"a"]', '{"a":null}']);
    assert.deepEqual(await valueOf(db, 'RETURN [TO_BOOL(0), TO_BOOL(""), TO_BOOL("0"), TO_BOOL([]), TO_BOOL({}), TO_BOOL(null)]'), [false, false, true, true, true, false]);
    assert.deepEqual(await valueOf(db, 'RETURN [TO_ARRAY(null), TO_ARRAY(1), TO_ARRAY([1]), TO_ARRAY({a: 1, b: 2})]'), [[], [1], [1], [1, 2]]);
  });

  it('handle strings by characters, not bytes', async () => {
    assert.deepEqual(
      await valueOf(
        db,
        'RETURN [CONCAT("a", 1, null, true, [1]), CONCAT(["x", null, "y"]), CONCAT_SEPARATOR("-", "a", null, "b"), CONCAT_SEPARATOR("/", ["c", "d"]), CHAR_LENGTH("héllo"), LENGTH("héllo"), UPPER("straße"), LOWER("ABC")]',
      ),
      ['a1true[1]', 'xy', 'a-b', 'c/d', 5, 5, 'STRASSE', 'abc'],
    );
    assert.deepEqual(
      await valueOf(
        db,
        'RETURN [SUBSTRING("héllo", 1, 3), SUBSTRING("hello", -3), SUBSTRING("hello", 1, -1), LEFT("héllo", 2), RIGHT("hello", 3), REVERSE("héllo"), CONTAINS("foobar", "bar"), CONTAINS("foobar", "bar", true), CONTAINS("x", "y", true)]',
      ),
      ['éll', 'llo', 'ell', 'hé', 'llo', 'olléh', true, 3, -1],
    );
    assert.deepEqual(
      await valueOf(db, 'RETURN [TRIM("  x \\n"), TRIM("--x--", "-"), TRIM("  x  ", 1), LTRIM("aax", "a"), RTRIM("xbb", "b"), SPLIT("a,b,c", ","), SPLIT("abc", ""), SPLIT("a,b;c", [",", ";"]), SPLIT("a,b,c", ",", 2)]'),
      ['x', 'x', 'x  ', 'x', 'x', ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b', 'c'], ['a', 'b']],
    );
    assert.deepEqual(
      await valueOf(db, 'RETURN [FIND_FIRST("foobarbaz", "ba"), FIND_LAST("foobarbaz", "ba"), SUBSTITUTE("the dog", "dog", "cat"), SUBSTITUTE("aaa", "a", "b", 2), SUBSTITUTE("ab", {a: "1", b: "2"}), REPEAT("ab", 3, "-"), STARTS_WITH("foobar", "foo")]'),
      [3, 6, 'the cat', 'bba', '12', 'ab-ab-ab', true],
    );
  });

  it('match patterns with LIKE and regular expression functions, warning on an invalid regex', async () => {
    assert.deepEqual(
      await valueOf(db, 'RETURN [LIKE("Foo", "f%"), LIKE("Foo", "f%", true), REGEX_TEST("abc", "^A", true), REGEX_REPLACE("a1b2", "[0-9]", "#"), REGEX_MATCHES("a1b2", "([a-z])([0-9])"), REGEX_SPLIT("a1b2c", "[0-9]")]'),
      [false, true, true, 'a#b#', ['a1', 'a', '1'], ['a', 'b', 'c']],
    );
    const outcome = await run(db, 'RETURN REGEX_TEST("x", "(")');
    assert.deepEqual(outcome.result, [null]);
    assert.deepEqual(outcome.warnings, [{ code: 1543, message: "in function 'REGEX_TEST()': invalid regex value" }]);
  });

  it('hash and encode strings', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [MD5("a"), SHA1("a"), CRC32("foobar"), TO_BASE64("hi"), TO_HEX("hi"), ENCODE_URI_COMPONENT("a b&c"), LENGTH(RANDOM_TOKEN(8)), LENGTH(UUID())]'), [
      '0cc175b9c0f1b6a831c399e269772661',
      '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8',
      'D5F5C7F',
      'aGk=',
      '6869',
      'a%20b%26c',
      8,
      36,
    ]);
  });

  it('compute numbers, giving null for results that are not finite', async () => {
    assert.deepEqual(
      await valueOf(db, 'RETURN [ROUND(2.5), ROUND(-2.5), ROUND(-2.51), FLOOR(-1.5), CEIL(1.2), ABS(-3), SQRT(16), SQRT(-1), POW(2, 10), LOG(0), LOG10(100), EXP2(3), PI() > 3.14]'),
      [3, -2, -3, -2, 2, 3, 4, null, 1024, null, 2, 8, true],
    );
    const random = (await valueOf(db, 'RETURN RAND()')) as number;
    assert.ok(random >= 0 && random < 1);
  });

  it('aggregate arrays, ignoring nulls and refusing other types', async () => {
    assert.deepEqual(
      await valueOf(db, 'RETURN [MIN([3, null, 1]), MAX([1, "a", null]), SUM([1, 2, null]), SUM([1, "x"]), AVERAGE([1, 2, 3]), AVERAGE([]), MEDIAN([3, 1, 2, 4]), PRODUCT([2, 3]), COUNT_DISTINCT([1, 1, 2]), PERCENTILE([1, 2, 3, 4], 50)]'),
      [1, 'a', 3, null, 2, null, 2.5, 6, 2, 2],
    );
    assert.deepEqual(await valueOf(db, 'RETURN [VARIANCE_POPULATION([1, 2, 3, 4]), VARIANCE_SAMPLE([1, 2, 3, 4]), STDDEV([2, 4, 4, 4, 5, 5, 7, 9])]'), [1.25, 1.6666666666666667, 2]);
  });

  it('warn when an array function gets something else', async () => {
    const outcome = await run(db, 'RETURN [FIRST("x"), SUM(1), PUSH("x", 1), SLICE(1, 1)]');
    assert.deepEqual(outcome.result, [[null, null, null, null]]);
    assert.deepEqual(outcome.warnings, [
      { code: 1563, message: "in function 'FIRST()': array expected" },
      { code: 1563, message: "in function 'SUM()': array expected" },
      { code: 1542, message: "invalid argument type in call to function 'PUSH()'" },
      { code: 1542, message: "invalid argument type in call to function 'SLICE()'" },
    ]);
  });

  it('take arrays apart and put them together', async () => {
    assert.deepEqual(
      await valueOf(
        db,
        'RETURN [FIRST([1, 2]), LAST([1, 2]), NTH([1, 2], 1), NTH([1], 5), POSITION([1, 2], 2), POSITION([1, 2], 2, true), REVERSE([1, 2]), SLICE([1, 2, 3, 4], 1, 2), SLICE([1, 2, 3, 4], -2), UNIQUE([1, "1", 1, [1], [1]]), SORTED([3, null, "a", 1]), SORTED_UNIQUE([2, 1, 2]), FLATTEN([1, [2, [3]]]), FLATTEN([1, [2, [3]]], 2)]',
      ),
      [1, 2, 2, null, true, 1, [2, 1], [2, 3], [3, 4], [1, '1', [1]], [null, 1, 3, 'a'], [1, 2], [1, 2, [3]], [1, 2, 3]],
    );
    assert.deepEqual(
      await valueOf(
        db,
        'RETURN [PUSH([1], 2), PUSH([1], 1, true), PUSH(null, 1), APPEND([1], [2, 3]), APPEND([1, 2], [2, 3], true), POP([1, 2]), SHIFT([1, 2]), UNSHIFT([2], 1), REMOVE_VALUE([1, 2, 1], 1), REMOVE_VALUES([1, 2, 3], [1, 3]), REMOVE_NTH([1, 2, 3], -1), REPLACE_NTH([1, 2], 3, 9, 0), RANGE(1, 3), RANGE(0, 1, 0.5)]',
      ),
      [[1, 2], [1], [1], [1, 2, 3], [1, 2, 3], [1], [2], [1, 2], [2], [2], [1, 2], [1, 2, 0, 9], [1, 2, 3], [0, 0.5, 1]],
    );
    assert.deepEqual(
      await valueOf(db, 'RETURN [UNION([1, 2], [2, 3]), UNION_DISTINCT([1, 2], [2, 3]), MINUS([1, 2, 3], [2]), INTERSECTION([1, 2, 3], [2, 3, 4]), OUTERSECTION([1, 2], [2, 3]), INTERLEAVE([1, 3], [2, 4, 5]), JACCARD([1, 2], [2, 3])]'),
      [[1, 2, 2, 3], [1, 2, 3], [1, 3], [2, 3], [1, 3], [1, 2, 3, 4, 5], 1 / 3],
    );
  });

  it('work with objects', async () => {
    assert.deepEqual(
      await valueOf(
        db,
        'RETURN [HAS({a: null}, "a"), HAS({}, "a"), ATTRIBUTES({b: 1, _k: 2, a: 3}, true, true), VALUES({a: 1, _b: 2}, true), MERGE({a: 1, n: {x: 1}}, {n: {y: 2}}), MERGE([{a: 1}, {b: 2}]), MERGE_RECURSIVE({n: {x: 1}}, {n: {y: 2}}), UNSET({a: 1, b: 2, c: 3}, "a", ["b"]), KEEP({a: 1, b: 2}, "a"), ZIP(["a", "b"], [1, 2]), ENTRIES({a: 1}), TRANSLATE("b", {a: 1, b: 2}), MATCHES({a: 1, b: 2}, [{a: 2}, {b: 2}], true), VALUE({a: [{b: 7}]}, ["a", 0, "b"])]',
      ),
      [true, false, ['a', 'b'], [1], { a: 1, n: { y: 2 } }, { a: 1, b: 2 }, { n: { x: 1, y: 2 } }, { c: 3 }, { a: 1 }, { a: 1, b: 2 }, [['a', 1]], 2, 1, 7],
    );
    assert.deepEqual(await valueOf(db, 'RETURN [JSON_STRINGIFY({a: [1, "b", null]}), JSON_PARSE("{\\"x\\": [1]}")]'), ['{"a":[1,"b",null]}', { x: [1] }]);
  });

  it('treat __proto__ as a plain attribute name everywhere', async () => {
    const [value] = (await run(db, 'LET o = JSON_PARSE(@json) RETURN [o, MERGE({}, o), {["__proto__"]: 2}, o.x, HAS(o, "__proto__")]', { json: '{"__proto__": {"x": 1}}' })).result as unknown[][];
    assert.deepEqual(value!.map((member) => (typeof member === 'object' && member !== null ? Object.keys(member) : member)), [['__proto__'], ['__proto__'], ['__proto__'], null, true]);
  });

  it('look documents up by id or by collection and key', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN DOCUMENT("products/p1").name'), 'lamp');
    assert.deepEqual(await valueOf(db, 'RETURN DOCUMENT(["products/p2", "products/none", "products/p1"])[*].name'), ['desk', 'lamp']);
    assert.deepEqual(await valueOf(db, 'RETURN [DOCUMENT(products, "p2").name, DOCUMENT("products", ["p1"])[0].name, DOCUMENT("products/none"), DOCUMENT("nowhere/x")]'), ['desk', 'lamp', null, null]);
    assert.deepEqual(await valueOf(db, 'RETURN [LENGTH(products), COUNT(products), COLLECTION_COUNT("products"), CURRENT_DATABASE(), PARSE_IDENTIFIER("products/p1"), IS_SAME_COLLECTION("products", "products/p9")]'), [
      2,
      2,
      2,
      '_system',
      { collection: 'products', key: 'p1' },
      true,
    ]);
  });

  it('return a copy of a document, never the stored one', async () => {
    const [document] = (await run(db, 'RETURN DOCUMENT("products/p1")')).result as Record<string, unknown>[];
    document!['name'] = 'changed';
    assert.equal(db.collection('products')!.document('p1')!['name'], 'lamp');
  });

  it('support control functions: NOT_NULL, FIRST_LIST, FIRST_DOCUMENT, PASSTHRU, WARN', async () => {
    const outcome = await run(db, 'RETURN [NOT_NULL(null, 0, 1), FIRST_LIST(1, [2]), FIRST_DOCUMENT(1, {a: 1}), PASSTHRU(5), NOOPT(6), WARN(false, "careful"), WARN(true, "fine")]');
    assert.deepEqual(outcome.result, [[0, [2], { a: 1 }, 5, 6, false, true]]);
    assert.deepEqual(outcome.warnings, [{ code: 1594, message: 'careful' }]);
  });

  it('give dates as ISO strings and timestamps', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [DATE_ISO8601(0), DATE_ISO8601("2020-02-03"), DATE_TIMESTAMP("2020-01-01T00:00:00Z"), DATE_ISO8601(2020, 1, 2, 3, 4, 5, 6)]'), [
      '1970-01-01T00:00:00.000Z',
      '2020-02-03T00:00:00.000Z',
      1577836800000,
      '2020-01-02T03:04:05.006Z',
    ]);
    const now = (await valueOf(db, 'RETURN DATE_NOW()')) as number;
    assert.ok(Math.abs(now - Date.now()) < 5000);
    const outcome = await run(db, 'RETURN DATE_ISO8601("not a date")');
    assert.deepEqual(outcome.warnings, [{ code: 1572, message: "in function 'DATE_ISO8601()': invalid date value" }]);
  });
});
