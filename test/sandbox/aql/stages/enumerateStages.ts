/**
 * FOR loops: over a collection (EnumerateCollectionNode, a full scan of a snapshot taken when
 * the loop starts) and over an array or range (EnumerateListNode; a literal `a..b` range is
 * counted through without building the array).
 */
import { ArangoError, ErrorNum } from '../../errors';
import { collectionNotFoundInQuery } from '../aqlErrors';
import { valueTypeString, type Evaluate, type Row } from '../expressionCompiler';
import { toInteger } from '../functions/functionContext';
import { executionError, type PlanNode, type QueryRuntime } from '../queryRuntime';
import { toNumber } from '../values';
import { BLOCK_SIZE, type Stage } from './stage';

/** Collects rows into blocks and hands full blocks downstream. */
class BlockWriter {
  private block: Row[] = [];
  private limit = BLOCK_SIZE;
  stopped = false;

  constructor(
    private readonly downstream: Stage,
    private readonly runtime: QueryRuntime,
    private readonly node: PlanNode,
  ) {}

  private capacity(): number {
    const demand = this.downstream.demand?.();
    return demand === undefined ? BLOCK_SIZE : Math.max(1, Math.min(BLOCK_SIZE, demand));
  }

  /** Adds a row; resolves to false once downstream wants no more. */
  add(row: Row): Promise<boolean> | boolean {
    if (this.block.length === 0) {
      this.limit = this.capacity();
    }
    this.block.push(row);
    return this.block.length < this.limit ? true : this.flush(true);
  }

  async flush(checkpoint = false): Promise<boolean> {
    if (this.block.length === 0) {
      return !this.stopped;
    }
    const block = this.block;
    this.block = [];
    const more = await this.downstream.push(block);
    if (!more) {
      this.stopped = true;
    }
    if (checkpoint) {
      await this.runtime.checkpoint(this.node);
    }
    return more;
  }
}

export class EnumerateCollectionStage implements Stage {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly node: PlanNode,
    private readonly collectionName: string,
    private readonly slot: number,
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    const writer = new BlockWriter(this.downstream, this.runtime, this.node);
    try {
      for (const row of rows) {
        const collection = this.runtime.database.collection(this.collectionName);
        if (collection === undefined) {
          throw collectionNotFoundInQuery(this.collectionName);
        }
        for (const document of collection.snapshot()) {
          this.runtime.stats.scannedFull += 1;
          const added = emit(writer, row, this.slot, document);
          if (added !== true && !(await added)) {
            return false;
          }
        }
      }
      return await writer.flush();
    } catch (error) {
      throw executionError(error, this.node);
    }
  }

  finish(): Promise<void> {
    return this.downstream.finish();
  }
}

/** Hands on a copy of `row` with `value` in `slot`; false (maybe later) once downstream wants no more. */
function emit(writer: BlockWriter, row: Row, slot: number, value: unknown): Promise<boolean> | boolean {
  const next = row.slice();
  next[slot] = value;
  return writer.add(next);
}

/** Where the values of an EnumerateListNode come from: an expression, or the bounds of a literal range. */
export type ListSource = { values: Evaluate } | { from: Evaluate; to: Evaluate };

export class EnumerateListStage implements Stage {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly calculationNode: PlanNode,
    private readonly node: PlanNode,
    private readonly source: ListSource,
    private readonly slot: number,
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    const writer = new BlockWriter(this.downstream, this.runtime, this.node);
    try {
      for (const row of rows) {
        const more = 'values' in this.source ? await this.enumerateValues(row, writer) : await this.enumerateRange(row, writer);
        if (!more) {
          return false;
        }
      }
      return await writer.flush();
    } catch (error) {
      throw executionError(error, this.node);
    }
  }

  private async enumerateValues(row: Row, writer: BlockWriter): Promise<boolean> {
    let values: unknown;
    try {
      values = (this.source as { values: Evaluate }).values(row);
    } catch (error) {
      throw executionError(error, this.calculationNode);
    }
    if (!Array.isArray(values)) {
      throw new ArangoError(
        400,
        ErrorNum.QUERY_ARRAY_EXPECTED,
        `collection or array expected as operand to FOR loop; you provided a value of type '${valueTypeString(values)}'`,
      );
    }
    for (const value of values) {
      const added = emit(writer, row, this.slot, value);
      if (added !== true && !(await added)) {
        return false;
      }
    }
    return true;
  }

  private async enumerateRange(row: Row, writer: BlockWriter): Promise<boolean> {
    const { from, to } = this.source as { from: Evaluate; to: Evaluate };
    let low: number;
    let high: number;
    try {
      low = integerBound(from(row));
      high = integerBound(to(row));
    } catch (error) {
      throw executionError(error, this.calculationNode);
    }
    const step = low <= high ? 1 : -1;
    for (let value = low; step > 0 ? value <= high : value >= high; value += step) {
      const added = emit(writer, row, this.slot, value);
      if (added !== true && !(await added)) {
        return false;
      }
    }
    return true;
  }

  finish(): Promise<void> {
    return this.downstream.finish();
  }
}

/** A range bound as arangod reads it (AqlValue::toInt64 of the value cast to a number). */
function integerBound(value: unknown): number {
  return toInteger(toNumber(value));
}

/**
 * A FOR over a collection whose FILTER compares `_key` with a value (IndexNode on the primary
 * index): per incoming row, the key is computed and the one document with it, if any, handed on.
 * `_key` is always a string, so any other value finds nothing, as the FILTER would.
 */
export class PrimaryIndexStage implements Stage {
  constructor(
    private readonly runtime: QueryRuntime,
    private readonly node: PlanNode,
    private readonly collectionName: string,
    private readonly key: Evaluate,
    private readonly slot: number,
    private readonly downstream: Stage,
  ) {}

  async push(rows: Row[]): Promise<boolean> {
    const writer = new BlockWriter(this.downstream, this.runtime, this.node);
    try {
      const collection = this.runtime.database.collection(this.collectionName);
      if (collection === undefined) {
        throw collectionNotFoundInQuery(this.collectionName);
      }
      for (const row of rows) {
        const key = this.key(row);
        const document = typeof key === 'string' ? collection.peek(key) : undefined;
        if (document === undefined) {
          continue;
        }
        this.runtime.stats.scannedIndex += 1;
        const added = emit(writer, row, this.slot, document);
        if (added !== true && !(await added)) {
          return false;
        }
      }
      return await writer.flush();
    } catch (error) {
      throw executionError(error, this.node);
    }
  }

  finish(): Promise<void> {
    return this.downstream.finish();
  }
}
