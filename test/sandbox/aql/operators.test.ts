import assert from 'node:assert/strict';
import { freshDatabase, run, valueOf } from './queryTestKit';

describe('AQL literals and operators', () => {
  const db = freshDatabase();

  it('evaluates literals of every kind', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [null, TRUE, false, 42, -1.5, 1e3, 0x1F, 0b101, .5, "x", \'y\']'), [null, true, false, 42, -1.5, 1000, 31, 5, 0.5, 'x', 'y']);
    assert.deepEqual(await valueOf(db, 'LET a = 1 RETURN {a, "b c": 2, [CONCAT("d", "e")]: 3, f: [1, 2,],}'), { a: 1, 'b c': 2, de: 3, f: [1, 2] });
  });

  it('follows AQL type order: null < bool < number < string < array < object', async () => {
    assert.deepEqual(
      await valueOf(db, 'RETURN [null < false, false < true, true < 0, 0 < "", "" < [], [] < {}, {} > [99], "10" > 9]'),
      [true, true, true, true, true, true, true, true],
    );
  });

  it('compares strings by collation (upper case first) and arrays and objects with missing values as null', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN ["a" < "B", "A" < "a", "abc" == "ABC", [1] == [1, null], [1, 2] > [1], {a: 1} == {a: 1, b: null}, {a: 1, b: 2} == {b: 2, a: 1}]'), [
      true,
      true,
      false,
      true,
      true,
      true,
      true,
    ]);
  });

  it('never casts types when comparing', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [0 == null, 65 != "65", 1 == 1.0, 1.5 IN [2, 3, 1.5], "foo" IN null, 42 NOT IN [17, 40]]'), [
      false,
      true,
      true,
      true,
      false,
      true,
    ]);
  });

  it('casts arithmetic operands with TO_NUMBER and warns on division by zero', async () => {
    const outcome = await run(db, 'RETURN [1 + "2", "foo" + 1, true + true, null + 1, [3] * 2, [1, 2] + 1, -"5", +"x", 7 % 3, -7 % 3, 1 / 0, 5 % 0]');
    assert.deepEqual(outcome.result[0], [3, 1, 2, 1, 6, 1, -5, 0, 1, -1, null, null]);
    assert.deepEqual(outcome.warnings, [
      { code: 1562, message: 'division by zero' },
      { code: 1562, message: 'division by zero' },
    ]);
  });

  it('turns results that are not finite numbers into null', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [1e308 * 10, SQRT(-1)]'), [null, null]);
  });

  it('evaluates logical operators to an operand, short-circuiting', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [1 && 2, 0 && FAIL("not evaluated"), "" || "x", [] || 1, !0, NOT "a", true AND false OR true]'), [2, 0, 'x', [], true, false, true]);
  });

  it('binds NOT tighter than comparison and == looser than IN', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [NOT 0 == true, 1 IN [1] == true, 1 + 2 * 3, (1 + 2) * 3, 10 - 2 - 3, 2 > 1 == true]'), [true, true, 7, 9, 5, true]);
  });

  it('evaluates the ternary operator and its short form', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [1 ? "yes" : "no", 0 ? "yes" : "no", null ?: "fallback", "set" ?: "fallback", 0 ? 1 : 2 ? 3 : 4]'), ['yes', 'no', 'fallback', 'set', 3]);
  });

  it('builds ranges in both directions', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [1..4, 3..1, 1.9..3.2]'), [
      [1, 2, 3, 4],
      [3, 2, 1],
      [1, 2, 3],
    ]);
  });

  it('matches LIKE patterns and regular expressions, negated forms included', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN ["foo" LIKE "f%", "foo" LIKE "f_", "f%o" LIKE "f\\\\%o", "foo" NOT LIKE "f%", "foo" =~ "^f[o].$", "foo" !~ "[a-z]+bar$", "foo" NOT =~ "o"]'), [
      true,
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  it('applies ALL, ANY and NONE array comparisons', async () => {
    assert.deepEqual(await valueOf(db, 'RETURN [[1, 2, 3] ALL > 0, [1, 2, 3] ANY == 2, [1, 2] NONE IN [3], [] ALL == 1, [] ANY == 1, [] NONE == 1, "x" ANY == "x"]'), [
      true,
      true,
      true,
      true,
      false,
      true,
      false,
    ]);
  });

  it('reads attributes and indexes, giving null for anything missing', async () => {
    assert.deepEqual(
      await valueOf(db, 'LET d = {a: {b: [10, 20, 30]}, "x y": 1} RETURN [d.a.b[1], d.a.b[-1], d.a.b["0"], d["x y"], d.a.missing.deeper, d.a.b.x, d.a.b[9], d.constructor, [1][0]]'),
      [20, 30, 10, 1, null, null, null, null, 1],
    );
  });

  it('reads a bound attribute name or path', async () => {
    assert.deepEqual(await valueOf(db, 'LET d = {a: {b: 1}} RETURN [d.@one, d.@path]', { one: 'a', path: ['a', 'b'] }), [{ b: 1 }, 1]);
  });

  it('allows attribute access only on names, calls, parentheses and compound values (not literals)', async () => {
    await assert.rejects(valueOf(db, 'RETURN "str".length'), { errorNum: 1501 });
    assert.equal(await valueOf(db, 'RETURN ("str").length'), null);
  });

  it('expands arrays with [*], filters, limits and projects, and flattens with [**]', async () => {
    assert.deepEqual(
      await valueOf(
        db,
        'LET u = [{n: "a", t: [1, 2]}, {n: "b", t: [3]}, {n: "c", t: []}] LET nothing = null RETURN [u[*].n, u[* FILTER LENGTH(CURRENT.t) > 0].n, u[* LIMIT 1, 1 RETURN UPPER(CURRENT.n)], u[**].t, u[*].t[**], [[1, [2]], [3]][**], nothing[*]]',
      ),
      [['a', 'b', 'c'], ['a', 'b'], ['B'], [[1, 2], [3], []], [1, 2, 3], [1, [2], 3], []],
    );
  });
});
