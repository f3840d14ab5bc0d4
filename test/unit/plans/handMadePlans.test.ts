/**
 * Small plans written by hand in the shape arangod 3.12 sends (node and AST attributes as in the
 * recordings), for what the recordings do not show: subqueries, sorts, large collections.
 */
import assert from 'node:assert/strict';
import type { AstJson } from '../../../src/plans/aqlExpression';
import type { QueryPlan } from '../../../src/plans/planModel';
import { explanationFromAnswer, profileFromExtra } from '../../../src/plans/planModel';

let nextVariable = 100;
const variables = new Map<string, number>();
function variable(name: string): { id: number; name: string } {
  if (!variables.has(name)) {
    variables.set(name, nextVariable++);
  }
  return { id: variables.get(name)!, name };
}
const ref = (name: string): AstJson => ({ type: 'reference', ...variable(name) });
const attr = (name: string, of: AstJson): AstJson => ({ type: 'attribute access', name, subNodes: [of] });
const value = (v: unknown): AstJson => ({ type: 'value', value: v });
const compare = (op: string, a: AstJson, b: AstJson): AstJson => ({ type: `compare ${op}`, subNodes: [a, b] });
const call = (name: string, ...args: AstJson[]): AstJson => ({ type: 'function call', name, subNodes: [{ type: 'array', subNodes: args }] });

interface Spec {
  id: number;
  type: string;
  deps?: number[];
  cost: number;
  items: number;
  [key: string]: unknown;
}
function plan(...specs: Spec[]): QueryPlan {
  return planWith({}, ...specs);
}
function planWith(options: { largeInput?: number }, ...specs: Spec[]): QueryPlan {
  const nodes = specs.map(({ id, type, deps, cost, items, ...rest }) => ({ type, dependencies: deps ?? [], id, estimatedCost: cost, estimatedNrItems: items, ...rest }));
  const last = nodes[nodes.length - 1]!;
  return explanationFromAnswer({ plan: { nodes, rules: [], estimatedCost: last.estimatedCost, estimatedNrItems: last.estimatedNrItems }, cacheable: true, warnings: [] }, options).plans[0]!;
}
function listing(p: QueryPlan): string[] {
  return p.rows.map(({ node, depth }) => `${'  '.repeat(depth)}${node.id} ${node.description.text}`);
}
function marks(p: QueryPlan): string[] {
  return p.rows.flatMap(({ node }) => node.trouble.map((mark) => `${node.id} ${mark.kind}: ${mark.reason}`));
}

const singleton: Spec = { id: 1, type: 'SingletonNode', cost: 1, items: 1 };

