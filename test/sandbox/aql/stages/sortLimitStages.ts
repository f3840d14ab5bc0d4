/**
 * SORT (SortNode: holds all rows, then emits them in order; stable, so equal rows keep their
 * order) and LIMIT (LimitNode: skips `offset` rows, passes `count`, then tells producers to
 * stop — unless it is the LIMIT whose input `fullCount` reports, which keeps counting).
 */
import type { Row } from '../expressionCompiler';
import { estimateValueBytes, SLOT_BYTES } from '../memory';
import { executionError, type PlanNode, type QueryRuntime } from '../queryRuntime';
import { compareValues } from '../values';
import { evaluateRows, type CompiledExpression } from './rowStages';
import { BLOCK_SIZE, type Stage } from './stage';

interface SortEntry {
  row: Row;
  keys: unknown[];
}

export interface SortKey {
  expression: CompiledExpression;
  ascending: boolean;
}

export class SortStage implements Stage {
  private readonly entries: SortEntry[] = [];
  private heldBytes = 0;

  constructor(
    private readonly runtime: QueryRuntime,
    private readonly calculationNode: PlanNode,
    private readonly node: PlanNode,
    private readonly keys: SortKey[],
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    const fresh = rows.map((row) => ({ row, keys: new Array<unknown>(this.keys.length) }));
    for (let k = 0; k < this.keys.length; k += 1) {
      let index = 0;
      await evaluateRows(rows, this.keys[k]!.expression, this.calculationNode, this.runtime, (_row, value) => {
        fresh[index]!.keys[k] = value;
        index += 1;
      });
    }
    let bytes = 0;
    for (const entry of fresh) {
      this.entries.push(entry);
      bytes += SLOT_BYTES * (entry.row.length + entry.keys.length) + estimateValueBytes(entry.keys, 1);
    }
    this.heldBytes += bytes;
    this.runtime.allocate(bytes, this.node);
    return true;
  }

  async finish(): Promise<void> {
    const directions = this.keys.map((key) => (key.ascending ? 1 : -1));
    this.entries.sort((a, b) => {
      for (let k = 0; k < directions.length; k += 1) {
        const order = compareValues(a.keys[k], b.keys[k]);
        if (order !== 0) {
          return order * directions[k]!;
        }
      }
      return 0;
    });
    try {
      for (let start = 0; start < this.entries.length; start += BLOCK_SIZE) {
        const block = this.entries.slice(start, start + BLOCK_SIZE).map((entry) => entry.row);
        if (!(await this.downstream.push(block))) {
          break;
        }
        await this.runtime.checkpoint(this.node);
      }
    } catch (error) {
      throw executionError(error, this.node);
    }
    this.runtime.release(this.heldBytes);
    this.entries.length = 0;
    await this.downstream.finish();
  }
}

export class LimitStage implements Stage {
  private skipped = 0;
  private passed = 0;
  private seen = 0;

  constructor(
    private readonly runtime: QueryRuntime,
    private readonly offset: number,
    private readonly count: number,
    private readonly reportsFullCount: boolean,
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    this.seen += rows.length;
    let start = 0;
    if (this.skipped < this.offset) {
      start = Math.min(this.offset - this.skipped, rows.length);
      this.skipped += start;
    }
    const room = this.count - this.passed;
    const taken = room > 0 ? rows.slice(start, start + room) : [];
    this.passed += taken.length;
    let more = true;
    if (taken.length > 0) {
      more = await this.downstream.push(taken);
    }
    if (this.reportsFullCount) {
      // fullCount needs every row that reaches this LIMIT counted.
      return true;
    }
    return more && this.passed < this.count;
  }

  demand(): number | undefined {
    return this.reportsFullCount ? undefined : Math.max(0, this.offset - this.skipped) + Math.max(0, this.count - this.passed);
  }

  async finish(): Promise<void> {
    if (this.reportsFullCount) {
      this.runtime.stats.fullCount = this.seen;
    }
    await this.downstream.finish();
  }
}
