/**
 * The cursor API's bodies with 3.12.10's keys in 3.12.10's order, as the golden transcripts show
 * them (RestCursorCreateCursorForLimitReturn*, RestCursorForLimitReturnCont).
 */
import type { QueryOutcome } from '../aql';
import type { Batch, Cursor } from './cursorRegistry';

/** `extra` of a cursor answer: warnings, the 3.12.10 statistics, and the profile when asked. */
export interface CursorExtra {
  warnings: { code: number; message: string }[];
  stats: Record<string, unknown>;
  plan?: Record<string, unknown>;
  profile?: Record<string, number>;
}

export function cursorExtra(outcome: QueryOutcome, executionTimeSeconds: number, reportFullCount: boolean): CursorExtra {
  const { stats } = outcome;
  const ordered: Record<string, unknown> = {
    writesExecuted: stats.writesExecuted,
    writesIgnored: stats.writesIgnored,
    documentLookups: stats.documentLookups,
    seeks: stats.seeks,
    scannedFull: stats.scannedFull,
    scannedIndex: stats.scannedIndex,
    searchParallelism: 1,
    cursorsCreated: 0,
    cursorsRearmed: 0,
    cacheHits: 0,
    cacheMisses: 0,
    filtered: stats.filtered,
    httpRequests: 0,
  };
  if (reportFullCount) {
    ordered['fullCount'] = stats.fullCount ?? outcome.result.length;
  }
  ordered['executionTime'] = executionTimeSeconds;
  ordered['peakMemoryUsage'] = outcome.peakMemoryUsage;
  ordered['intermediateCommits'] = 0;
  if (outcome.nodes !== undefined) {
    ordered['nodes'] = outcome.nodes;
  }
  const extra: CursorExtra = { warnings: outcome.warnings, stats: ordered };
  if (outcome.plan !== undefined) {
    extra.plan = outcome.plan;
  }
  if (outcome.profile !== undefined) {
    extra.profile = outcome.profile;
  }
  return extra;
}

/** A result that fits one batch: no cursor, no `id`, no `nextBatchId`. */
export function singleBatchBody(result: unknown[], count: number | undefined, extra: CursorExtra): Record<string, unknown> {
  const body: Record<string, unknown> = { result, hasMore: false };
  if (count !== undefined) {
    body['count'] = count;
  }
  body['cached'] = false;
  body['extra'] = extra;
  body['error'] = false;
  body['code'] = 201;
  return body;
}

/**
 * A batch of a cursor: `id`, `count` and `extra` come with every batch, `nextBatchId` while there
 * are more. A streaming query has no `count`, and its `extra` comes with the last batch only (the
 * `stream` option in the HTTP API docs).
 */
export function cursorBatchBody(cursor: Cursor, batch: Batch, code: 200 | 201): Record<string, unknown> {
  const body: Record<string, unknown> = { result: batch.result, hasMore: batch.hasMore, id: cursor.id };
  if (cursor.count !== undefined) {
    body['count'] = cursor.count;
  }
  if (!cursor.stream || !batch.hasMore) {
    body['extra'] = cursor.extra;
  }
  body['cached'] = false;
  if (batch.nextBatchId !== undefined) {
    body['nextBatchId'] = batch.nextBatchId;
  }
  body['error'] = false;
  body['code'] = code;
  return body;
}