describe('hand-made plans: subqueries', () => {
  // FOR u IN users LET orders = (FOR o IN orders FILTER o.user == u._key RETURN o) RETURN orders
  const splicedSubquery = [
    singleton,
    { id: 2, type: 'EnumerateCollectionNode', deps: [1], cost: 5001, items: 5000, collection: 'users', outVariable: variable('u') },
    { id: 3, type: 'SubqueryStartNode', deps: [2], cost: 10001, items: 5000, subqueryOutVariable: variable('orders') },
    { id: 4, type: 'EnumerateCollectionNode', deps: [3], cost: 500010001, items: 500000000, collection: 'orders', outVariable: variable('o') },
    { id: 5, type: 'CalculationNode', deps: [4], cost: 1000010001, items: 500000000, expression: compare('==', attr('user', ref('o')), attr('_key', ref('u'))), outVariable: variable('5') },
    { id: 6, type: 'FilterNode', deps: [5], cost: 1500010001, items: 5000, inVariable: variable('5') },
    { id: 7, type: 'ReturnNode', deps: [6], cost: 1500015001, items: 5000, inVariable: variable('o') },
    { id: 8, type: 'SubqueryEndNode', deps: [7], cost: 1500020001, items: 5000, inVariable: variable('o'), outVariable: variable('orders') },
    { id: 9, type: 'ReturnNode', deps: [8], cost: 1500025001, items: 5000, inVariable: variable('orders') },
  ];

  it('nests a spliced subquery under its end node, one level deeper than where it starts', () => {
    const p = plan(...splicedSubquery);
    assert.deepEqual(listing(p), [
      '1 ROOT: the query starts here',
      '2 FOR u IN users /* full collection scan */',
      '  3 subquery begins',
      '    4 FOR o IN orders /* full collection scan */',
      '      5 LET #5 = o.user == u._key',
      '      6 FILTER #5',
      '      7 RETURN o',
      '  8 LET orders = ( subquery ends )',
      '  9 RETURN orders',
    ]);
    const end = p.nodes.get(8)!;
    assert.equal(end.subquery?.id, 7);
    assert.deepEqual(end.dependencies.map((node) => node.id), [3]);
    // The body stops above its start node: 4 reads from 3 in the plan, but 3 is not its child.
    assert.deepEqual(p.nodes.get(4)!.dependencies, []);
    assert.equal(p.nodes.get(4)!.ownCost, 500010001 - 10001);
    assert.ok(Math.abs([...p.nodes.values()].reduce((total, node) => total + node.costShare, 0) - 1) < 1e-12);
  });

  it('marks the subquery run per row of a large loop, and the scan its filter reads through', () => {
    assert.deepEqual(marks(plan(...splicedSubquery)), [
      '4 full-scan-filter: Reads all ~500,000,000 documents of orders and only then filters them: an index on o.user could find the matching documents directly.',
      '8 subquery-per-row: Runs the subquery of orders, with its own FOR loop, once for each of ~5,000 rows of the loop around it: join or COLLECT once instead, or narrow the outer loop first.',
    ]);
  });

  it('does not mark a subquery when the loop around it is small', () => {
    const p = planWith({ largeInput: 10000 }, ...splicedSubquery);
    assert.deepEqual(
      marks(p).map((mark) => mark.split(':')[0]),
      ['4 full-scan-filter'],
    );
  });

  it('nests an old-style SubqueryNode (servers before 3.8) with its own nodes', () => {
    const body = [
      { type: 'SingletonNode', dependencies: [], id: 11, estimatedCost: 1, estimatedNrItems: 1 },
      { type: 'EnumerateListNode', dependencies: [11], id: 12, estimatedCost: 4, estimatedNrItems: 3, inVariable: variable('list'), outVariable: variable('x') },
      { type: 'ReturnNode', dependencies: [12], id: 13, estimatedCost: 7, estimatedNrItems: 3, inVariable: variable('x') },
    ];
    const p = plan(singleton, { id: 2, type: 'SubqueryNode', deps: [1], cost: 9, items: 1, subquery: { nodes: body }, outVariable: variable('sub') }, {
      id: 3,
      type: 'ReturnNode',
      deps: [2],
      cost: 10,
      items: 1,
      inVariable: variable('sub'),
    });
    assert.deepEqual(listing(p), [
      '1 ROOT: the query starts here',
      '  11 ROOT: the query starts here',
      '  12 FOR x IN list /* list iteration */',
      '    13 RETURN x',
      '2 LET sub = ( subquery )',
      '3 RETURN sub',
    ]);
    // The SubqueryNode's own cost leaves out what its body already accounts for.
    assert.equal(p.nodes.get(2)!.ownCost, 9 - 1 - 7);
  });
});

