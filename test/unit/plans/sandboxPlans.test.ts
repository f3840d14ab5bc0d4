/**
 * The plan model over the sandbox's own answers (its planner, its profiler): what the plan view
 * will show when developing against `npm run sandbox`.
 */
import assert from 'node:assert/strict';
import { explanationFromAnswer, profileFromCursorAnswer } from '../../../src/plans/planModel';
import type { QueryPlan } from '../../../src/plans/planModel';
import { collectionPerTest } from '../../sandbox/collectionPerTest';

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function types(plan: QueryPlan): string[] {
  return plan.rows.map(({ node }) => node.type);
}

describe('plan model over the sandbox', function () {
  const fixture = collectionPerTest('planned');

  const fill = async (count: number): Promise<void> => {
    const documents = Array.from({ length: count }, (_, i) => ({ _key: `k${i}`, id: i, name: `n${count - i}` }));
    await fixture.server.request({ method: 'POST', database: fixture.database, path: `/_api/document/${fixture.collection}`, body: documents });
  };
  const post = async (path: string, body: Record<string, unknown>, status: number): Promise<unknown> => {
    const response = await fixture.server.request({ method: 'POST', database: fixture.database, path, body });
    assert.equal(response.status, status, JSON.stringify(response.json));
    return response.json;
  };

  it('marks the full scan a FILTER reads through, and shares the cost out to the whole', async function () {
    await fill(1500);
    const query = `FOR p IN ${fixture.collection} FILTER p.id > 3 RETURN p`;
    const [plan] = explanationFromAnswer(await post('/_api/explain', { query }, 200)).plans;
    assert.ok(plan);
    const scan = plan.rows.find(({ node }) => node.type === 'EnumerateCollectionNode')?.node;
    assert.ok(scan, types(plan).join(' '));
    assert.equal(scan.description.collection, fixture.collection);
    assert.deepEqual(
      scan.trouble.map((mark) => mark.kind),
      ['full-scan-filter'],
    );
    assert.match(scan.trouble[0]!.reason, /an index on p\.id/);
    assert.ok(Math.abs(sum([...plan.nodes.values()].map((node) => node.ownCost)) - plan.estimatedCost) < 1e-9 * plan.estimatedCost);
    assert.ok(Math.abs(sum([...plan.nodes.values()].map((node) => node.costShare)) - 1) < 1e-9);
    assert.equal(plan.root.type, 'ReturnNode');
  });

  it('reads a profile 2 answer: every node measured, own runtimes adding up to the whole', async function () {
    await fill(200);
    const query = `FOR p IN ${fixture.collection} FILTER p.id > 3 RETURN p.id`;
    const profile = profileFromCursorAnswer(await post('/_api/cursor', { query, options: { profile: 2 } }, 201));
    const plan = profile.plan;
    assert.ok(plan);
    const nodes = [...plan.nodes.values()];
    assert.deepEqual(
      nodes.filter((node) => node.profile === undefined).map((node) => node.type),
      [],
    );
    assert.equal(plan.root.profile?.items, 196);
    assert.ok(profile.slowest);
    assert.ok(Math.abs(sum(nodes.map((node) => node.profile!.runtimeShare)) - 1) < 1e-9 || profile.nodesRuntime === 0);
    assert.ok(profile.phases.some((phase) => phase.name === 'executing'));
    assert.equal(profile.statistics.scannedFull, 200);
  });
});
