import assert from 'node:assert/strict';
import type { AstJson } from '../../../src/plans/aqlExpression';
import { expressionToAql } from '../../../src/plans/aqlExpression';

const ref = (name: string): AstJson => ({ type: 'reference', name, id: 0 });
const attr = (name: string, of: AstJson): AstJson => ({ type: 'attribute access', name, subNodes: [of] });
const value = (v: unknown): AstJson => ({ type: 'value', value: v });
const op = (type: string, ...subNodes: AstJson[]): AstJson => ({ type, subNodes });
const call = (name: string, ...args: AstJson[]): AstJson => ({ type: 'function call', name, subNodes: [{ type: 'array', subNodes: args }] });
const nop: AstJson = { type: 'nop' };

describe('AQL text of plan expressions', () => {
  it('prints comparisons, arithmetic and logic with only the parentheses the meaning needs', () => {
    assert.equal(expressionToAql(op('compare ==', attr('id', ref('p')), value(4))), 'p.id == 4');
    assert.equal(expressionToAql(op('times', op('plus', ref('a'), ref('b')), ref('c'))), '(a + b) * c');
    assert.equal(expressionToAql(op('plus', ref('a'), op('times', ref('b'), ref('c')))), 'a + b * c');
    assert.equal(expressionToAql(op('minus', ref('a'), op('minus', ref('b'), ref('c')))), 'a - (b - c)');
    assert.equal(expressionToAql(op('unary not', op('logical and', ref('x'), ref('y')))), 'NOT (x AND y)');
    assert.equal(expressionToAql(op('logical and', op('logical or', ref('x'), ref('y')), ref('z'))), '(x OR y) AND z');
    assert.equal(expressionToAql(op('compare not in', ref('x'), { type: 'array', raw: ['a', 1, null] })), 'x NOT IN ["a", 1, null]');
    assert.equal(expressionToAql(op('ternary', ref('c'), value(1), value(2))), 'c ? 1 : 2');
    assert.equal(expressionToAql(op('unary minus', attr('n', ref('p')))), '-p.n');
  });

  it('prints an index condition (n-ary OR of n-ary ANDs) as the filter it stands for', () => {
    const condition = op('n-ary or', op('n-ary and', op('compare >=', attr('age', ref('p')), value(18)), op('compare <', attr('age', ref('p')), value(65))));
    assert.equal(expressionToAql(condition), 'p.age >= 18 AND p.age < 65');
    const two = op('n-ary or', op('n-ary and', op('compare ==', ref('a'), value(1)), op('compare ==', ref('b'), value(2))), op('n-ary and', op('compare ==', ref('a'), value(3))));
    assert.equal(expressionToAql(two), '(a == 1 AND b == 2) OR a == 3');
  });

  it('prints names, bind parameters, indexed access, calls and objects as AQL', () => {
    assert.equal(expressionToAql(attr('first-name', ref('p'))), 'p.`first-name`');
    assert.equal(expressionToAql(attr('filter', ref('p'))), 'p.`filter`');
    assert.equal(expressionToAql(ref('7')), '#7');
    assert.equal(expressionToAql({ type: 'parameter', name: 'min' }), '@min');
    assert.equal(expressionToAql({ type: 'datasource parameter', name: 'coll' }), '@@coll');
    assert.equal(expressionToAql(op('indexed access', attr('tags', ref('p')), value(0))), 'p.tags[0]');
    assert.equal(expressionToAql(call('CONCAT', attr('a', ref('p')), value('-'))), 'CONCAT(p.a, "-")');
    assert.equal(expressionToAql({ type: 'function call', name: 'SLEEP', subNodes: [{ type: 'array', raw: [0.25] }] }), 'SLEEP(0.25)');
    assert.equal(
      expressionToAql(op('object', { type: 'object element', name: 'name', subNodes: [attr('name', ref('p'))] }, { type: 'object element', name: 'a b', subNodes: [value(true)] })),
      '{ name: p.name, "a b": true }',
    );
    assert.equal(expressionToAql({ type: 'object', raw: { x: [1, 2], 'y-z': { w: null } } }), '{ x: [1, 2], "y-z": { w: null } }');
  });

  it('prints array operators: expansions with CURRENT and quantified comparisons', () => {
    const iterator = (name: string, over: AstJson): AstJson => ({ type: 'iterator', subNodes: [{ type: 'variable', name, id: 9 }, over] });
    assert.equal(expressionToAql(op('expansion', iterator('x', attr('tags', ref('p'))), ref('x'), nop, nop, nop)), 'p.tags[*]');
    const filtered = op(
      'expansion',
      iterator('x', attr('friends', ref('u'))),
      ref('x'),
      op('compare >', attr('age', ref('x')), value(18)),
      op('array limit', value(0), value(5)),
      attr('name', ref('x')),
    );
    assert.equal(expressionToAql(filtered), 'u.friends[* FILTER CURRENT.age > 18 LIMIT 0, 5 RETURN CURRENT.name]');
    const all = op('array compare in', { type: 'array', raw: [1, 2] }, attr('ids', ref('p')), { type: 'quantifier', quantifier: 1 });
    assert.equal(expressionToAql(all), '[1, 2] ALL IN p.ids');
  });

  it('shows a node type it does not know instead of dropping it', () => {
    assert.equal(expressionToAql(op('compare ==', { type: 'something new' }, value(1))), '«something new» == 1');
  });
});
