/**
 * The sandbox's AQL interpreter: checks and runs a subset of AQL (see README.md) against the
 * in-memory data store, with arangod 3.12's error numbers and messages.
 *
 * ```ts
 * checkQuery(db, { query: 'FOR d IN products RETURN d' });            // throws ArangoError if invalid
 * const outcome = await runQuery(db, { query, bindVars }, controller.signal);
 * outcome.result; outcome.stats.scannedFull; outcome.warnings;
 * ```
 */
import type { Database } from '../data/store';
import { ArangoError } from '../errors';
import { queryKilled } from './aqlErrors';
import { bindParameters } from './bindParameters';
import { ExpressionCompiler } from './expressionCompiler';
import { reportedPeak } from './memory';
import { checkModificationAccess } from './modificationAccess';
import type { Statement } from './ast';
import { walkQuery } from './astWalk';
import { AstPrinter, type AstJson } from './explain/astJson';
import { planJson } from './explain/planDescription';
import { NON_DETERMINISTIC_FUNCTIONS } from './functions/registry';
import { QueryPlanner, type PlannedQuery } from './planner';
import { QueryProfiler, type NodeStatistics } from './profiler';
import { parseQuery } from './queryParser';
import { QueryAborted, QueryRuntime } from './queryRuntime';
import type { QueryStatistics } from './queryRuntime';

/** A query and its options, as the cursor API receives them. */
export interface QueryRequest {
  query: string;
  bindVars?: Record<string, unknown>;
  fullCount?: boolean;
  /** Bytes; 0 means no limit. */
  memoryLimit?: number;
  /** Seconds; 0 means no limit. */
  maxRuntime?: number;
  profile?: boolean | number;
  /** `options.optimizer.rules`: `-name`/`+name`, `-all`/`+all`, applied in order. */
  optimizerRules?: readonly string[];
}

export interface QueryWarning {
  code: number;
  message: string;
}

export type { QueryStatistics } from './queryRuntime';

export interface QueryOutcome {
  result: unknown[];
  warnings: QueryWarning[];
  stats: QueryStatistics;
  peakMemoryUsage: number;
  /** Phase timings in seconds, as arangod's `extra.profile`, when `profile` was requested. */
  profile?: Record<string, number>;
  /** With `profile: 2`: the plan that ran (`extra.plan`) and its nodes' counts (`extra.stats.nodes`). */
  plan?: Record<string, unknown>;
  nodes?: NodeStatistics[];
}

const NEVER_ABORTED = new AbortController().signal;

interface PreparedQuery {
  plan: PlannedQuery;
  width: number;
  modificationQuery: boolean;
  /** The plan as explain prints it. */
  planJson: () => Record<string, unknown>;
  cacheable: boolean;
  rules: { executed: number; skipped: number };
  timings: { parsing: number; instantiatingPlan: number };
}

/** The optimizer rules the sandbox has (only use-indexes changes its plans). */
const SANDBOX_RULES = ['use-indexes'] as const;

/** Whether `use-indexes` stays on after `optimizer.rules` (`-all`, `+all`, `-use-indexes`, `+use-indexes`, in order). */
function indexesEnabled(rules: readonly string[] | undefined): boolean {
  let enabled = true;
  for (const rule of rules ?? []) {
    if (rule === '-all' || rule === '-use-indexes') {
      enabled = false;
    } else if (rule === '+all' || rule === '+use-indexes') {
      enabled = true;
    }
  }
  return enabled;
}

function prepare(database: Database, request: QueryRequest, runtime: QueryRuntime, profiler?: QueryProfiler): PreparedQuery {
  const started = performance.now();
  const parsed = parseQuery(request.query, { collectionExists: (name) => database.collection(name) !== undefined });
  const bound = bindParameters(parsed.body, parsed.declaredParameters, request.bindVars, database);
  const modificationQuery = checkModificationAccess(parsed.body, bound);
  const parsedAt = performance.now();
  const useIndexes = indexesEnabled(request.optimizerRules);
  const settings = profiler === undefined ? { variableCount: parsed.variableCount, useIndexes } : { variableCount: parsed.variableCount, useIndexes, profiler };
  const planner = new QueryPlanner(new ExpressionCompiler(runtime, bound), runtime, bound, request.fullCount === true, settings);
  const plan = planner.planQuery(parsed.body, true);
  let nonDeterministic = false;
  walkQuery(parsed.body, (expression) => {
    nonDeterministic ||= expression.kind === 'call' && NON_DETERMINISTIC_FUNCTIONS.has(expression.name);
  });
  return {
    plan,
    width: parsed.variableCount,
    modificationQuery,
    planJson: () =>
      planJson({
        nodes: plan.nodes,
        rules: [...planner.rules],
        collections: [...planner.collections].map(([name, type]) => ({ name, type })),
        variables: planner.variables,
        isModificationQuery: modificationQuery,
      }),
    cacheable: !modificationQuery && !nonDeterministic,
    rules: { executed: useIndexes ? SANDBOX_RULES.length : 0, skipped: useIndexes ? 0 : SANDBOX_RULES.length },
    timings: { parsing: (parsedAt - started) / 1000, instantiatingPlan: (performance.now() - parsedAt) / 1000 },
  };
}

/** What `POST /_api/query` tells about a query it parses. */
export interface ParsedQueryFacts {
  collections: string[];
  bindVars: string[];
  ast: AstJson[];
}

