/**
 * The plan view's document: an explanation or a profile (src/plans/planModel.ts) laid out as
 * tree rows and worded, ready for the page to draw. Plain logic, tested in Node.
 */
import type { Explanation, PlanNode, QueryPlan, QueryProfile, QueryStatistics } from '../../plans/planModel';
import { describeIndex } from '../../plans/nodeDescription';
import type { Figure, PhaseView, PlanDocument, PlanRowView, PlanView } from '../../webviewHost/messages/planMessages';
import { treePlaces } from './planTree';

/** The query a document is about. */
export interface PlanSubject {
  readonly query: string;
  readonly database: string;
  readonly bindVars?: Readonly<Record<string, unknown>>;
}

/** `1,234`: counts and estimates, rounded. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `0.50`, `13.4`, `1,204`: costs are relative figures; three significant digits say enough. */
export function formatCost(value: number): string {
  if (value < 10) {
    return value.toFixed(2);
  }
  return value < 1000 ? value.toFixed(1) : formatCount(value);
}

/** `53.2 %`; a share that is not zero but rounds to it reads `< 0.1 %`. */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.0005) {
    return '< 0.1 %';
  }
  return `${(share * 100).toFixed(1)} %`;
}

/** `0.012 ms`, `4.25 ms`, `312 ms`, `2.35 s`: a time in seconds, as the server sends it. */
export function formatSeconds(seconds: number): string {
  const ms = seconds * 1000;
  if (ms < 1) {
    return `${ms.toFixed(3)} ms`;
  }
  if (ms < 100) {
    return `${ms.toPrecision(3)} ms`;
  }
  return ms < 1000 ? `${Math.round(ms)} ms` : `${seconds.toFixed(2)} s`;
}

/** `512 B`, `32.0 KiB`, `1.50 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${Math.round(bytes)} B`;
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${units[unit] ?? 'TiB'}`;
}

function shortQuery(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length > 48 ? `${line.slice(0, 47)}…` : line;
}

function details(node: PlanNode): string[] {
  const { collection, view, indexes, expression } = node.description;
  return [
    ...(collection !== undefined ? [`collection ${collection}`] : []),
    ...(view !== undefined ? [`view ${view}`] : []),
    ...(indexes ?? []).map((index) => `index ${index.name}: ${describeIndex(index)}`),
    ...(expression !== undefined ? [`expression ${expression}`] : []),
  ];
}

function planView(plan: QueryPlan, slowestId: number | undefined): PlanView {
  const places = treePlaces(plan.rows.map((row) => row.depth));
  const rows = plan.rows.map(({ node, depth }, i): PlanRowView => {
    const place = places[i]!;
    const parent = place.parent !== undefined ? plan.rows[place.parent]?.node.id : undefined;
    const measured = node.profile;
    return {
      id: node.id,
      type: node.type,
      label: node.description.text,
      level: depth + 1,
      guides: place.guides,
      ...(parent !== undefined ? { parentId: parent } : {}),
      hasChildren: place.hasChildren,
      details: details(node),
      estimatedItems: formatCount(node.estimatedItems),
      estimatedCost: formatCost(node.ownCost),
      costShare: node.costShare,
      costShareText: formatShare(node.costShare),
      runs: node.runs,
      ...(measured
        ? {
            measured: {
              calls: formatCount(measured.calls),
              items: formatCount(measured.items),
              filtered: formatCount(measured.filtered),
              runtime: formatSeconds(measured.ownRuntime),
              runtimeShare: measured.runtimeShare,
              runtimeShareText: formatShare(measured.runtimeShare),
            },
          }
        : {}),
      slowest: node.id === slowestId,
      trouble: node.trouble.map((mark) => ({ kind: mark.kind, reason: mark.reason })),
    };
  });
  return {
    rows,
    estimatedCost: formatCost(plan.estimatedCost),
    estimatedItems: formatCount(plan.estimatedItems),
    rules: plan.rules,
    collections: plan.collections.map((collection) => `${collection.name} (${collection.type})`),
  };
}

function subjectFields(subject: PlanSubject): Pick<PlanDocument, 'query' | 'database' | 'bindVars'> {
  return {
    query: subject.query,
    database: subject.database,
    ...(subject.bindVars !== undefined && Object.keys(subject.bindVars).length > 0 ? { bindVars: subject.bindVars } : {}),
  };
}

/**
 * The document of an explanation: every plan it holds, the chosen one first.
 *
 * @example explanationDocument(explanationFromAnswer(answer), { query, database: '_system' }).plans[0]?.rows
 */
