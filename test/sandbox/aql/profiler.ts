/**
 * Per-node statistics of a query run with `profile: 2` (arangod's `extra.stats.nodes`): the
 * stages of the chain are wrapped, so calls (blocks taken or handed on, whichever are more: a
 * scan reading 2000 documents for one incoming row makes two blocks, as arangod's executor is
 * called twice), items (rows handed on), filtered and
 * times are counted as the rows really go through. A node's `runtime` is, as in arangod, its own
 * time plus that of the nodes it depends on; `fetching` is the part spent in those.
 *
 * A CalculationNode whose expression the next node's stage evaluates (a FILTER's condition, a
 * RETURN's value, SORT keys, ...) counts the rows it computed; its time counts in that stage.
 */
import { dependencyMap, type DescribedNode } from './explain/planDescription';
import type { Row } from './expressionCompiler';
import type { PlanNode } from './queryRuntime';
import type { Stage } from './stages/stage';

interface Counters {
  calls: number;
  /** Blocks handed on. */
  outputs: number;
  input: number;
  items: number;
  /** Milliseconds in the stage, its downstream included. */
  inclusive: number;
  /** Milliseconds in the stages after it. */
  downstream: number;
}

/** One entry of `extra.stats.nodes`. */
export interface NodeStatistics {
  id: number;
  calls: number;
  parallel: number;
  items: number;
  filtered: number;
  runtime: number;
  fetching: number;
}

export class QueryProfiler {
  private readonly counters = new Map<number, Counters>();
  private readonly types = new Map<number, string>();

  private of(node: PlanNode): Counters {
    let counters = this.counters.get(node.id);
    if (counters === undefined) {
      counters = { calls: 0, outputs: 0, input: 0, items: 0, inclusive: 0, downstream: 0 };
      this.counters.set(node.id, counters);
      this.types.set(node.id, node.type);
    }
    return counters;
  }

  /** A chain starts: its SingletonNode hands on one row. */
  singleton(node: PlanNode): void {
    const counters = this.of(node);
    counters.calls += 1;
    counters.items += 1;
  }

  /**
   * Wraps the stage of one statement: `nodes` are its CalculationNodes and, last, its own node.
   * `terminal`: the stage hands nothing on (RETURN), so its items are the rows it takes.
   */
  wrap(nodes: readonly PlanNode[], stage: Stage, terminal: boolean): Stage {
    const main = nodes[nodes.length - 1];
    if (main === undefined) {
      return stage;
    }
    const all = nodes.map((node) => this.of(node));
    const own = all[all.length - 1]!;
    const timed = async <T>(action: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await action();
      } finally {
        own.inclusive += performance.now() - started;
      }
    };
    const wrapped: Stage = {
      push: (rows: Row[]) => {
        all.forEach((counters, index) => {
          counters.calls += 1;
          counters.input += rows.length;
          if (index < all.length - 1 || terminal) {
            counters.items += rows.length;
          }
        });
        return timed(() => stage.push(rows));
      },
      finish: () => timed(() => stage.finish()),
    };
    if (stage.demand !== undefined) {
      wrapped.demand = () => stage.demand?.();
    }
    return wrapped;
  }

  /** Wraps what a statement's stage hands its rows to: counts them as the node's items. */
  output(node: PlanNode, downstream: Stage): Stage {
    const counters = this.of(node);
    const timed = async <T>(action: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await action();
      } finally {
        counters.downstream += performance.now() - started;
      }
    };
    return {
      push: (rows: Row[]) => {
        counters.items += rows.length;
        counters.outputs += 1;
        return timed(() => downstream.push(rows));
      },
      finish: () => timed(() => downstream.finish()),
      demand: () => downstream.demand?.(),
    };
  }

  /** `extra.stats.nodes`, ordered by id as arangod lists them. */
  statistics(plan: readonly DescribedNode[]): NodeStatistics[] {
    const dependencies = dependencyMap(plan);
    const cumulative = new Map<number, number>();
    const runtimeOf = (id: number | undefined): number => {
      if (id === undefined) {
        return 0;
      }
      const known = cumulative.get(id);
      if (known !== undefined) {
        return known;
      }
      const counters = this.counters.get(id);
      const self = counters === undefined ? 0 : Math.max(0, counters.inclusive - counters.downstream) / 1000;
      const total = self + runtimeOf(dependencies.get(id));
      cumulative.set(id, total);
      return total;
    };
    return [...dependencies.keys()]
      .sort((a, b) => a - b)
      .map((id) => {
        const counters = this.counters.get(id) ?? { calls: 0, outputs: 0, input: 0, items: 0, inclusive: 0, downstream: 0 };
        return {
          id,
          calls: Math.max(counters.calls, counters.outputs),
          parallel: 0,
          items: counters.items,
          filtered: this.types.get(id) === 'FilterNode' ? counters.input - counters.items : 0,
          runtime: runtimeOf(id),
          fetching: runtimeOf(dependencies.get(id)),
        };
      });
  }
}
