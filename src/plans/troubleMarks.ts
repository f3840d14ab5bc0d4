/**
 * Nodes of a plan that usually mean a slow query, each with a reason in plain words. Only
 * patterns ArangoDB's own documentation names ("AQL query optimization", "Explain AQL queries",
 * "Profiling and hand-optimizing AQL queries"): a full collection scan whose rows a FILTER
 * then drops (what an index would avoid), a SORT that no index delivers (`use-index-for-sort`
 * removes a SortNode when one can), a subquery with its own loop run once per row of a large
 * outer loop, and a FILTER comparing a function's result, which no index can serve.
 */
import type { AstJson } from './aqlExpression';
import { expressionToAql, variableName } from './aqlExpression';
import type { PlanNode, QueryPlan } from './planModel';

export type TroubleKind = 'full-scan-filter' | 'sort-without-index' | 'subquery-per-row' | 'function-in-filter';

export interface TroubleMark {
  readonly kind: TroubleKind;
  /** One line for a person: what happens and what would help. */
  readonly reason: string;
}

export interface TroubleOptions {
  /** Rows from which a sort, a per-row subquery or a per-document function call counts as large (default 1000). */
  readonly largeInput?: number;
}

export const DEFAULT_LARGE_INPUT = 1000;

/** Functions that have an index of their own (geo, fulltext, vector): a FILTER on them is not marked. */
const INDEXABLE_FUNCTIONS = new Set([
  'GEO_DISTANCE',
  'DISTANCE',
  'GEO_CONTAINS',
  'GEO_INTERSECTS',
  'GEO_IN_RANGE',
  'NEAR',
  'WITHIN',
  'WITHIN_RECTANGLE',
  'FULLTEXT',
  'APPROX_NEAR_COSINE',
  'APPROX_NEAR_L2',
  'APPROX_NEAR_INNER_PRODUCT',
]);

const LOOPS = new Set(['EnumerateCollectionNode', 'IndexNode', 'EnumerateListNode', 'EnumerateViewNode', 'TraversalNode', 'ShortestPathNode', 'EnumeratePathsNode', 'JoinNode']);

interface VariableJson {
  readonly id?: number;
  readonly name?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function variableId(node: PlanNode, key: string): number | undefined {
  const value = node.raw[key];
  return isObject(value) && typeof (value as VariableJson).id === 'number' ? (value as VariableJson).id : undefined;
}

function astOf(node: PlanNode, key: string): AstJson | undefined {
  const value = node.raw[key];
  return isObject(value) && typeof value.type === 'string' ? (value as AstJson) : undefined;
}

function walkAst(node: AstJson, visit: (node: AstJson) => void): void {
  visit(node);
  for (const child of node.subNodes ?? []) {
    walkAst(child, visit);
  }
}

function referencesVariable(node: AstJson, id: number): boolean {
  let found = false;
  walkAst(node, (child) => {
    found ||= child.type === 'reference' && child.id === id;
  });
  return found;
}

/** `p.name`, `p.address.city`: the attribute paths of variable `id` the expression reads. */
function attributePaths(node: AstJson, id: number): string[] {
  const paths = new Set<string>();
  walkAst(node, (child) => {
    if (child.type === 'attribute access' && child.subNodes?.[0] !== undefined && referencesVariable(child.subNodes[0], id)) {
      paths.add(expressionToAql(child));
    }
  });
  return [...paths];
}

function count(rows: number): string {
  return `~${Math.round(rows).toLocaleString('en-US')}`;
}

function rowsOut(node: PlanNode): number {
  return node.profile?.items ?? node.estimatedItems;
}

function rowsIn(node: PlanNode, nodes: QueryPlan['nodes']): number {
  return node.raw.dependencies.reduce((sum, id) => sum + (nodes.get(id) ? rowsOut(nodes.get(id)!) : 0), 0);
}

/** The documents a full scan reads: what it passed on plus what its early-pruning filter dropped. */
function documentsScanned(node: PlanNode): number {
  return node.profile ? node.profile.items + node.profile.filtered : node.estimatedItems;
}

/** The nodes that read from each node. */
function consumersOf(plan: QueryPlan): Map<number, PlanNode[]> {
  const consumers = new Map<number, PlanNode[]>();
  for (const node of plan.nodes.values()) {
    for (const id of node.raw.dependencies) {
      consumers.set(id, [...(consumers.get(id) ?? []), node]);
    }
  }
  return consumers;
}

function downstream(start: PlanNode, consumers: Map<number, PlanNode[]>): PlanNode[] {
  const found: PlanNode[] = [];
  const queue = [...(consumers.get(start.id) ?? [])];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (!seen.has(node.id)) {
      seen.add(node.id);
      found.push(node);
      queue.push(...(consumers.get(node.id) ?? []));
    }
  }
  return found;
}

const LOOP_VARIABLES = ['outVariable', 'vertexOutVariable', 'edgeOutVariable', 'pathOutVariable'];

/**
 * The conditions that FILTER nodes after `scan` test on its documents: the expressions of the
 * calculations they read. A condition that also reads a loop variable of a later, inner loop
 * (`o.user == u._key` seen from the outer `u` loop) is a join condition an index on the outer
 * collection could not serve: it is left out.
 */
