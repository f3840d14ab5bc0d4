/**
 * The ends of a chain: RETURN (ReturnNode, collecting the result, optionally DISTINCT) and the
 * end of a query whose last statement is a modification (nothing to collect).
 */
import type { Row } from '../expressionCompiler';
import { estimateValueBytes, SLOT_BYTES } from '../memory';
import { executionError, type PlanNode, type QueryRuntime } from '../queryRuntime';
import { cloneValue, equalityKey } from '../values';
import { evaluateRows, type CompiledExpression } from './rowStages';
import type { Stage } from './stage';

export class ReturnStage implements Stage {
  readonly results: unknown[] = [];
  private readonly seen: Set<string> | undefined;
  heldBytes = 0;

  /**
   * @param isolate copy every value (the top-level result must not share objects with the
   * store); subquery results stay internal and need no copies.
   */
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly calculationNode: PlanNode,
    private readonly node: PlanNode,
    private readonly expression: CompiledExpression,
    distinct: boolean,
    private readonly isolate: boolean,
  ) {
    this.seen = distinct ? new Set() : undefined;
  }

  async push(rows: Row[]): Promise<boolean> {
    let bytes = 0;
    const collect = (value: unknown): void => {
      const result = value === undefined ? null : value;
      if (this.seen !== undefined) {
        const key = equalityKey(result);
        if (this.seen.has(key)) {
          return;
        }
        this.seen.add(key);
      }
      this.results.push(this.isolate ? cloneValue(result) : result);
      bytes += SLOT_BYTES + estimateValueBytes(result);
    };
    if ('sync' in this.expression && this.seen === undefined && !this.isolate) {
      // The common case, kept free of per-row closures: a million rows go through here.
      const evaluate = this.expression.sync;
      try {
        for (const row of rows) {
          const value = evaluate(row);
          this.results.push(value === undefined ? null : value);
          bytes += SLOT_BYTES + estimateValueBytes(value);
        }
      } catch (error) {
        throw executionError(error, this.calculationNode);
      }
    } else {
      await evaluateRows(rows, this.expression, this.calculationNode, this.runtime, (_row, value) => collect(value));
    }
    this.heldBytes += bytes;
    this.runtime.allocate(bytes, this.node);
    return true;
  }

  finish(): Promise<void> {
    return Promise.resolve();
  }
}

/** The end of a chain whose final statement writes: rows stop here. */
export class DiscardStage implements Stage {
  push(): Promise<boolean> {
    return Promise.resolve(true);
  }

  finish(): Promise<void> {
    return Promise.resolve();
  }
}
