/**
 * COLLECT (CollectNode): groups rows by the group expressions, with `INTO`, `WITH COUNT INTO`
 * and `AGGREGATE`. Groups come out sorted by their group values, as arangod's sorted COLLECT
 * (and the SORT the optimizer adds after a hash COLLECT) produce them. Without group
 * expressions there is exactly one output row, even for no input.
 */
import { setMember } from '../../data/jsonValues';
import { distinct, sortValues, variance } from '../functions/arrayFunctions';
import type { Row } from '../expressionCompiler';
import { estimateValueBytes, SLOT_BYTES } from '../memory';
import { executionError, type PlanNode, type QueryRuntime } from '../queryRuntime';
import { compareValues, equalityKey, numberOrNull } from '../values';
import { evaluateRows, type CompiledExpression } from './rowStages';
import { BLOCK_SIZE, type Stage } from './stage';

/** Accumulates one AGGREGATE expression over the rows of a group (arangod's Aggregator). */
export interface Aggregator {
  add(value: unknown): void;
  result(): unknown;
}

export type AggregatorFactory = () => Aggregator;

function numbersAggregator(finish: (numbers: number[]) => unknown): AggregatorFactory {
  return () => {
    const numbers: number[] = [];
    let invalid = false;
    return {
      add(value) {
        if (value === null) {
          return;
        }
        if (typeof value === 'number') {
          numbers.push(value);
        } else {
          invalid = true;
        }
      },
      result: () => (invalid ? null : finish(numbers)),
    };
  };
}

function varianceAggregator(sample: boolean, root: boolean): AggregatorFactory {
  return () => {
    const values: unknown[] = [];
    return {
      add: (value) => values.push(value),
      result() {
        const outcome = variance(values);
        if (outcome === undefined) {
          return null;
        }
        const divisor = sample ? outcome.count - 1 : outcome.count;
        if (divisor < 1) {
          return null;
        }
        const value = outcome.sum / divisor;
        return numberOrNull(root ? Math.sqrt(value) : value);
      },
    };
  };
}

/** The aggregate functions of `COLLECT ... AGGREGATE`, by canonical name. */
export const AGGREGATORS: Readonly<Record<string, AggregatorFactory>> = {
  LENGTH: () => {
    let count = 0;
    return { add: () => (count += 1), result: () => count };
  },
  MIN: () => {
    let min: unknown = undefined;
    return {
      add(value) {
        if (value !== null && (min === undefined || compareValues(value, min) < 0)) {
          min = value;
        }
      },
      result: () => min ?? null,
    };
  },
  MAX: () => {
    let max: unknown = undefined;
    return {
      add(value) {
        if (max === undefined || compareValues(value, max) > 0) {
          max = value;
        }
      },
      result: () => max ?? null,
    };
  },
  SUM: numbersAggregator((numbers) => numberOrNull(numbers.reduce((sum, value) => sum + value, 0))),
  AVERAGE: numbersAggregator((numbers) => (numbers.length === 0 ? null : numberOrNull(numbers.reduce((sum, value) => sum + value, 0) / numbers.length))),
  VARIANCE_POPULATION: varianceAggregator(false, false),
  VARIANCE_SAMPLE: varianceAggregator(true, false),
  STDDEV_POPULATION: varianceAggregator(false, true),
  STDDEV_SAMPLE: varianceAggregator(true, true),
  UNIQUE: () => {
    const values: unknown[] = [];
    return { add: (value) => (value === null ? undefined : values.push(value)), result: () => distinct(values) };
  },
  SORTED_UNIQUE: () => {
    const values: unknown[] = [];
    return { add: (value) => (value === null ? undefined : values.push(value)), result: () => sortValues(distinct(values)) };
  },
  COUNT_DISTINCT: () => {
    const keys = new Set<string>();
    return { add: (value) => (value === null ? undefined : keys.add(equalityKey(value))), result: () => keys.size };
  },
  PUSH: () => {
    const values: unknown[] = [];
    return { add: (value) => values.push(value), result: () => values };
  },
};

export interface CollectSpec {
  groups: { slot: number; expression: CompiledExpression }[];
  aggregates: { slot: number; create: AggregatorFactory; argument: CompiledExpression | undefined }[];
  into?: { slot: number; expression?: CompiledExpression; variables: { name: string; slot: number }[] };
  countSlot?: number;
}