describe('hand-made plans: trouble marks', () => {
  const scan = (items: number, extra: Record<string, unknown> = {}): Spec => ({
    id: 2,
    type: 'EnumerateCollectionNode',
    deps: [1],
    cost: items + 1,
    items,
    collection: 'people',
    outVariable: variable('p'),
    ...extra,
  });

  it('marks a FILTER on a function of an attribute over a large scan, with the function named', () => {
    const p = plan(
      singleton,
      scan(20000),
      { id: 3, type: 'CalculationNode', deps: [2], cost: 40001, items: 20000, expression: compare('==', call('LOWER', attr('name', ref('p'))), value('ann')), outVariable: variable('3') },
      { id: 4, type: 'FilterNode', deps: [3], cost: 60001, items: 2000, inVariable: variable('3') },
      { id: 5, type: 'ReturnNode', deps: [4], cost: 62001, items: 2000, inVariable: variable('p') },
    );
    assert.equal(p.nodes.get(3)!.description.text, 'LET #3 = LOWER(p.name) == "ann"');
    assert.deepEqual(marks(p), [
      '2 full-scan-filter: Reads all ~20,000 documents of people and only then filters them: an index on p.name could find the matching documents directly.',
      "3 function-in-filter: The FILTER compares the result of LOWER() for each of ~20,000 documents: no index can serve a condition on a function's result; compare the stored attribute (or store the computed value and index it).",
    ]);
  });

  it('does not blame a geo function, which has an index of its own, nor a function of constants only', () => {
    const geo = compare('<', call('GEO_DISTANCE', attr('location', ref('p')), value([6.9, 50.9])), value(1000));
    const constant = compare('>', attr('born', ref('p')), call('DATE_NOW'));
    for (const expression of [geo, constant]) {
      const p = plan(
        singleton,
        scan(20000),
        { id: 3, type: 'CalculationNode', deps: [2], cost: 40001, items: 20000, expression, outVariable: variable('3') },
        { id: 4, type: 'FilterNode', deps: [3], cost: 60001, items: 2000, inVariable: variable('3') },
        { id: 5, type: 'ReturnNode', deps: [4], cost: 62001, items: 2000, inVariable: variable('p') },
      );
      assert.deepEqual(
        marks(p).map((mark) => mark.split(':')[0]),
        ['2 full-scan-filter'],
      );
    }
  });

  it('marks a scan whose filter the optimizer moved into it (early pruning)', () => {
    const p = plan(singleton, scan(50, { filter: compare('<', attr('age', ref('p')), value(18)) }), {
      id: 3,
      type: 'ReturnNode',
      deps: [2],
      cost: 101,
      items: 50,
      inVariable: variable('p'),
    });
    assert.equal(p.nodes.get(2)!.description.text, 'FOR p IN people /* full collection scan */ FILTER p.age < 18');
    assert.deepEqual(marks(p), [
      '2 full-scan-filter: Reads all ~50 documents of people and only then filters them: an index on p.age could find the matching documents directly.',
    ]);
  });

  it('marks a function call in a filter the optimizer moved into a large scan on the scan itself', () => {
    const p = plan(singleton, scan(20000, { filter: compare('==', call('LOWER', attr('name', ref('p'))), value('ann')) }), {
      id: 3,
      type: 'ReturnNode',
      deps: [2],
      cost: 22001,
      items: 2000,
      inVariable: variable('p'),
    });
    assert.equal(p.nodes.get(2)!.description.text, 'FOR p IN people /* full collection scan */ FILTER LOWER(p.name) == "ann"');
    assert.deepEqual(
      marks(p).map((mark) => mark.split(':')[0]),
      ['2 full-scan-filter', '2 function-in-filter'],
    );
  });

  it('marks a SORT of a large input, and not one of a small input', () => {
    const sortPlan = (items: number): QueryPlan =>
      plan(
        singleton,
        scan(items),
        { id: 3, type: 'CalculationNode', deps: [2], cost: 2 * items + 1, items, expression: attr('name', ref('p')), outVariable: variable('3') },
        { id: 4, type: 'SortNode', deps: [3], cost: 20 * items, items, elements: [{ inVariable: variable('3'), ascending: false }], stable: false },
        { id: 5, type: 'ReturnNode', deps: [4], cost: 21 * items, items, inVariable: variable('p') },
      );
    const large = sortPlan(20000);
    assert.equal(large.nodes.get(4)!.description.text, 'SORT #3 DESC');
    assert.deepEqual(marks(large), [
      '4 sort-without-index: Sorts ~20,000 rows in memory: no index delivers them in this order (with an index on the sorted attributes the optimizer drops the SORT, rule use-index-for-sort).',
    ]);
    assert.deepEqual(marks(sortPlan(200)), []);
  });

  it('judges a profiled plan by the rows it really saw, not the estimate', () => {
    const nodes = [
      { type: 'SingletonNode', dependencies: [], id: 1, estimatedCost: 1, estimatedNrItems: 1 },
      { type: 'EnumerateListNode', dependencies: [1], id: 2, estimatedCost: 101, estimatedNrItems: 100, inVariable: variable('list'), outVariable: variable('x') },
      { type: 'SortNode', dependencies: [2], id: 3, estimatedCost: 800, estimatedNrItems: 100, elements: [{ inVariable: variable('x'), ascending: true }] },
      { type: 'ReturnNode', dependencies: [3], id: 4, estimatedCost: 900, estimatedNrItems: 100, inVariable: variable('x') },
    ];
    const measured = [
      { id: 1, calls: 1, items: 1, filtered: 0, runtime: 0.001 },
      { id: 2, calls: 50, items: 50000, filtered: 0, runtime: 0.011 },
      { id: 3, calls: 50, items: 50000, filtered: 0, runtime: 0.5 },
      { id: 4, calls: 50, items: 50000, filtered: 0, runtime: 0.52 },
    ];
    const profile = profileFromExtra({ plan: { nodes, rules: [] }, stats: { nodes: measured }, profile: { executing: 0.52 }, warnings: [] });
    assert.deepEqual(
      profile.plan!.nodes.get(3)!.trouble.map((mark) => mark.reason.split(':')[0]),
      ['Sorts ~50,000 rows in memory'],
    );
    assert.equal(profile.slowest?.id, 3);
    assert.ok(Math.abs(profile.slowest.profile!.ownRuntime - 0.489) < 1e-12);
  });
});
