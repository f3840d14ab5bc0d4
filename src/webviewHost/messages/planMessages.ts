/**
 * What the plan view's extension side and page say to each other. Pure types: the page gets a
 * plan already laid out and worded (src/webview/plan/planDocument.ts), so it only draws.
 */

/** What a profile measured for one node, worded for the page. */
export interface MeasuredRow {
  readonly calls: string;
  readonly items: string;
  readonly filtered: string;
  /** The node's own runtime. */
  readonly runtime: string;
  /** Own runtime as a part (0..1) of all nodes' own runtimes: the width of the bar. */
  readonly runtimeShare: number;
  readonly runtimeShareText: string;
}

/** One execution node as one row of the plan tree, in the order the plan runs. */
export interface PlanRowView {
  readonly id: number;
  readonly type: string;
  /** The AQL the node stands for, with how it runs. */
  readonly label: string;
  /** 1-based, as `aria-level`: loops and subqueries nest what runs inside them. */
  readonly level: number;
  /** Box-drawing connectors before the row (`│  ├─ `), drawn from the levels around it. */
  readonly guides: string;
  /** The row this one is nested in (the loop or subquery start it runs inside). */
  readonly parentId?: number;
  readonly hasChildren: boolean;
  /** What the node reads or writes: collection, view, each index with fields and type, expression. */
  readonly details: readonly string[];
  readonly estimatedItems: string;
  /** The node's own estimated cost. */
  readonly estimatedCost: string;
  /** Own cost as a part (0..1) of the plan's summed own costs. */
  readonly costShare: number;
  readonly costShareText: string;
  /** False for nodes that never run (before a NoResultsNode). */
  readonly runs: boolean;
  readonly measured?: MeasuredRow;
  /** The node with the largest own runtime of a profile. */
  readonly slowest: boolean;
  readonly trouble: readonly { readonly kind: string; readonly reason: string }[];
}

export interface PlanView {
  readonly rows: readonly PlanRowView[];
  readonly estimatedCost: string;
  readonly estimatedItems: string;
  readonly rules: readonly string[];
  readonly collections: readonly string[];
}

/** A name and a worded value: a statistic or an optimizer figure. */
export interface Figure {
  readonly label: string;
  readonly value: string;
}

export interface PhaseView {
  readonly name: string;
  readonly time: string;
  /** Part (0..1) of the phases' total. */
  readonly share: number;
}

/** Everything the page shows: an explanation (one plan or all) or a job's profile. */
export interface PlanDocument {
  readonly kind: 'explain' | 'profile';
  /** Tab title and heading, e.g. `Explain: FOR p IN products…` or `Profile of job 123`. */
  readonly title: string;
  readonly query: string;
  readonly database: string;
  readonly bindVars?: Readonly<Record<string, unknown>>;
  /** The chosen plan first; with `allPlans`, every plan the optimizer made. */
  readonly plans: readonly PlanView[];
  readonly allPlans: boolean;
  /** Whether the All Plans switch is offered (explanations only). */
  readonly canShowAllPlans: boolean;
  readonly cacheable?: boolean;
  readonly warnings: readonly string[];
  /** Optimizer figures (explain) or statistics (profile). */
  readonly figures: readonly Figure[];
  readonly phases: readonly PhaseView[];
  /** Worded total of the nodes' own runtimes (profile). */
  readonly totalRuntime?: string;
  /** The slowest node's id and what it took (profile). */
  readonly slowest?: { readonly id: number; readonly text: string };
}

export type PlanHostMessage =
  | { readonly type: 'show'; readonly document: PlanDocument }
  | { readonly type: 'busy'; readonly text: string }
  | { readonly type: 'failed'; readonly text: string };

export type PlanPageMessage =
  /** The page's script runs and listens: send it what to show. */
  | { readonly type: 'ready' }
  /** The page drew a document: how many plans and rows (the in-VS-Code tests wait for it). */
  | { readonly type: 'rendered'; readonly plan: number; readonly rows: number }
  /** The All Plans switch changed: explain again with or without `allPlans`. */
  | { readonly type: 'allPlans'; readonly on: boolean };
