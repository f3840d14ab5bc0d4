import assert from 'node:assert/strict';
import type { AqlVariable } from '../../../src/language/aqlScopes';
import { declaredVariables, variablesInScope } from '../../../src/language/aqlScopes';

/** The variables in scope at the `|` of a text, as `name:KIND` (innermost first), and the text without the mark. */
function inScope(marked: string): string[] {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return variablesInScope(text, offset).map((v) => `${v.name}:${v.kind}`);
}

function declared(text: string, name: string): AqlVariable {
  const found = declaredVariables(text).find((v) => v.name === name);
  assert.ok(found !== undefined, `${name} not declared`);
  return found;
}

describe('variable scopes', () => {
  it('binds FOR and LET variables from the next clause on, not inside their own expression', () => {
    assert.deepEqual(inScope('FOR u IN |users RETURN u'), []);
    assert.deepEqual(inScope('FOR u IN users LET n = |u.name RETURN n'), ['u:FOR']);
    assert.deepEqual(inScope('FOR u IN users LET n = u.name RETURN |n'), ['n:LET', 'u:FOR']);
  });

  it('says where each variable is bound and what a FOR iterates over', () => {
    const text = 'FOR u IN users FOR o IN @@orders FOR x IN [1, 2] LET list = [] FOR y IN list RETURN 1';
    const u = declared(text, 'u');
    assert.deepEqual(u.declaredAt, { start: 4, end: 5 });
    assert.deepEqual(u.source, { kind: 'collection', name: 'users' });
    assert.deepEqual(declared(text, 'o').source, { kind: 'collectionParameter', name: '@orders' });
    assert.equal(declared(text, 'x').source, undefined);
    assert.equal(declared(text, 'y').source, undefined, 'a variable is not a collection');
    assert.equal(declared('FOR u IN users.x RETURN u', 'u').source, undefined);
  });

  it('declares every variable of a traversal', () => {
    assert.deepEqual(inScope('FOR v, e, p IN 1..3 OUTBOUND "a/1" GRAPH "g" RETURN |p'), ['p:FOR', 'e:FOR', 'v:FOR']);
  });

  it('keeps subquery variables inside the subquery, which sees the outer ones', () => {
    const text = 'FOR u IN users LET os = (FOR o IN orders FILTER o.u == u._key RETURN |o) RETURN os';
    assert.deepEqual(inScope(text), ['o:FOR', 'u:FOR']);
    assert.deepEqual(inScope('FOR u IN users LET os = (FOR o IN orders RETURN o) RETURN |os'), ['os:LET', 'u:FOR']);
  });

  it('lets an inner variable shadow an outer one of the same name', () => {
    const text = 'FOR a IN users LET b = (FOR a IN orders RETURN |a) RETURN b';
    const visible = variablesInScope(text.replace('|', ''), text.indexOf('|'));
    assert.deepEqual(visible.map((v) => [v.name, v.source?.name]), [['a', 'orders']]);
  });

  it('ends the variables before a COLLECT and binds its groups, INTO, WITH COUNT INTO and AGGREGATE variables', () => {
    assert.deepEqual(inScope('FOR u IN users LET x = 1 COLLECT c = u.city INTO g RETURN |c'), ['g:INTO', 'c:COLLECT']);
    assert.deepEqual(inScope('FOR u IN users COLLECT c = |u.city INTO g RETURN c'), ['u:FOR']);
    assert.deepEqual(inScope('FOR u IN users COLLECT WITH COUNT INTO n RETURN |n'), ['n:COUNT']);
    assert.deepEqual(inScope('FOR u IN users COLLECT c = u.city AGGREGATE s = SUM(u.a), m = MAX(u.a) RETURN |c'), ['m:AGGREGATE', 's:AGGREGATE', 'c:COLLECT']);
  });

  it('keeps outer variables visible after a COLLECT inside a subquery', () => {
    const text = 'FOR u IN users LET n = (FOR o IN orders COLLECT WITH COUNT INTO k RETURN |k) RETURN n';
    assert.deepEqual(inScope(text), ['k:COUNT', 'u:FOR']);
  });

  it('binds WINDOW aggregates without ending earlier variables', () => {
    assert.deepEqual(inScope('FOR t IN ticks WINDOW { preceding: 1 } AGGREGATE s = SUM(t.v) RETURN |s'), ['s:WINDOW', 't:FOR']);
  });

  it('gives NEW and OLD to the RETURN after a data modification', () => {
    assert.deepEqual(inScope('FOR u IN users UPDATE u WITH {a: 1} IN users RETURN |NEW'), ['OLD:OLD', 'NEW:NEW', 'u:FOR']);
    assert.deepEqual(inScope('INSERT {a: 1} INTO users RETURN |NEW'), ['NEW:NEW']);
    assert.deepEqual(inScope('FOR u IN users REMOVE u IN users RETURN |OLD'), ['OLD:OLD', 'u:FOR']);
  });

  it('ignores keywords inside strings, comments and object literals', () => {
    assert.deepEqual(inScope('LET a = "FOR x IN y" /* LET z = 1 */ LET b = { c: 1 } RETURN |a'), ['b:LET', 'a:LET']);
  });
});
