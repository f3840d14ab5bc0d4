/**
 * Stages that work row by row: LET (CalculationNode), FILTER (FilterNode) and subqueries
 * (SubqueryNode: runs a fresh instance of the subquery's chain for every row).
 */
import type { Evaluate, EvaluateAsync, Row } from '../expressionCompiler';
import { executionError, type PlanNode, type QueryRuntime } from '../queryRuntime';
import { isTruthy } from '../values';
import type { Stage } from './stage';

/** An expression compiled either way: synchronous unless it waits (SLEEP). */
export type CompiledExpression = { sync: Evaluate } | { async: EvaluateAsync };

export async function evaluateRows(rows: Row[], expression: CompiledExpression, node: PlanNode, runtime: QueryRuntime, consume: (row: Row, value: unknown) => void): Promise<void> {
  try {
    if ('sync' in expression) {
      const evaluate = expression.sync;
      for (const row of rows) {
        consume(row, evaluate(row));
      }
      return;
    }
    for (const row of rows) {
      consume(row, await expression.async(row));
      runtime.checkAlive(node);
    }
  } catch (error) {
    throw executionError(error, node);
  }
}

export class CalculationStage implements Stage {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly node: PlanNode,
    private readonly expression: CompiledExpression,
    private readonly slot: number,
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    const slot = this.slot;
    await evaluateRows(rows, this.expression, this.node, this.runtime, (row, value) => {
      row[slot] = value;
    });
    return this.downstream.push(rows);
  }

  finish(): Promise<void> {
    return this.downstream.finish();
  }

  demand(): number | undefined {
    return this.downstream.demand?.();
  }
}

export class FilterStage implements Stage {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly node: PlanNode,
    private readonly condition: CompiledExpression,
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    const kept: Row[] = [];
    await evaluateRows(rows, this.condition, this.node, this.runtime, (row, value) => {
      if (isTruthy(value)) {
        kept.push(row);
      } else {
        this.runtime.stats.filtered += 1;
      }
    });
    return kept.length === 0 ? true : this.downstream.push(kept);
  }

  finish(): Promise<void> {
    return this.downstream.finish();
  }
}

/** A subquery's chain, made anew for each outer row; `results` fills as it runs. */
export interface SubqueryInstance {
  start: Stage;
  results: unknown[];
  /** Memory its results are accounted with, released once the result is stored. */
  bytes(): number;
}

export class SubqueryStage implements Stage {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly node: PlanNode,
    private readonly instantiate: (initialRow: Row) => SubqueryInstance,
    private readonly slot: number,
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    try {
      for (const row of rows) {
        const initialRow = row.slice();
        const subquery = this.instantiate(initialRow);
        await subquery.start.push([initialRow]);
        await subquery.start.finish();
        row[this.slot] = subquery.results;
        this.runtime.release(subquery.bytes());
      }
    } catch (error) {
      throw executionError(error, this.node);
    }
    return this.downstream.push(rows);
  }

  finish(): Promise<void> {
    return this.downstream.finish();
  }

  demand(): number | undefined {
    return this.downstream.demand?.();
  }
}