function filterConditions(scan: PlanNode, scanVariable: number, consumers: Map<number, PlanNode[]>): { calculation: PlanNode; condition: AstJson }[] {
  const after = downstream(scan, consumers);
  const filtered = new Set(after.filter((node) => node.type === 'FilterNode').map((node) => variableId(node, 'inVariable')));
  const innerLoopVariables = after
    .filter((node) => LOOPS.has(node.type))
    .flatMap((node) => LOOP_VARIABLES.map((key) => variableId(node, key)))
    .filter((id): id is number => id !== undefined);
  return after.flatMap((node) => {
    const condition = astOf(node, 'expression');
    const applies =
      node.type === 'CalculationNode' &&
      condition !== undefined &&
      filtered.has(variableId(node, 'outVariable')) &&
      referencesVariable(condition, scanVariable) &&
      !innerLoopVariables.some((id) => referencesVariable(condition, id));
    return applies ? [{ calculation: node, condition }] : [];
  });
}

/** Calls of functions without an index of their own that take an attribute of variable `id`. */
function functionCallsOn(condition: AstJson, id: number): string[] {
  const names = new Set<string>();
  walkAst(condition, (child) => {
    if ((child.type === 'function call' || child.type === 'user function call') && !INDEXABLE_FUNCTIONS.has(child.name ?? '') && referencesVariable(child, id)) {
      names.add(`${child.name ?? '?'}()`);
    }
  });
  return [...names];
}

function subqueryBody(node: PlanNode): PlanNode[] {
  const body: PlanNode[] = [];
  const visit = (member: PlanNode): void => {
    body.push(member);
    member.dependencies.forEach(visit);
    if (member.subquery) {
      visit(member.subquery);
    }
  };
  if (node.subquery) {
    visit(node.subquery);
  }
  return body;
}

/**
 * The marks of trouble of a plan, by node id.
 *
 * @example for (const [id, marks] of markTrouble(plan)) console.log(id, marks.map((mark) => mark.reason))
 */
export function markTrouble(plan: QueryPlan, options: TroubleOptions = {}): Map<number, TroubleMark[]> {
  const large = options.largeInput ?? DEFAULT_LARGE_INPUT;
  const marks = new Map<number, TroubleMark[]>();
  const add = (node: PlanNode, mark: TroubleMark): void => {
    marks.set(node.id, [...(marks.get(node.id) ?? []), mark]);
  };
  const consumers = consumersOf(plan);

  for (const node of plan.nodes.values()) {
    if (!node.runs) {
      continue;
    }
    if (node.type === 'EnumerateCollectionNode' && node.raw.random !== true) {
      const loopVariable = variableId(node, 'outVariable');
      const early = astOf(node, 'filter');
      const later = loopVariable === undefined ? [] : filterConditions(node, loopVariable, consumers);
      const conditions = [...(early ? [early] : []), ...later.map(({ condition }) => condition)];
      if (loopVariable !== undefined && conditions.length > 0) {
        const paths = [...new Set(conditions.flatMap((condition) => attributePaths(condition, loopVariable)))];
        const collection = node.description.collection ?? 'the collection';
        const scanned = documentsScanned(node);
        add(node, {
          kind: 'full-scan-filter',
          reason:
            `Reads all ${count(scanned)} documents of ${collection} and only then filters them` +
            (paths.length > 0 ? `: an index on ${paths.join(', ')} could find the matching documents directly.` : ': an index on the filtered attributes could find the matching documents directly.'),
        });
        if (scanned >= large) {
          // A filter moved into the scan (rule move-filters-into-enumerate) is marked on the scan itself.
          const tested = [...(early ? [{ calculation: node, condition: early }] : []), ...later];
          for (const { calculation, condition } of tested) {
            const calls = functionCallsOn(condition, loopVariable);
            if (calls.length > 0) {
              add(calculation, {
                kind: 'function-in-filter',
                reason: `The FILTER compares the result of ${calls.join(', ')} for each of ${count(scanned)} documents: no index can serve a condition on a function's result; compare the stored attribute (or store the computed value and index it).`,
              });
            }
          }
        }
      }
    }
    if (node.type === 'SortNode') {
      const rows = rowsIn(node, plan.nodes);
      if (rows >= large) {
        add(node, {
          kind: 'sort-without-index',
          reason: `Sorts ${count(rows)} rows in memory: no index delivers them in this order (with an index on the sorted attributes the optimizer drops the SORT, rule use-index-for-sort).`,
        });
      }
    }
    if (node.type === 'SubqueryEndNode' || node.type === 'SubqueryNode') {
      // The rows entering the subquery: those entering its start node (spliced) or the SubqueryNode.
      const entry = node.type === 'SubqueryEndNode' ? node.dependencies[0] : node;
      const rows = entry ? rowsIn(entry, plan.nodes) : 0;
      const loops = subqueryBody(node).filter((member) => LOOPS.has(member.type));
      if (rows >= large && loops.length > 0) {
        const out = node.raw.outVariable;
        const name = isObject(out) && typeof out.name === 'string' ? variableName(out.name) : 'the subquery';
        add(node, {
          kind: 'subquery-per-row',
          reason: `Runs the subquery of ${name}, with its own FOR loop, once for each of ${count(rows)} rows of the loop around it: join or COLLECT once instead, or narrow the outer loop first.`,
        });
      }
    }
  }
  return marks;
}
