/**
 * The executor's building block. A query runs as a chain of stages; rows are pushed downstream
 * in blocks (as arangod's executors pass AqlItemBlocks), so the per-row cost stays a plain
 * function call and awaiting happens once per block.
 */
import type { Row } from '../expressionCompiler';

/** Rows per block a stage hands on (arangod's default block size). */
export const BLOCK_SIZE = 1000;

export interface Stage {
  /**
   * Takes a block of rows. Resolves to false when this stage will never want rows again (a
   * LIMIT is satisfied), so producers upstream can stop.
   */
  push(rows: Row[]): Promise<boolean>;
  /** No more rows will come: flush anything held back, then finish downstream. */
  finish(): Promise<void>;
  /**
   * How many more rows this stage can use at most, when it knows (a LIMIT right below).
   * Producers size their blocks by it, so a scan under `LIMIT 2` reads 2 documents, as in arangod.
   */
  demand?(): number | undefined;
}

/** Makes a fresh stage in front of `downstream` (subqueries instantiate their chain per row). */
export type StageFactory = (downstream: Stage) => Stage;
