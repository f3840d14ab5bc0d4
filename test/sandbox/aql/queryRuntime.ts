/**
 * The state of one running query: statistics, warnings, memory accounting, the kill switches
 * (AbortSignal and maxRuntime), cooperative yielding, and the undo log that rolls back the
 * query's writes when it fails (an AQL query is one transaction).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Collection, Database, StoredDocument } from '../data/store';
import { ArangoError } from '../errors';
import { memoryLimitExceeded, queryKilled } from './aqlErrors';
import type { FunctionContext } from './functions/functionContext';

/** A node of the execution plan, as error messages name it (`[node #3: RemoveNode]`). */
export interface PlanNode {
  readonly id: number;
  readonly type: string;
}

/** Statistics of a query run, as `extra.stats` reports them. */
export interface QueryStatistics {
  writesExecuted: number;
  writesIgnored: number;
  documentLookups: number;
  seeks: number;
  scannedFull: number;
  scannedIndex: number;
  filtered: number;
  /** Only when `fullCount` was requested. */
  fullCount?: number;
}

/** The query was killed through its AbortSignal; `runQuery` turns this into the signal's reason. */
export class QueryAborted extends Error {
  constructor() {
    super('query aborted');
    this.name = 'QueryAborted';
  }
}

/** arangod's default `maxWarningCount`: further warnings are dropped. */
const MAX_WARNINGS = 10;
/** Longest stretch of synchronous work between yields to the event loop. */
const YIELD_INTERVAL_MS = 10;

const wrappedErrors = new WeakSet<ArangoError>();

/**
 * An error raised while executing, worded as arangod 3.12 words it:
 * `AQL: <message> [node #<id>: <type>] (while executing)`.
 */
export function executionError(error: unknown, node: PlanNode): Error {
  if (error instanceof QueryAborted) {
    return error;
  }
  if (error instanceof ArangoError && wrappedErrors.has(error)) {
    return error;
  }
  const original = error instanceof ArangoError ? error : new ArangoError(500, 4, `internal error: ${error instanceof Error ? error.message : String(error)}`);
  const wrapped = new ArangoError(original.httpCode, original.errorNum, `AQL: ${original.message} [node #${node.id}: ${node.type}] (while executing)`);
  wrappedErrors.add(wrapped);
  return wrapped;
}

interface UndoEntry {
  collection: Collection;
  key: string;
  before: StoredDocument | undefined;
}

export class QueryRuntime implements FunctionContext {
  readonly stats: QueryStatistics = {
    writesExecuted: 0,
    writesIgnored: 0,
    documentLookups: 0,
    seeks: 0,
    scannedFull: 0,
    scannedIndex: 0,
    filtered: 0,
  };
  readonly warnings: { code: number; message: string }[] = [];
  private memoryInUse = 0;
  private memoryPeak = 0;
  private lastYield = Date.now();
  private readonly deadline: number | undefined;
  private readonly undoLog: UndoEntry[] = [];

  constructor(
    readonly database: Database,
    private readonly signal: AbortSignal,
    private readonly memoryLimit: number,
    maxRuntimeSeconds: number,
  ) {
    this.deadline = maxRuntimeSeconds > 0 ? Date.now() + maxRuntimeSeconds * 1000 : undefined;
  }

  get peakMemory(): number {
    return this.memoryPeak;
  }

  warn(code: number, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) {
      this.warnings.push({ code, message });
    }
  }

  /** Accounts memory a node holds; over `memoryLimit` this is arangod's 500/32 error. */
  allocate(bytes: number, node: PlanNode): void {
    this.memoryInUse += bytes;
    if (this.memoryInUse > this.memoryPeak) {
      this.memoryPeak = this.memoryInUse;
    }
    if (this.memoryLimit > 0 && this.memoryInUse > this.memoryLimit) {
      throw executionError(memoryLimitExceeded(), node);
    }
  }

  release(bytes: number): void {
    this.memoryInUse = Math.max(0, this.memoryInUse - bytes);
  }

  /** Throws when the query has been killed or has run past `maxRuntime`. */
  checkAlive(node: PlanNode): void {
    if (this.signal.aborted) {
      throw new QueryAborted();
    }
    if (this.deadline !== undefined && Date.now() >= this.deadline) {
      throw executionError(queryKilled(), node);
    }
  }

  /** Lets other requests run when this query has worked for a while; then checks for a kill. */
  async checkpoint(node: PlanNode): Promise<void> {
    const now = Date.now();
    if (now - this.lastYield >= YIELD_INTERVAL_MS) {
      await yieldToEventLoop();
      this.lastYield = Date.now();
    }
    this.checkAlive(node);
  }

  /** SLEEP(seconds): waits on a timer, ended early by a kill or by maxRuntime. */
  sleep(seconds: number, node: PlanNode): Promise<null> {
    this.checkAlive(node);
    const wanted = Math.max(0, seconds * 1000);
    const untilDeadline = this.deadline === undefined ? Number.POSITIVE_INFINITY : this.deadline - Date.now();
    return new Promise<null>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(new QueryAborted());
      };
      const timer = setTimeout(() => {
        this.signal.removeEventListener('abort', onAbort);
        this.lastYield = Date.now();
        if (untilDeadline < wanted) {
          reject(executionError(queryKilled(), node));
        } else {
          resolve(null);
        }
      }, Math.min(wanted, untilDeadline));
      this.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Remembers a document's state before this query wrote it, for `rollback`. */
  recordWrite(collection: Collection, key: string, before: StoredDocument | undefined): void {
    this.undoLog.push({ collection, key, before });
  }

  /** Undoes this query's writes, newest first. */
  rollback(): void {
    for (let i = this.undoLog.length - 1; i >= 0; i -= 1) {
      const entry = this.undoLog[i]!;
      entry.collection.restoreOwned(entry.key, entry.before);
    }
    this.undoLog.length = 0;
  }
}
