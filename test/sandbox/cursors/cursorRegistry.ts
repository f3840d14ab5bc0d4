/**
 * The cursors of one coordinator: a query result handed out batch by batch
 * (`POST /_api/cursor/{id}/{batchId}`), alive for `ttl` seconds after its last access.
 */
import type { Principal } from '../server/messages';

export interface Batch {
  result: unknown[];
  hasMore: boolean;
  /** The id a client asks for to get the batch after this one (only when `hasMore`). */
  nextBatchId?: string;
}

export interface CursorOptions {
  id: string;
  principal: Principal;
  database: string;
  /** Everything the query returned. */
  rows: unknown[];
  batchSize: number;
  ttlSeconds: number;
  /** `allowRetry`: the last batch stays fetchable again until the cursor expires or is deleted. */
  allowRetry: boolean;
  count?: number;
  extra: unknown;
  /** A streaming query's cursor: its `extra` (statistics, warnings) comes with the last batch only. */
  stream?: boolean;
}

export class Cursor {
  readonly id: string;
  readonly user: string;
  readonly database: string;
  readonly count: number | undefined;
  readonly extra: unknown;
  readonly stream: boolean;
  private readonly rows: unknown[];
  private readonly batchSize: number;
  private readonly ttlMs: number;
  readonly allowRetry: boolean;
  /** Rows already handed out, up to the end of the current batch. */
  private position = 0;
  /** The id of the batch sent last (the first batch is "1"). */
  private currentBatchId = 0;
  private currentBatch: Batch | undefined;
  lastAccess: number;

  constructor(options: CursorOptions, now: number) {
    this.id = options.id;
    this.user = options.principal.user;
    this.database = options.database;
    this.rows = options.rows;
    this.batchSize = options.batchSize;
    this.ttlMs = options.ttlSeconds * 1000;
    this.allowRetry = options.allowRetry;
    this.count = options.count;
    this.extra = options.extra;
    this.stream = options.stream ?? false;
    this.lastAccess = now;
  }

  expired(now: number): boolean {
    return now - this.lastAccess > this.ttlMs;
  }

  /** Hands out the next batch. */
  nextBatch(): Batch {
    const result = this.rows.slice(this.position, this.position + this.batchSize);
    this.position += result.length;
    this.currentBatchId += 1;
    const hasMore = this.position < this.rows.length;
    this.currentBatch = hasMore ? { result, hasMore, nextBatchId: String(this.currentBatchId + 1) } : { result, hasMore };
    return this.currentBatch;
  }

  /**
   * The batch with this id: the next one, or the one sent last again (after a lost answer). Any
   * other id is not available.
   */
  batch(batchId: number): Batch | undefined {
    if (batchId === this.currentBatchId + 1) {
      return this.nextBatch();
    }
    if (batchId === this.currentBatchId && this.currentBatch !== undefined) {
      return this.currentBatch;
    }
    return undefined;
  }

  get exhausted(): boolean {
    return this.position >= this.rows.length;
  }
}

export class CursorRegistry {
  private readonly cursors = new Map<string, Cursor>();

  constructor(private readonly now: () => number = Date.now) {}

  create(options: CursorOptions): Cursor {
    const cursor = new Cursor(options, this.now());
    this.cursors.set(cursor.id, cursor);
    return cursor;
  }

  /** The live cursor with this id that the principal owns; touching it restarts its ttl. */
  use(id: string, principal: Principal): Cursor | undefined {
    const cursor = this.cursors.get(id);
    if (cursor === undefined) {
      return undefined;
    }
    const now = this.now();
    if (cursor.expired(now)) {
      this.cursors.delete(id);
      return undefined;
    }
    if (!principal.superuser && cursor.user !== principal.user) {
      return undefined;
    }
    cursor.lastAccess = now;
    return cursor;
  }

  remove(id: string): void {
    this.cursors.delete(id);
  }

  /** Drops expired cursors (also done lazily on access). */
  sweep(): void {
    const now = this.now();
    for (const [id, cursor] of this.cursors) {
      if (cursor.expired(now)) {
        this.cursors.delete(id);
      }
    }
  }

  get size(): number {
    return this.cursors.size;
  }

  clear(): void {
    this.cursors.clear();
  }
}
