/**
 * The plan view's page logic in plain Node: the tree it draws (connectors, nesting, collapse,
 * arrow keys), and the documents made of recorded ArangoDB answers, the sandbox's answers and a
 * profile kept by the result store across a re-creation.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { explanationFromAnswer, profileFromCursorAnswer, profileFromExtra } from '../../../src/plans/planModel';
import { ResultStore } from '../../../src/results/resultStore';
import type { DrainableCursor } from '../../../src/results/storedResult';
import { explanationDocument, formatSeconds, formatShare, profileDocument } from '../../../src/webview/plan/planDocument';
import { treeMove, treePlaces, visibleRows } from '../../../src/webview/plan/planTree';
import type { PlanDocument } from '../../../src/webviewHost/messages/planMessages';
import type { Transcript } from '../../support/goldenTranscripts';
import { goldenFolder } from '../../support/goldenTranscripts';
import { collectionPerTest } from '../../sandbox/collectionPerTest';

function recordedAnswer(name: string): unknown {
  const transcript = JSON.parse(readFileSync(path.join(goldenFolder(), 'later', `${name}.json`), 'utf8')) as Transcript;
  return transcript.steps[0]!.response!.body;
}

/** The tree as the page draws it: connectors, type and id. */
function drawn(document: PlanDocument, plan = 0): string[] {
  return document.plans[plan]!.rows.map((row) => `${row.guides}${row.type} ${row.id}`);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

describe('plan tree layout', () => {
  it('nests rows under the nearest shallower row above and draws connectors for siblings still to come', () => {
    // FOR a (0) { LET (1), subquery start (1) { FOR b (2) { FILTER (3) } }, subquery end (1) }, RETURN (1)
    const places = treePlaces([0, 0, 1, 1, 2, 3, 1, 1]);
    assert.deepEqual(
      places.map((place) => place.parent),
      [undefined, undefined, 1, 1, 3, 4, 1, 1],
    );
    assert.deepEqual(
      places.map((place) => place.guides),
      ['', '', '├─ ', '├─ ', '│  └─ ', '│     └─ ', '├─ ', '└─ '],
    );
    assert.deepEqual(
      places.map((place) => place.hasChildren),
      [false, true, false, true, true, false, false, false],
    );
  });

  it('hides what a collapsed row holds, and moves by the tree pattern keys', () => {
    const places = treePlaces([0, 0, 1, 1, 2, 1]);
    const parents = places.map((place) => place.parent);
    assert.deepEqual(visibleRows(parents, new Set([3])), [0, 1, 2, 3, 5]);
    assert.deepEqual(visibleRows(parents, new Set([1])), [0, 1]);
    const shown = visibleRows(parents, new Set());
    assert.deepEqual(treeMove('ArrowDown', 3, shown, places, new Set()), { focus: 4 });
    assert.deepEqual(treeMove('ArrowUp', 0, shown, places, new Set()), undefined);
    assert.deepEqual(treeMove('ArrowLeft', 4, shown, places, new Set()), { focus: 3 });
    assert.deepEqual(treeMove('ArrowLeft', 3, shown, places, new Set()), { collapse: 3 });
    assert.deepEqual(treeMove('ArrowRight', 3, visibleRows(parents, new Set([3])), places, new Set([3])), { expand: 3 });
    assert.deepEqual(treeMove('ArrowRight', 3, shown, places, new Set()), { focus: 4 });
    assert.deepEqual(treeMove('ArrowRight', 0, shown, places, new Set()), undefined);
    assert.deepEqual(treeMove('End', 0, visibleRows(parents, new Set([1])), places, new Set([1])), { focus: 1 });
    assert.deepEqual(treeMove('Home', 5, shown, places, new Set()), { focus: 0 });
  });

  it('words times and shares for people', () => {
    assert.equal(formatSeconds(0.0000123), '0.012 ms');
    assert.equal(formatSeconds(0.00425), '4.25 ms');
    assert.equal(formatSeconds(0.312), '312 ms');
    assert.equal(formatSeconds(2.345), '2.35 s');
    assert.equal(formatShare(0.5321), '53.2 %');
    assert.equal(formatShare(0.0001), '< 0.1 %');
    assert.equal(formatShare(0), '0.0 %');
  });
});

describe('plan documents from recorded ArangoDB 3.12 answers', () => {
  const subject = { query: 'FOR p IN products FILTER p.id == 4 LIMIT 1 RETURN p.name', database: '_system' };

  it('draws an index plan: the loop holds what runs per document, with the index, estimates and cost shares', () => {
    const document = explanationDocument(explanationFromAnswer(recordedAnswer('RestExplainOptimizerRules')), subject);
    assert.equal(document.kind, 'explain');
    assert.equal(document.cacheable, true);
    assert.equal(document.canShowAllPlans, true);
    assert.deepEqual(drawn(document), ['SingletonNode 1', 'IndexNode 11', '├─ LimitNode 9', '└─ ReturnNode 10']);
    const [, index, limit] = document.plans[0]!.rows;
    assert.equal(index!.level, 1);
    assert.equal(limit!.level, 2);
    assert.equal(limit!.parentId, 11);
    assert.ok(index!.details.includes('index idx_1872607110574899200: persistent index on (id)'), index!.details.join(' | '));
    assert.ok(index!.details.includes('expression p.id == 4'), index!.details.join(' | '));
    assert.equal(index!.costShareText, '52.9 %');
    assert.ok(Math.abs(sum(document.plans[0]!.rows.map((row) => row.costShare)) - 1) < 1e-12);
    assert.ok(document.plans[0]!.rules.length > 0);
    assert.deepEqual(
      document.figures.map((figure) => figure.label),
      ['Plans created', 'Rules executed', 'Rules skipped', 'Peak memory', 'Explain time'],
    );
    assert.equal(document.plans[0]!.rows.some((row) => row.measured !== undefined), false);
  });

  it('keeps every plan of an allPlans answer, each drawn on its own', () => {
    const document = explanationDocument(explanationFromAnswer(recordedAnswer('RestExplainAllPlans')), subject);
    assert.equal(document.allPlans, true);
    assert.ok(document.plans.length >= 1);
    for (const plan of document.plans) {
      assert.ok(plan.rows.length > 0);
      assert.equal(plan.rows[0]!.type, 'SingletonNode');
    }
    assert.equal(document.cacheable, undefined);
  });

  it('shows the warnings and that a query is not cacheable', () => {
    const document = explanationDocument(explanationFromAnswer(recordedAnswer('RestExplainWarning')), subject);
    assert.equal(document.cacheable, false);
    assert.ok(document.warnings.length > 0);
    assert.match(document.warnings[0]!, /^\d+: /);
  });

  it('draws a profile: per-node calls, items and own runtime, the slowest node once, phases and statistics', () => {
    const document = profileDocument(profileFromCursorAnswer(recordedAnswer('RestCursorProfileQuery')), subject, 'job 42');
    assert.equal(document.kind, 'profile');
    assert.equal(document.canShowAllPlans, false);
    assert.match(document.title, /^Profile of job 42: /);
    const rows = document.plans[0]!.rows;
    assert.deepEqual(
      rows.filter((row) => row.slowest).map((row) => row.id),
      [3],
    );
    const slowest = rows.find((row) => row.id === 3)!;
    assert.deepEqual(slowest.measured && { calls: slowest.measured.calls, items: slowest.measured.items, filtered: slowest.measured.filtered }, {
      calls: '1',
      items: '1',
      filtered: '0',
    });
    assert.equal(slowest.measured?.runtime, '503 ms');
    assert.equal(slowest.measured?.runtimeShareText, '66.7 %');
    assert.equal(document.slowest?.id, 3);
    assert.match(document.slowest?.text ?? '', /CalculationNode 3 took 503 ms \(66\.7 %/);
    assert.equal(document.totalRuntime, '755 ms');
    assert.ok(Math.abs(sum(rows.map((row) => row.measured!.runtimeShare)) - 1) < 1e-9);
    assert.ok(document.phases.some((phase) => phase.name === 'executing' && phase.time === '755 ms'));
    assert.ok(Math.abs(sum(document.phases.map((phase) => phase.share)) - 1) < 1e-9);
    assert.deepEqual(document.figures.slice(0, 3), [
      { label: 'Execution time', value: '755 ms' },
      { label: 'Peak memory', value: '0 B' },
      { label: 'Scanned (full)', value: '0' },
    ]);
  });
});

describe('plan documents over the sandbox', function () {
  const fixture = collectionPerTest('plandoc');

  const post = async (route: string, body: Record<string, unknown>, status: number): Promise<unknown> => {
    const response = await fixture.server.request({ method: 'POST', database: fixture.database, path: route, body });
    assert.equal(response.status, status, JSON.stringify(response.json));
    return response.json;
  };

  it('draws the sandbox plan of a filtered scan with its trouble mark, and its profile with every node measured', async function () {
    const documents = Array.from({ length: 1200 }, (_, i) => ({ _key: `k${i}`, id: i }));
    await fixture.server.request({ method: 'POST', database: fixture.database, path: `/_api/document/${fixture.collection}`, body: documents });
    const query = `FOR p IN ${fixture.collection} FILTER p.id > 3 RETURN p.id`;
    const explained = explanationDocument(explanationFromAnswer(await post('/_api/explain', { query }, 200)), { query, database: fixture.database });
    const scan = explained.plans[0]!.rows.find((row) => row.type === 'EnumerateCollectionNode');
    assert.ok(scan, drawn(explained).join(' / '));
    assert.deepEqual(
      scan.trouble.map((mark) => mark.kind),
      ['full-scan-filter'],
    );
    assert.ok(explained.plans[0]!.rows.some((row) => row.level > scan.level), 'the filter runs inside the scan');
    const profiled = profileDocument(profileFromCursorAnswer(await post('/_api/cursor', { query, options: { profile: 2 } }, 201)), { query, database: fixture.database }, 'job 1');
    const rows = profiled.plans[0]!.rows;
    assert.deepEqual(
      rows.filter((row) => row.measured === undefined).map((row) => row.type),
      [],
    );
    assert.equal(rows.filter((row) => row.slowest).length, 1);
    assert.ok(profiled.figures.some((figure) => figure.label === 'Scanned (full)' && figure.value === '1,200'));
  });
});

describe('a profile kept with its result', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'plan-profile-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('stores extra.plan, stats.nodes and the phases, and reads them back after the store is made again', async () => {
    const answer = recordedAnswer('RestCursorProfileQuery') as { result: unknown[]; extra: { stats: object; warnings: unknown[]; profile: unknown; plan: unknown } };
    const cursor: DrainableCursor & { plan: unknown } = {
      // eslint-disable-next-line @typescript-eslint/require-await
      async *batches() {
        yield answer.result;
      },
      statistics: answer.extra.stats,
      warnings: answer.extra.warnings,
      profile: answer.extra.profile,
      plan: answer.extra.plan,
    };
    await new ResultStore(folder, { rowLimit: 100 }).storeCursor('job#1', cursor, { query: 'RETURN 1', database: '_system' });
    const stored = await new ResultStore(folder, { rowLimit: 100 }).get('job#1');
    assert.ok(stored && stored.kind !== 'error');
    assert.ok(stored.plan !== undefined, 'the plan was not kept');
    const profile = profileFromExtra({ profile: stored.profile, stats: stored.statistics, plan: stored.plan, warnings: stored.warnings });
    assert.equal(profile.slowest?.id, 3);
    assert.ok(profile.plan && [...profile.plan.nodes.values()].every((node) => node.profile !== undefined));
  });
});