export function explanationDocument(explanation: Explanation, subject: PlanSubject): PlanDocument {
  const figures: Figure[] = [
    ...(explanation.plansCreated !== undefined ? [{ label: 'Plans created', value: formatCount(explanation.plansCreated) }] : []),
    ...(explanation.rulesExecuted !== undefined ? [{ label: 'Rules executed', value: formatCount(explanation.rulesExecuted) }] : []),
    ...(explanation.rulesSkipped !== undefined ? [{ label: 'Rules skipped', value: formatCount(explanation.rulesSkipped) }] : []),
    ...(explanation.peakMemoryUsage !== undefined ? [{ label: 'Peak memory', value: formatBytes(explanation.peakMemoryUsage) }] : []),
    ...(explanation.executionTime !== undefined ? [{ label: 'Explain time', value: formatSeconds(explanation.executionTime) }] : []),
  ];
  return {
    kind: 'explain',
    title: `Explain: ${shortQuery(subject.query)}`,
    ...subjectFields(subject),
    plans: explanation.plans.map((plan) => planView(plan, undefined)),
    allPlans: explanation.allPlans,
    canShowAllPlans: true,
    ...(explanation.cacheable !== undefined ? { cacheable: explanation.cacheable } : {}),
    warnings: explanation.warnings.map((warning) => `${warning.code}: ${warning.message}`),
    figures,
    phases: [],
  };
}

const STATISTICS: readonly [keyof QueryStatistics, string, (value: number) => string][] = [
  ['executionTime', 'Execution time', formatSeconds],
  ['peakMemoryUsage', 'Peak memory', formatBytes],
  ['scannedFull', 'Scanned (full)', formatCount],
  ['scannedIndex', 'Scanned (index)', formatCount],
  ['documentLookups', 'Document lookups', formatCount],
  ['filtered', 'Filtered', formatCount],
  ['cacheHits', 'Cache hits', formatCount],
  ['cacheMisses', 'Cache misses', formatCount],
  ['writesExecuted', 'Writes executed', formatCount],
  ['writesIgnored', 'Writes ignored', formatCount],
  ['httpRequests', 'HTTP requests', formatCount],
  ['fullCount', 'Full count', formatCount],
];

/**
 * The document of a profile: the executed plan with its measured figures, the phases and the
 * statistics. `title` names what was profiled (e.g. `job 123`).
 */
export function profileDocument(profile: QueryProfile, subject: PlanSubject, title: string): PlanDocument {
  const phaseTotal = profile.phases.reduce((sum, phase) => sum + phase.seconds, 0);
  const phases: PhaseView[] = profile.phases.map((phase) => ({
    name: phase.name,
    time: formatSeconds(phase.seconds),
    share: phaseTotal > 0 ? phase.seconds / phaseTotal : 0,
  }));
  const figures = STATISTICS.flatMap(([key, label, format]) => {
    const value = profile.statistics[key];
    return value === undefined ? [] : [{ label, value: format(value) }];
  });
  const slowest = profile.slowest;
  return {
    kind: 'profile',
    title: `Profile of ${title}: ${shortQuery(subject.query)}`,
    ...subjectFields(subject),
    plans: profile.plan ? [planView(profile.plan, slowest?.id)] : [],
    allPlans: false,
    canShowAllPlans: false,
    warnings: profile.warnings.map((warning) => `${warning.code}: ${warning.message}`),
    figures,
    phases,
    ...(profile.nodesRuntime !== undefined ? { totalRuntime: formatSeconds(profile.nodesRuntime) } : {}),
    ...(slowest?.profile
      ? {
          slowest: {
            id: slowest.id,
            text: `${slowest.type} ${slowest.id} took ${formatSeconds(slowest.profile.ownRuntime)} (${formatShare(slowest.profile.runtimeShare)} of the nodes' runtime)`,
          },
        }
      : {}),
  };
}
