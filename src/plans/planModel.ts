/**
 * The plan model: an explain answer (`POST /_api/explain`, one plan or `allPlans`) or a profile
 * (a cursor answer of a query run with `options.profile`) turned into a tree of typed nodes with
 * their own share of the estimated cost and, for a profile, of the measured runtime.
 *
 * arangod sends a plan as a list of nodes, each naming the nodes it reads from (`dependencies`).
 * Both `estimatedCost` and a profile's per-node `runtime` are cumulative: a node's figure
 * includes everything it pulled from its dependencies (the recordings show it: a ReturnNode's
 * cost is its LimitNode's plus 1; `LET s = SLEEP(0.25) LET t = SLEEP(0.5)` profiles as 0.25 s
 * then 0.75 s). A node's own part is therefore its figure minus its dependencies'.
 */
import type { NodeDescription, RawPlanNode } from './nodeDescription';
import { describeNode } from './nodeDescription';
import { variableName } from './aqlExpression';
import type { TroubleMark, TroubleOptions } from './troubleMarks';
import { markTrouble } from './troubleMarks';

/** The answer did not have the shape of a plan or profile; `errorNum` is the server's when it sent one. */
export class PlanShapeError extends Error {
  constructor(
    message: string,
    readonly errorNum?: number,
  ) {
    super(message);
    this.name = 'PlanShapeError';
  }
}

/** What a profile measured for one node (`extra.stats.nodes`). */
export interface NodeProfile {
  readonly calls: number;
  readonly items: number;
  readonly filtered: number;
  /** Seconds, cumulative as sent: this node and everything it pulled from. */
  readonly runtime: number;
  /** Seconds spent in this node itself. */
  readonly ownRuntime: number;
  /** `ownRuntime` as a part (0..1) of the query's summed own runtimes. */
  readonly runtimeShare: number;
}

export interface PlanNode {
  readonly id: number;
  readonly type: string;
  readonly description: NodeDescription;
  readonly estimatedItems: number;
  /** Cumulative, as sent. */
  readonly estimatedCost: number;
  /** The node's own estimated cost. */
  readonly ownCost: number;
  /** `ownCost` as a part (0..1) of the plan's summed own costs. */
  readonly costShare: number;
  /** False for nodes that never run because a node after them never asks for input (NoResultsNode). */
  readonly runs: boolean;
  /** The nodes this one reads from (in a tree drawn from the root down, its children). */
  readonly dependencies: readonly PlanNode[];
  /** The last node of the subquery this node completes (SubqueryEndNode, or SubqueryNode before 3.8). */
  readonly subquery?: PlanNode;
  readonly profile?: NodeProfile;
  readonly trouble: readonly TroubleMark[];
  readonly raw: RawPlanNode;
}

/** A node in the order the plan runs, with its loop depth (as arangosh's explainer indents). */
export interface PlanRow {
  readonly node: PlanNode;
  readonly depth: number;
}

export interface PlanVariable {
  readonly id: number;
  /** As AQL shows it: optimizer-made variables as `#5`. */
  readonly name: string;
  readonly constantValue?: unknown;
}

export interface QueryPlan {
  /** The last node to run (normally the ReturnNode): the tree's root. */
  readonly root: PlanNode;
  readonly rows: readonly PlanRow[];
  readonly nodes: ReadonlyMap<number, PlanNode>;
  readonly estimatedCost: number;
  readonly estimatedItems: number;
  readonly rules: readonly string[];
  readonly collections: readonly { readonly name: string; readonly type: string }[];
  readonly variables: readonly PlanVariable[];
  readonly isModificationQuery: boolean;
}

export interface QueryWarning {
  readonly code: number;
  readonly message: string;
}

export interface Explanation {
  /** The chosen plan first; every plan the optimizer made when asked with `allPlans`. */
  readonly plans: readonly QueryPlan[];
  readonly allPlans: boolean;
  /** Only sent for a single plan. */
  readonly cacheable?: boolean;
  readonly warnings: readonly QueryWarning[];
  readonly rulesExecuted?: number;
  readonly rulesSkipped?: number;
  readonly plansCreated?: number;
  readonly peakMemoryUsage?: number;
  readonly executionTime?: number;
}