interface Group {
  values: unknown[];
  aggregators: Aggregator[];
  into: unknown[];
  count: number;
}

export class CollectStage implements Stage {
  private readonly groups = new Map<string, Group>();
  private base: Row | undefined;
  private heldBytes = 0;

  constructor(
    private readonly runtime: QueryRuntime,
    private readonly calculationNode: PlanNode,
    private readonly node: PlanNode,
    private readonly spec: CollectSpec,
    private readonly initialRow: Row,
    private readonly downstream: Stage,
  ) {}

  /** Evaluates one expression for all rows of a block. */
  private async column(rows: Row[], expression: CompiledExpression): Promise<unknown[]> {
    const values: unknown[] = [];
    await evaluateRows(rows, expression, this.calculationNode, this.runtime, (_row, value) => values.push(value));
    return values;
  }

  async push(rows: Row[]): Promise<boolean> {
    this.base ??= rows[0];
    const groupColumns: unknown[][] = [];
    for (const group of this.spec.groups) {
      groupColumns.push(await this.column(rows, group.expression));
    }
    const aggregateColumns: (unknown[] | undefined)[] = [];
    for (const aggregate of this.spec.aggregates) {
      aggregateColumns.push(aggregate.argument === undefined ? undefined : await this.column(rows, aggregate.argument));
    }
    const intoSpec = this.spec.into;
    const intoColumn = intoSpec?.expression === undefined ? undefined : await this.column(rows, intoSpec.expression);
    let bytes = 0;
    for (let r = 0; r < rows.length; r += 1) {
      const values = groupColumns.map((column) => column[r]);
      const key = values.map(equalityKey).join('|');
      let group = this.groups.get(key);
      if (group === undefined) {
        group = { values, aggregators: this.spec.aggregates.map((aggregate) => aggregate.create()), into: [], count: 0 };
        this.groups.set(key, group);
        bytes += SLOT_BYTES * (values.length + group.aggregators.length + 2) + estimateValueBytes(values, 1);
      }
      group.count += 1;
      group.aggregators.forEach((aggregator, a) => aggregator.add(aggregateColumns[a]?.[r] ?? null));
      if (intoSpec !== undefined) {
        const member = intoColumn !== undefined ? intoColumn[r] : this.rowObject(rows[r]!, intoSpec.variables);
        group.into.push(member);
        bytes += SLOT_BYTES + estimateValueBytes(member, 1);
      }
    }
    this.heldBytes += bytes;
    this.runtime.allocate(bytes, this.node);
    return true;
  }

  /** `INTO g` without an expression: the group gets an object of the visible variables. */
  private rowObject(row: Row, variables: { name: string; slot: number }[]): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (const variable of variables) {
      setMember(object, variable.name, row[variable.slot] ?? null);
    }
    return object;
  }

  async finish(): Promise<void> {
    const groups = [...this.groups.values()];
    if (groups.length === 0 && this.spec.groups.length === 0) {
      groups.push({ values: [], aggregators: this.spec.aggregates.map((aggregate) => aggregate.create()), into: [], count: 0 });
    }
    groups.sort((a, b) => compareValues(a.values, b.values));
    const base = this.base ?? this.initialRow;
    try {
      for (let start = 0; start < groups.length; start += BLOCK_SIZE) {
        const block = groups.slice(start, start + BLOCK_SIZE).map((group) => this.outputRow(base, group));
        if (!(await this.downstream.push(block))) {
          break;
        }
        await this.runtime.checkpoint(this.node);
      }
    } catch (error) {
      throw executionError(error, this.node);
    }
    this.runtime.release(this.heldBytes);
    await this.downstream.finish();
  }

  private outputRow(base: Row, group: Group): Row {
    const row = base.slice();
    this.spec.groups.forEach((spec, g) => {
      row[spec.slot] = group.values[g];
    });
    this.spec.aggregates.forEach((spec, a) => {
      row[spec.slot] = group.aggregators[a]!.result();
    });
    if (this.spec.into !== undefined) {
      row[this.spec.into.slot] = group.into;
    }
    if (this.spec.countSlot !== undefined) {
      row[this.spec.countSlot] = group.count;
    }
    return row;
  }
}