/**
 * Parses a query without binding or running it, as `POST /_api/query` does: the collections it
 * names, the bind parameters it declares, and its AST. Throws an ArangoError (1501, 1502, 1203, ...).
 */
export function parseOnly(db: Database, query: string): ParsedQueryFacts {
  const parsed = parseQuery(query, { collectionExists: (name) => db.collection(name) !== undefined });
  const collections = new Set<string>();
  walkQuery(parsed.body, (expression) => {
    if (expression.kind === 'collection') {
      collections.add(expression.name);
    }
  });
  const visitTargets = (statements: readonly Statement[]): void => {
    for (const statement of statements) {
      if (statement.kind === 'subquery') {
        visitTargets(statement.query.statements);
      } else if ('collection' in statement && 'name' in statement.collection) {
        collections.add(statement.collection.name);
      }
    }
  };
  visitTargets(parsed.body.statements);
  return { collections: [...collections], bindVars: [...parsed.declaredParameters], ast: [new AstPrinter().query(parsed.body)] };
}

/** `/_api/explain`'s answer without `error` and `code`. */
export interface Explanation {
  plan: Record<string, unknown>;
  cacheable: boolean;
  warnings: QueryWarning[];
  stats: { rulesExecuted: number; rulesSkipped: number; plansCreated: number; rules: Record<string, never>; peakMemoryUsage: number; executionTime: number };
}

/**
 * Plans a query without running it, as `/_api/explain` answers: the sandbox's one plan (it
 * creates no alternatives), with the same errors as running it would raise before executing.
 */
export function explainQuery(db: Database, request: QueryRequest): Explanation {
  const started = performance.now();
  const runtime = new QueryRuntime(db, NEVER_ABORTED, 0, 0);
  const prepared = prepare(db, request, runtime);
  const plan = prepared.planJson();
  return {
    plan,
    cacheable: prepared.cacheable,
    warnings: runtime.warnings,
    stats: {
      rulesExecuted: prepared.rules.executed,
      rulesSkipped: prepared.rules.skipped,
      plansCreated: 1,
      rules: {},
      peakMemoryUsage: 0,
      executionTime: (performance.now() - started) / 1000,
    },
  };
}

/** What checking a query tells about it. */
export interface CheckedQuery {
  /** It writes (INSERT, UPDATE, REPLACE, REMOVE anywhere in it). */
  modificationQuery: boolean;
}

/**
 * Parses and validates a query without running it: syntax (1501, 1502), bind parameters
 * (1551/1552/1553), unknown collections (1203), unknown functions (1540), argument counts
 * (1541), features outside the sandbox's subset (501). Throws an ArangoError.
 */
export function checkQuery(db: Database, request: QueryRequest): CheckedQuery {
  return { modificationQuery: prepare(db, request, new QueryRuntime(db, NEVER_ABORTED, 0, 0)).modificationQuery };
}

function killReason(signal: AbortSignal): ArangoError {
  const reason: unknown = signal.reason;
  return reason instanceof ArangoError ? reason : queryKilled();
}

/**
 * Runs a query. Rejects with an ArangoError; when `signal` aborts, with `signal.reason` if that
 * is an ArangoError, otherwise with 410/1500 `query killed`. A failed or killed query's writes
 * are rolled back.
 */
export async function runQuery(db: Database, request: QueryRequest, signal: AbortSignal): Promise<QueryOutcome> {
  const started = performance.now();
  if (signal.aborted) {
    throw killReason(signal);
  }
  const runtime = new QueryRuntime(db, signal, request.memoryLimit ?? 0, request.maxRuntime ?? 0);
  const profileLevel = request.profile === true ? 1 : typeof request.profile === 'number' ? request.profile : 0;
  const profiler = profileLevel >= 2 ? new QueryProfiler() : undefined;
  const prepared = prepare(db, request, runtime, profiler);
  const executionStarted = performance.now();
  const instance = prepared.plan.instantiate(new Array<unknown>(prepared.width).fill(null));
  try {
    await instance.start.push([new Array<unknown>(prepared.width).fill(null)]);
    await instance.start.finish();
  } catch (error) {
    runtime.rollback();
    if (signal.aborted || error instanceof QueryAborted) {
      throw killReason(signal);
    }
    throw error;
  }
  const executed = performance.now();
  const result = instance.returned?.results ?? [];
  const stats: QueryStatistics = { ...runtime.stats };
  delete stats.fullCount;
  if (request.fullCount === true) {
    stats.fullCount = runtime.stats.fullCount ?? result.length;
  }
  const outcome: QueryOutcome = {
    result,
    warnings: runtime.warnings,
    stats,
    peakMemoryUsage: reportedPeak(runtime.peakMemory),
  };
  if (profiler !== undefined) {
    outcome.plan = prepared.planJson();
    outcome.nodes = profiler.statistics(prepared.plan.nodes);
  }
  if (profileLevel > 0) {
    const finished = performance.now();
    outcome.profile = {
      initializing: 0.000001,
      parsing: prepared.timings.parsing,
      'optimizing ast': 0.000001,
      'loading collections': 0.000001,
      'instantiating plan': prepared.timings.instantiatingPlan,
      'optimizing plan': 0.000001,
      'instantiating executors': Math.max(0.000001, (executionStarted - started) / 1000 - prepared.timings.parsing - prepared.timings.instantiatingPlan),
      executing: (executed - executionStarted) / 1000,
      finalizing: (finished - executed) / 1000,
    };
  }
  return outcome;
}