/** The figures of `extra.stats` a person reads in a profile. */
export interface QueryStatistics {
  readonly writesExecuted?: number;
  readonly writesIgnored?: number;
  readonly scannedFull?: number;
  readonly scannedIndex?: number;
  readonly documentLookups?: number;
  readonly filtered?: number;
  readonly cacheHits?: number;
  readonly cacheMisses?: number;
  readonly httpRequests?: number;
  readonly peakMemoryUsage?: number;
  readonly executionTime?: number;
  readonly fullCount?: number;
}

export interface ProfilePhase {
  /** As the server names it: `parsing`, `optimizing plan`, `executing`, … */
  readonly name: string;
  readonly seconds: number;
}

export interface QueryProfile {
  /** Absent for `profile: 1`, which returns phase times but no plan. */
  readonly plan?: QueryPlan;
  readonly phases: readonly ProfilePhase[];
  readonly statistics: QueryStatistics;
  readonly warnings: readonly QueryWarning[];
  /** The node with the largest own runtime. */
  readonly slowest?: PlanNode;
  /** Seconds: the nodes' own runtimes summed. */
  readonly nodesRuntime?: number;
}

interface MutableNode {
  id: number;
  type: string;
  description: NodeDescription;
  estimatedItems: number;
  estimatedCost: number;
  ownCost: number;
  costShare: number;
  runs: boolean;
  dependencies: MutableNode[];
  subquery?: MutableNode;
  profile?: NodeProfile;
  trouble: TroubleMark[];
  raw: RawPlanNode;
}

/** Figures a profile sends per node. */
interface NodeStats {
  readonly calls: number;
  readonly items: number;
  readonly filtered: number;
  readonly runtime: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function optionalNumbers<K extends string>(source: Record<string, unknown>, keys: readonly K[]): Partial<Record<K, number>> {
  const result: Partial<Record<K, number>> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'number') {
      result[key] = value;
    }
  }
  return result;
}

