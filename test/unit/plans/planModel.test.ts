import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PlanNode, QueryPlan } from '../../../src/plans/planModel';
import { explanationFromAnswer, PlanShapeError, profileFromCursorAnswer, profileFromExtra } from '../../../src/plans/planModel';
import type { Transcript } from '../../support/goldenTranscripts';
import { goldenFolder } from '../../support/goldenTranscripts';

/** The body of the one recorded answer of a transcript in `later/` (recorded from ArangoDB 3.12). */
function recordedAnswer(name: string): unknown {
  const transcript = JSON.parse(readFileSync(path.join(goldenFolder(), 'later', `${name}.json`), 'utf8')) as Transcript;
  return transcript.steps[0]!.response!.body;
}

function node(plan: QueryPlan, id: number): PlanNode {
  const found = plan.nodes.get(id);
  assert.ok(found, `no node ${id}`);
  return found;
}

/** Rows as `depth id type: description`, the way a plan view lists them. */
function listing(plan: QueryPlan): string[] {
  return plan.rows.map(({ node, depth }) => `${'  '.repeat(depth)}${node.id} ${node.type}: ${node.description.text}`);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

describe('plan model from recorded ArangoDB 3.12 answers', () => {
  it('lists an index plan in run order, with the index, its condition as AQL and the own costs', () => {
    const explanation = explanationFromAnswer(recordedAnswer('RestExplainOptimizerRules'));
    assert.equal(explanation.allPlans, false);
    assert.equal(explanation.cacheable, true);
    assert.deepEqual(explanation.warnings, []);
    assert.equal(explanation.rulesExecuted, 61);
    assert.equal(explanation.plansCreated, 1);
    const [plan] = explanation.plans;
    assert.ok(plan);
    assert.deepEqual(listing(plan), [
      '1 SingletonNode: ROOT: the query starts here',
      '11 IndexNode: FOR p IN products /* persistent index on (id): p.id == 4, reads only name */',
      '  9 LimitNode: LIMIT 0, 1',
      '  10 ReturnNode: RETURN #5',
    ]);
    const index = node(plan, 11);
    assert.deepEqual(index.description.indexes, [{ name: 'idx_1872607110574899200', type: 'persistent', fields: ['id'], unique: false, sparse: false }]);
    assert.equal(index.description.expression, 'p.id == 4');
    assert.equal(index.description.collection, 'products');
    // The tree hangs from the ReturnNode: each node's children are the nodes it reads from.
    assert.equal(plan.root.id, 10);
    assert.deepEqual(plan.root.dependencies.map((child) => child.id), [9]);
    assert.deepEqual(node(plan, 9).dependencies.map((child) => child.id), [11]);
    // estimatedCost is cumulative (return 6.37 = limit 5.37 + 1): own cost is the difference.
    assert.ok(Math.abs(index.ownCost - (4.3719280948873624 - 1)) < 1e-12, String(index.ownCost));
    assert.ok(Math.abs(node(plan, 10).ownCost - 1) < 1e-12);
    assert.ok(Math.abs(sum([...plan.nodes.values()].map((n) => n.ownCost)) - plan.estimatedCost) < 1e-12);
    assert.ok(Math.abs(index.costShare - 3.3719280948873624 / 6.3719280948873624) < 1e-12, String(index.costShare));
    assert.ok(Math.abs(sum([...plan.nodes.values()].map((n) => n.costShare)) - 1) < 1e-12);
    assert.equal(plan.estimatedItems, 1);
    assert.deepEqual(plan.collections, [{ name: 'products', type: 'read' }]);
    assert.ok(plan.rules.includes('use-index-for-sort') && plan.rules.includes('remove-filter-covered-by-index'));
    assert.deepEqual(
      plan.variables.map((variable) => variable.name),
      ['#5', '#4', '#3', 'name', 'a', 'p'],
    );
    assert.deepEqual([...plan.nodes.values()].flatMap((n) => n.trouble), []);
  });

  it('shows a full collection scan without a filter, unmarked', () => {
    const [plan] = explanationFromAnswer(recordedAnswer('RestExplainValid')).plans;
    assert.ok(plan);
    assert.deepEqual(listing(plan), [
      '1 SingletonNode: ROOT: the query starts here',
      '2 EnumerateCollectionNode: FOR p IN products /* full collection scan */',
      '  3 ReturnNode: RETURN p',
    ]);
    assert.deepEqual(
      plan.rows.map(({ node: n }) => [n.ownCost, Number((n.costShare * 100).toFixed(1))]),
      [
        [1, 4.5],
        [11, 50],
        [10, 45.5],
      ],
    );
    assert.deepEqual(node(plan, 2).trouble, []);
  });

  it('reads every plan of an allPlans answer, which carries no cacheable flag', () => {
    const explanation = explanationFromAnswer(recordedAnswer('RestExplainAllPlans'));
    assert.equal(explanation.allPlans, true);
    assert.equal(explanation.cacheable, undefined);
    assert.equal(explanation.plans.length, 1);
    assert.equal(node(explanation.plans[0]!, 6).description.text, 'FOR p IN products /* persistent index on (id): p.id == 25 */');
  });

  it('keeps the warnings and the not-cacheable flag, and prints ranges and null as AQL', () => {
    const explanation = explanationFromAnswer(recordedAnswer('RestExplainWarning'));
    assert.deepEqual(explanation.warnings, [{ code: 1562, message: 'division by zero' }]);
    assert.equal(explanation.cacheable, false);
    assert.deepEqual(listing(explanation.plans[0]!), [
      '1 SingletonNode: ROOT: the query starts here',
      '2 CalculationNode: LET #1 = 1..10',
      '4 CalculationNode: LET #2 = null',
      '3 EnumerateListNode: FOR i IN #1 /* list iteration */',
      '  5 ReturnNode: RETURN #2',
    ]);
  });

  it('gives all the cost to a NoResultsNode: the nodes before it never run', () => {
    const [plan] = explanationFromAnswer(recordedAnswer('RestExplainEmpty')).plans;
    assert.ok(plan);
    assert.equal(node(plan, 2).description.text, 'LET #1 = [1, 2, 3]');
    assert.deepEqual(
      plan.rows.map(({ node: n }) => `${n.id} runs=${n.runs} own=${n.ownCost} share=${n.costShare}`),
      ['1 runs=false own=0 share=0', '2 runs=false own=0 share=0', '3 runs=false own=0 share=0', '4 runs=true own=0.5 share=1', '5 runs=true own=0 share=0'],
    );
  });

  it('describes an index used only for its order, and the filter that follows', () => {
    const [plan] = explanationFromAnswer(recordedAnswer('RestExplainOptions')).plans;
    assert.ok(plan);
    assert.equal(node(plan, 11).description.text, 'FOR p IN products /* persistent index on (id), in index order */');
    assert.equal(node(plan, 4).description.text, 'LET #3 = a == 4');
    assert.equal(node(plan, 5).description.text, 'FILTER #3');
    assert.equal(node(plan, 9).description.text, 'LIMIT 0, 1');
  });

  it('reads a profile: calls, items, own runtime, the slowest node, phases and statistics', () => {
    const profile = profileFromCursorAnswer(recordedAnswer('RestCursorProfileQuery'));
    const plan = profile.plan;
    assert.ok(plan);
    assert.deepEqual(listing(plan), [
      '1 SingletonNode: ROOT: the query starts here',
      '4 CalculationNode: LET #2 = 1',
      '2 CalculationNode: LET s = SLEEP(0.25)',
      '3 CalculationNode: LET t = SLEEP(0.5)',
      '5 ReturnNode: RETURN #2',
    ]);
    // Runtimes are cumulative: node 3 reports 0.755 s, of which 0.252 s are node 2's SLEEP(0.25).
    const sleepHalf = node(plan, 3).profile;
    assert.ok(sleepHalf);
    assert.deepEqual({ calls: sleepHalf.calls, items: sleepHalf.items, filtered: sleepHalf.filtered }, { calls: 1, items: 1, filtered: 0 });
    assert.equal(sleepHalf.runtime, 0.7551031990000183);
    assert.ok(Math.abs(sleepHalf.ownRuntime - (0.7551031990000183 - 0.2516710470000021)) < 1e-12, String(sleepHalf.ownRuntime));
    assert.ok(Math.abs(node(plan, 2).profile!.ownRuntime - (0.2516710470000021 - 6.689000002779721e-6)) < 1e-12);
    assert.equal(profile.slowest?.id, 3);
    assert.ok(Math.abs(profile.nodesRuntime! - 0.7551125170000148) < 1e-12, String(profile.nodesRuntime));
    assert.ok(Math.abs(sleepHalf.runtimeShare - sleepHalf.ownRuntime / 0.7551125170000148) < 1e-12);
    const shares = plan.rows.map(({ node: n }) => Math.round(n.profile!.runtimeShare * 1000) / 10);
    assert.deepEqual(shares, [0, 0, 33.3, 66.7, 0]);
    assert.deepEqual(
      profile.phases.map((phase) => phase.name),
      ['initializing', 'parsing', 'optimizing ast', 'loading collections', 'instantiating plan', 'optimizing plan', 'instantiating executors', 'executing', 'finalizing'],
    );
    assert.equal(profile.phases.find((phase) => phase.name === 'executing')?.seconds, 0.7551429859999814);
    assert.deepEqual(profile.statistics, {
      writesExecuted: 0,
      writesIgnored: 0,
      scannedFull: 0,
      scannedIndex: 0,
      documentLookups: 0,
      filtered: 0,
      cacheHits: 0,
      cacheMisses: 0,
      httpRequests: 0,
      peakMemoryUsage: 0,
      executionTime: 0.7553727430000095,
    });
    assert.equal(plan.estimatedCost, 5);
    assert.deepEqual(plan.variables[0], { id: 2, name: '#2', constantValue: 1 });
  });
});

describe('plan model edge cases', () => {
  const recorded = recordedAnswer('RestCursorProfileQuery') as { extra: Record<string, unknown> };

  it('reads a profile whose stats carry no per-node figures: the plan without runtimes, no slowest node', () => {
    const { nodes: _nodes, ...stats } = recorded.extra.stats as Record<string, unknown>;
    const profile = profileFromExtra({ ...recorded.extra, stats });
    assert.ok(profile.plan);
    assert.deepEqual([...profile.plan.nodes.values()].map((n) => n.profile), [undefined, undefined, undefined, undefined, undefined]);
    assert.equal(profile.slowest, undefined);
    assert.equal(profile.nodesRuntime, undefined);
  });

  it('reads a profile: 1 answer (phases, no plan)', () => {
    const { plan: _plan, ...extra } = recorded.extra;
    const profile = profileFromExtra(extra);
    assert.equal(profile.plan, undefined);
    assert.equal(profile.phases.length, 9);
  });

  it('leaves a node the profile did not measure without figures', () => {
    const stats = recorded.extra.stats as { nodes: { id: number }[] };
    const profile = profileFromExtra({ ...recorded.extra, stats: { ...stats, nodes: stats.nodes.filter((entry) => entry.id !== 4) } });
    assert.equal(profile.plan!.nodes.get(4)!.profile, undefined);
    assert.ok(profile.plan!.nodes.get(3)!.profile);
  });

  it('refuses answers that are no plan, naming the server error when there was one', () => {
    assert.throws(() => profileFromExtra({ stats: {} }), (error: unknown) => error instanceof PlanShapeError && /without the profile option/.test(error.message));
    assert.throws(() => explanationFromAnswer({ warnings: [] }), (error: unknown) => error instanceof PlanShapeError && /neither plan nor plans/.test(error.message));
    assert.throws(
      () => explanationFromAnswer({ error: true, errorNum: 1501, errorMessage: 'syntax error, unexpected identifier' }),
      (error: unknown) => error instanceof PlanShapeError && error.errorNum === 1501 && /syntax error/.test(error.message),
    );
    const dangling = { plan: { nodes: [{ type: 'ReturnNode', id: 2, dependencies: [7], estimatedCost: 1, estimatedNrItems: 1 }] } };
    assert.throws(() => explanationFromAnswer(dangling), (error: unknown) => error instanceof PlanShapeError && /node 7/.test(error.message));
  });
});
