/**
 * The plan the sandbox's planner builds, as arangod 3.12's `/_api/explain` and `profile: 2`
 * print one (ExecutionPlan::toVelocyPack, the recordings RestExplain* and RestCursorProfileQuery):
 * nodes with `type`, `dependencies`, `id`, `estimatedCost`, `estimatedNrItems` and their
 * per-type fields, then the plan's rules, estimates, collections and variables.
 *
 * Estimates follow arangod's cost model where the recordings pin it down (a scan of n documents
 * costs n + 1 per incoming row, a calculation, filter or return 1 per row, a LIMIT passes at most
 * its count) and are the sandbox's own elsewhere (a primary-key lookup costs log2(n + 1) per
 * incoming row and yields at most one document; a grouped COLLECT keeps three quarters of its rows).
 */

/** A variable as plans print it. */
export interface VariableJson {
  id: number;
  name: string;
  isFullDocumentFromCollection: boolean;
  constantValue?: unknown;
}

/** How a node changes the estimated number of rows and the cost. */
export type EstimateRule =
  | { kind: 'singleton' }
  | { kind: 'row' }
  | { kind: 'scan'; documents: number }
  | { kind: 'lookup'; documents: number }
  | { kind: 'list'; length: number }
  | { kind: 'limit'; offset: number; count: number }
  | { kind: 'sort' }
  | { kind: 'collect'; grouped: boolean };

/** A node of a planned query, as the planner describes it. */
export interface DescribedNode {
  id: number;
  type: string;
  /** The per-type fields, in arangod's order. */
  fields: Record<string, unknown>;
  estimate: EstimateRule;
  /** A SubqueryNode's own plan (the sandbox runs subqueries per row, not spliced). */
  subquery?: DescribedNode[];
}

/** The length arangod assumes for a list whose size it cannot know before running. */
export const UNKNOWN_LIST_LENGTH = 100;

interface Estimate {
  cost: number;
  items: number;
}

function estimateNode(rule: EstimateRule, input: Estimate): Estimate {
  const { cost, items } = input;
  switch (rule.kind) {
    case 'singleton':
      return { cost: 1, items: 1 };
    case 'row':
      return { cost: cost + items, items };
    case 'scan':
      return { cost: cost + items * (rule.documents + 1), items: items * rule.documents };
    case 'lookup':
      return { cost: cost + items * Math.log2(rule.documents + 1), items: rule.documents > 0 ? items : 0 };
    case 'list':
      return { cost: cost + items * rule.length, items: items * rule.length };
    case 'limit': {
      const passed = Math.min(rule.count, Math.max(0, items - rule.offset));
      return { cost: cost + passed, items: passed };
    }
    case 'sort':
      return { cost: cost + (items > 1 ? items * Math.log2(items) : items), items };
    case 'collect':
      return { cost: cost + items, items: rule.grouped ? items * 0.75 : 1 };
  }
}

/** Nodes of one (sub)query chain as plan JSON, each depending on the one before it. */
function nodesJson(nodes: readonly DescribedNode[]): { json: Record<string, unknown>[]; last: Estimate } {
  let previous: DescribedNode | undefined;
  let estimate: Estimate = { cost: 0, items: 1 };
  const json = nodes.map((node) => {
    let subquery: Record<string, unknown>[] | undefined;
    if (node.subquery !== undefined) {
      const inner = nodesJson(node.subquery);
      subquery = inner.json;
      estimate = { cost: estimate.cost + estimate.items * inner.last.cost, items: estimate.items };
    } else {
      estimate = estimateNode(node.estimate, estimate);
    }
    const entry: Record<string, unknown> = {
      type: node.type,
      dependencies: previous === undefined ? [] : [previous.id],
      id: node.id,
      estimatedCost: estimate.cost,
      estimatedNrItems: estimate.items,
    };
    if (subquery !== undefined) {
      entry['subquery'] = { nodes: subquery };
    }
    previous = node;
    return Object.assign(entry, node.fields);
  });
  return { json, last: estimate };
}

export interface PlanFacts {
  nodes: readonly DescribedNode[];
  rules: readonly string[];
  collections: readonly { name: string; type: 'read' | 'write' }[];
  variables: readonly VariableJson[];
  isModificationQuery: boolean;
}

/** A plan as `/_api/explain` (`plan`, each of `plans`) and `extra.plan` print it. */
export function planJson(facts: PlanFacts): Record<string, unknown> {
  const { json, last } = nodesJson(facts.nodes);
  return {
    nodes: json,
    rules: [...facts.rules],
    // The sandbox prefetches nothing asynchronously, so no node carries isAsyncPrefetchEnabled.
    asyncPrefetchNodes: 0,
    estimatedCost: last.cost,
    estimatedNrItems: last.items,
    collections: [...facts.collections],
    variables: [...facts.variables].sort((a, b) => b.id - a.id),
    isModificationQuery: facts.isModificationQuery,
  };
}

/** Every node of a plan, subqueries' nodes included, with the id of the node it depends on. */
export function dependencyMap(nodes: readonly DescribedNode[], into = new Map<number, number | undefined>()): Map<number, number | undefined> {
  nodes.forEach((node, index) => {
    into.set(node.id, index === 0 ? undefined : nodes[index - 1]!.id);
    if (node.subquery !== undefined) {
      dependencyMap(node.subquery, into);
    }
  });
  return into;
}