function rawNode(value: unknown, where: string): RawPlanNode {
  if (!isObject(value) || typeof value.type !== 'string' || typeof value.id !== 'number' || !Array.isArray(value.dependencies)) {
    throw new PlanShapeError(`${where}: a plan node needs type, id and dependencies, got ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  return {
    ...value,
    type: value.type,
    id: value.id,
    dependencies: value.dependencies.filter((id): id is number => typeof id === 'number'),
    estimatedCost: numberOr(value.estimatedCost, 0),
    estimatedNrItems: numberOr(value.estimatedNrItems, 0),
  };
}

function rawNodes(list: unknown, where: string): RawPlanNode[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new PlanShapeError(`${where}: a plan needs a non-empty list of nodes`);
  }
  return list.map((node, i) => rawNode(node, `${where}[${i}]`));
}

/** The nodes of a SubqueryNode (servers before 3.8) travel inside it, as `subquery.nodes`. */
function nestedNodes(node: RawPlanNode): RawPlanNode[] | undefined {
  return node.type === 'SubqueryNode' && isObject(node.subquery) ? rawNodes(node.subquery.nodes, `node ${node.id} subquery`) : undefined;
}

/** The node nothing reads from: where the plan ends. Several (never seen) → the ReturnNode, else the last listed. */
function rootOf(nodes: readonly RawPlanNode[], where: string): RawPlanNode {
  const used = new Set(nodes.flatMap((node) => node.dependencies));
  const ends = nodes.filter((node) => !used.has(node.id));
  const root = ends.find((node) => node.type === 'ReturnNode') ?? ends[ends.length - 1];
  if (root === undefined) {
    throw new PlanShapeError(`${where}: every node is read by another one (a cycle): no root`);
  }
  return root;
}

class TreeBuilder {
  readonly all = new Map<number, MutableNode>();
  readonly rawById = new Map<number, RawPlanNode>();
  /** Nodes of a subquery body (old style) by the SubqueryNode holding them. */
  readonly bodyRoots = new Map<number, number>();

  constructor(private readonly options: { readonly describe: (node: RawPlanNode) => NodeDescription }) {}

  tree(nodes: readonly RawPlanNode[], where: string): MutableNode {
    for (const node of nodes) {
      if (this.rawById.has(node.id)) {
        throw new PlanShapeError(`${where}: node id ${node.id} occurs twice`);
      }
      this.rawById.set(node.id, node);
    }
    return this.build(rootOf(nodes, where).id, undefined, where);
  }

  private build(id: number, stopAt: number | undefined, where: string): MutableNode {
    const raw = this.rawById.get(id);
    if (raw === undefined) {
      throw new PlanShapeError(`${where}: a node depends on node ${id}, which the plan does not list`);
    }
    if (this.all.has(id)) {
      return this.all.get(id)!;
    }
    const node: MutableNode = {
      id,
      type: raw.type,
      description: this.options.describe(raw),
      estimatedItems: raw.estimatedNrItems,
      estimatedCost: raw.estimatedCost,
      ownCost: 0,
      costShare: 0,
      runs: true,
      dependencies: [],
      trouble: [],
      raw,
    };
    this.all.set(id, node);
    if (raw.type === 'SubqueryEndNode') {
      // A spliced subquery (3.8+) runs inline between its start and end node: nest that stretch.
      const start = this.matchingStart(raw, where);
      const bodyTop = raw.dependencies[0];
      if (bodyTop !== undefined && bodyTop !== start) {
        node.subquery = this.build(bodyTop, start, where);
      }
      node.dependencies = [this.build(start, stopAt, where)];
      return node;
    }
    node.dependencies = raw.dependencies.filter((dependency) => dependency !== stopAt).map((dependency) => this.build(dependency, stopAt, where));
    const body = nestedNodes(raw);
    if (body !== undefined) {
      node.subquery = this.tree(body, `${where} node ${id} subquery`);
      this.bodyRoots.set(id, node.subquery.id);
    }
    return node;
  }

  private matchingStart(end: RawPlanNode, where: string): number {
    let open = 0;
    let current = end.dependencies[0];
    while (current !== undefined) {
      const raw = this.rawById.get(current);
      if (raw === undefined) {
        break;
      }
      if (raw.type === 'SubqueryEndNode') {
        open += 1;
      } else if (raw.type === 'SubqueryStartNode') {
        if (open === 0) {
          return raw.id;
        }
        open -= 1;
      }
      current = raw.dependencies[0];
    }
    throw new PlanShapeError(`${where}: SubqueryEndNode ${end.id} has no SubqueryStartNode below it`);
  }
}

const TOLERANCE = 1e-9;

/** Own figure = cumulative figure minus what the node's inputs (and an old-style subquery body) account for. */
function ownFigure(node: RawPlanNode, figure: (id: number) => number | undefined, bodyRoot: number | undefined): number {
  const own = figure(node.id) ?? 0;
  const inputs = [...node.dependencies, ...(bodyRoot !== undefined ? [bodyRoot] : [])].reduce((sum, id) => sum + (figure(id) ?? 0), 0);
  return Math.max(0, own - inputs);
}

function markNotRunning(node: MutableNode): void {
  for (const dependency of [...node.dependencies, ...(node.subquery ? [node.subquery] : [])]) {
    if (dependency.runs) {
      dependency.runs = false;
      markNotRunning(dependency);
    }
  }
}

function share(part: number, total: number): number {
  return total > 0 ? part / total : 0;
}

const ENUMERATING = new Set([
  'EnumerateCollectionNode',
  'IndexNode',
  'EnumerateListNode',
  'EnumerateViewNode',
  'TraversalNode',
  'ShortestPathNode',
  'EnumeratePathsNode',
  'JoinNode',
  'EnumerateNearVectorNode',
]);

/**
 * Run order with loop depth: a FOR deepens what follows it, a COLLECT ends the loops of its
 * (sub)query, a subquery's body sits one level deeper than where it starts.
 */
function runOrder(root: MutableNode): PlanRow[] {
  const rows: PlanRow[] = [];
  const seen = new Set<number>();
  const walk = (node: MutableNode, scope: number): number => {
    let depth = scope;
    for (const dependency of node.dependencies) {
      depth = Math.max(depth, seen.has(dependency.id) ? depth : walk(dependency, scope));
    }
    if (seen.has(node.id)) {
      return depth;
    }
    seen.add(node.id);
    if (node.subquery) {
      walk(node.subquery, depth + 1);
    }
    rows.push({ node, depth });
    if (ENUMERATING.has(node.type)) {
      return depth + 1;
    }
    return node.type === 'CollectNode' ? scope : depth;
  };
  walk(root, 0);
  return rows;
}

function buildPlan(rawPlan: unknown, where: string, stats: ReadonlyMap<number, NodeStats> | undefined, trouble: TroubleOptions): QueryPlan {
  if (!isObject(rawPlan)) {
    throw new PlanShapeError(`${where}: expected a plan object`);
  }
  const builder = new TreeBuilder({ describe: describeNode });
  const root = builder.tree(rawNodes(rawPlan.nodes, `${where}.nodes`), where);
  const nodes = [...builder.all.values()];

  const cost = (id: number): number | undefined => builder.rawById.get(id)?.estimatedCost;
  for (const node of nodes) {
    node.ownCost = ownFigure(node.raw, cost, builder.bodyRoots.get(node.id));
  }
  // NoResultsNode never asks its input for rows (its cost, 0.5, is below its input's): the
  // nodes above it never run and cost nothing.
  for (const node of nodes) {
    const inputCost = node.raw.dependencies.reduce((sum, id) => sum + (cost(id) ?? 0), 0);
    if (node.type === 'NoResultsNode' && node.estimatedCost < inputCost - TOLERANCE) {
      node.ownCost = node.estimatedCost;
      markNotRunning(node);
    }
  }
  for (const node of nodes.filter((candidate) => !candidate.runs)) {
    node.ownCost = 0;
  }
  const totalCost = nodes.reduce((sum, node) => sum + node.ownCost, 0);
  for (const node of nodes) {
    node.costShare = share(node.ownCost, totalCost);
  }

  if (stats !== undefined) {
    const runtime = (id: number): number | undefined => stats.get(id)?.runtime;
    const owns = new Map(nodes.map((node) => [node.id, stats.has(node.id) ? ownFigure(node.raw, runtime, builder.bodyRoots.get(node.id)) : 0]));
    const totalRuntime = [...owns.values()].reduce((sum, value) => sum + value, 0);
    for (const node of nodes) {
      const measured = stats.get(node.id);
      if (measured !== undefined) {
        const ownRuntime = owns.get(node.id) ?? 0;
        node.profile = { ...measured, ownRuntime, runtimeShare: share(ownRuntime, totalRuntime) };
      }
    }
  }

  const plan: QueryPlan = {
    root,
    rows: runOrder(root),
    nodes: builder.all,
    estimatedCost: numberOr(rawPlan.estimatedCost, root.estimatedCost),
    estimatedItems: numberOr(rawPlan.estimatedNrItems, root.estimatedItems),
    rules: Array.isArray(rawPlan.rules) ? rawPlan.rules.filter((rule): rule is string => typeof rule === 'string') : [],
    collections: (Array.isArray(rawPlan.collections) ? rawPlan.collections : []).filter(isObject).map((collection) => ({
      name: String(collection.name),
      type: String(collection.type),
    })),
    variables: (Array.isArray(rawPlan.variables) ? rawPlan.variables : []).filter(isObject).map((variable) => ({
      id: numberOr(variable.id, -1),
      name: variableName(String(variable.name)),
      ...('constantValue' in variable ? { constantValue: variable.constantValue } : {}),
    })),
    isModificationQuery: rawPlan.isModificationQuery === true,
  };
  for (const [id, marks] of markTrouble(plan, trouble)) {
    builder.all.get(id)?.trouble.push(...marks);
  }
  return plan;
}

function warnings(value: unknown): QueryWarning[] {
  return (Array.isArray(value) ? value : []).filter(isObject).map((warning) => ({ code: numberOr(warning.code, 0), message: String(warning.message) }));
}

function requireAnswer(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) {
    throw new PlanShapeError(`${what}: expected a JSON object`);
  }
  if (body.error === true) {
    const errorNum = typeof body.errorNum === 'number' ? body.errorNum : undefined;
    throw new PlanShapeError(`${what}: the server answered with error ${String(errorNum)}: ${String(body.errorMessage)}`, errorNum);
  }
  return body;
}

/**
 * The model of a `POST /_api/explain` answer, with or without `allPlans`.
 *
 * @example const { plans: [plan] } = explanationFromAnswer(await response.json()); plan.root.type // 'ReturnNode'
 */
export function explanationFromAnswer(body: unknown, trouble: TroubleOptions = {}): Explanation {
  const answer = requireAnswer(body, 'explain answer');
  const allPlans = Array.isArray(answer.plans);
  const rawPlans: unknown[] = allPlans ? (answer.plans as unknown[]) : answer.plan !== undefined ? [answer.plan] : [];
  if (rawPlans.length === 0) {
    throw new PlanShapeError('explain answer: neither plan nor plans');
  }
  const stats = isObject(answer.stats) ? answer.stats : {};
  return {
    plans: rawPlans.map((plan, i) => buildPlan(plan, allPlans ? `plans[${i}]` : 'plan', undefined, trouble)),
    allPlans,
    ...(typeof answer.cacheable === 'boolean' ? { cacheable: answer.cacheable } : {}),
    warnings: warnings(answer.warnings),
    ...optionalNumbers(stats, ['rulesExecuted', 'rulesSkipped', 'plansCreated', 'peakMemoryUsage', 'executionTime'] as const),
  };
}

function nodeStats(value: unknown): Map<number, NodeStats> | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  return new Map(
    value.filter(isObject).map((entry) => [
      numberOr(entry.id, -1),
      { calls: numberOr(entry.calls, 0), items: numberOr(entry.items, 0), filtered: numberOr(entry.filtered, 0), runtime: numberOr(entry.runtime, 0) },
    ]),
  );
}

const STATISTICS = [
  'writesExecuted',
  'writesIgnored',
  'scannedFull',
  'scannedIndex',
  'documentLookups',
  'filtered',
  'cacheHits',
  'cacheMisses',
  'httpRequests',
  'peakMemoryUsage',
  'executionTime',
  'fullCount',
] as const;

/**
 * The model of a profiled query's `extra` (the cursor answer's `extra` attribute): `plan` and
 * `stats.nodes` with `profile: 2`, only phase times and statistics with `profile: 1`.
 */
export function profileFromExtra(extra: unknown, trouble: TroubleOptions = {}): QueryProfile {
  if (!isObject(extra)) {
    throw new PlanShapeError('profile: the cursor answer has no extra object');
  }
  if (!isObject(extra.profile)) {
    throw new PlanShapeError('profile: extra.profile is missing: the query ran without the profile option');
  }
  const stats = isObject(extra.stats) ? extra.stats : {};
  const plan = extra.plan === undefined ? undefined : buildPlan(extra.plan, 'extra.plan', nodeStats(stats.nodes), trouble);
  const profiled = plan ? [...plan.nodes.values()].filter((node) => node.profile !== undefined) : [];
  const slowest = profiled.reduce<PlanNode | undefined>((best, node) => (best === undefined || node.profile!.ownRuntime > best.profile!.ownRuntime ? node : best), undefined);
  return {
    ...(plan ? { plan } : {}),
    phases: Object.entries(extra.profile).flatMap(([name, seconds]) => (typeof seconds === 'number' ? [{ name, seconds }] : [])),
    statistics: optionalNumbers(stats, STATISTICS),
    warnings: warnings(extra.warnings),
    ...(slowest ? { slowest } : {}),
    ...(profiled.length > 0 ? { nodesRuntime: profiled.reduce((sum, node) => sum + node.profile!.ownRuntime, 0) } : {}),
  };
}

/** The model of a whole cursor answer (`POST /_api/cursor` with `options.profile`). */
export function profileFromCursorAnswer(body: unknown, trouble: TroubleOptions = {}): QueryProfile {
  return profileFromExtra(requireAnswer(body, 'cursor answer').extra, trouble);
}
