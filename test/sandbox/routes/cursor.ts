/**
 * `/_api/cursor`: runs AQL and hands the result out in batches (PROTOCOL §4, RestCursorHandler).
 */
import { checkQuery, runQuery, type QueryOutcome, type QueryRequest } from '../aql';
import { ArangoError } from '../errors';
import { cursorBatchBody, cursorExtra, singleBatchBody } from '../cursors/cursorBody';
import type { Cursor } from '../cursors/cursorRegistry';
import { childController } from '../server/abortable';
import type { RouteContext } from '../server/context';
import { ownerOf } from '../server/ids';
import { jsonResponse, parseJsonBody, type SandboxResponse } from '../server/messages';
import { badParameter, cursorNotFound, invalidBindParameters, methodNotAllowed, MoreErrorNum, queryEmpty } from '../server/serverErrors';

const DEFAULT_BATCH_SIZE = 1000;

export async function cursorRoute(context: RouteContext): Promise<SandboxResponse> {
  const { method } = context.request;
  const { suffixes } = context;
  if (method === 'POST' && suffixes.length === 0) {
    return createCursor(context);
  }
  if ((method === 'POST' || method === 'PUT') && (suffixes.length === 1 || suffixes.length === 2)) {
    return nextBatch(context, suffixes[0]!, suffixes[1]);
  }
  if (method === 'PUT' || method === 'POST') {
    throw badParameter('expecting POST /_api/cursor/<cursor-id>');
  }
  if (method === 'DELETE') {
    if (suffixes.length !== 1) {
      throw badParameter('expecting DELETE /_api/cursor/<cursor-id>');
    }
    return deleteCursor(context, suffixes[0]!);
  }
  throw methodNotAllowed();
}

/** Requests on an existing cursor go to the coordinator that created it. */
export function cursorOwner(method: string, suffixes: readonly string[]): number | undefined {
  if (!['POST', 'PUT', 'DELETE'].includes(method) || suffixes[0] === undefined) {
    return undefined;
  }
  return ownerOf(suffixes[0]);
}

interface CursorRequest {
  query: QueryRequest;
  batchSize: number;
  count: boolean;
  ttlSeconds: number;
  fullCount: boolean;
  stream: boolean;
  allowRetry: boolean;
}

function readCursorRequest(context: RouteContext): CursorRequest {
  const body = parseJsonBody(context.request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw queryEmpty();
  }
  const fields = body as Record<string, unknown>;
  const { query } = fields;
  if (typeof query !== 'string' || query.trim() === '') {
    throw queryEmpty();
  }
  const options = isObject(fields['options']) ? fields['options'] : {};
  const bindVars = fields['bindVars'];
  if (bindVars !== undefined && bindVars !== null && !isObject(bindVars)) {
    throw invalidBindParameters();
  }
  const batchSize = fields['batchSize'] ?? DEFAULT_BATCH_SIZE;
  if (typeof batchSize !== 'number' || !Number.isFinite(batchSize) || batchSize < 1) {
    throw badParameter('expecting non-zero value for <batchSize>');
  }
  const ttl = fields['ttl'];
  const ttlSeconds = typeof ttl === 'number' && ttl > 0 ? ttl : context.cluster.defaultCursorTtlSeconds;
  const queryRequest: QueryRequest = { query };
  if (isObject(bindVars)) {
    queryRequest.bindVars = bindVars;
  }
  const memoryLimit = fields['memoryLimit'] ?? options['memoryLimit'];
  // python-arango sends memoryLimit 0, which means "no limit".
  if (typeof memoryLimit === 'number' && memoryLimit > 0) {
    queryRequest.memoryLimit = memoryLimit;
  }
  const stream = options['stream'] === true;
  // "The query options cache, count and fullCount are not supported for streaming queries."
  const fullCount = options['fullCount'] === true && !stream;
  if (fullCount) {
    queryRequest.fullCount = true;
  }
  const maxRuntime = options['maxRuntime'];
  if (typeof maxRuntime === 'number' && maxRuntime > 0) {
    queryRequest.maxRuntime = maxRuntime;
  }
  const rules = optimizerRules(options);
  if (rules !== undefined) {
    queryRequest.optimizerRules = rules;
  }
  const profile = options['profile'];
  if (profile === true || (typeof profile === 'number' && profile > 0)) {
    queryRequest.profile = profile;
  }
  return {
    query: queryRequest,
    batchSize: Math.floor(batchSize),
    count: fields['count'] === true && !stream,
    ttlSeconds,
    fullCount,
    stream,
    // python-arango sends allowRetry both inside options and at the top level.
    allowRetry: options['allowRetry'] === true || fields['allowRetry'] === true,
  };
}

async function createCursor(context: RouteContext): Promise<SandboxResponse> {
  const request = readCursorRequest(context);
  const { database, node, cluster } = context;
  const { modificationQuery } = checkQuery(database, request.query);

  const { controller, dispose } = childController(context.signal);
  const queryId = cluster.ids.next(node.index);
  node.queries.register({
    id: queryId,
    database: database.name,
    user: context.request.principal.user,
    query: request.query.query,
    bindVars: request.query.bindVars ?? {},
    stream: request.stream,
    modificationQuery,
    controller,
  });
  const startedAt = performance.now();
  let outcome: QueryOutcome | undefined;
  let exitCode = 0;
  try {
    outcome = await runQuery(database, request.query, controller.signal);
  } catch (error: unknown) {
    exitCode = error instanceof ArangoError ? error.errorNum : MoreErrorNum.INTERNAL;
    throw error;
  } finally {
    node.queries.finish(queryId, { peakMemoryUsage: outcome?.peakMemoryUsage ?? 0, warnings: outcome?.warnings.length ?? 0, exitCode });
    dispose();
  }
  const extra = cursorExtra(outcome, (performance.now() - startedAt) / 1000, request.fullCount);
  const rows = outcome.result;
  const count = request.count ? rows.length : undefined;
  if (rows.length <= request.batchSize) {
    return jsonResponse(201, singleBatchBody(rows, count, extra));
  }
  const cursorOptions = {
    id: cluster.ids.next(node.index),
    principal: context.request.principal,
    database: database.name,
    rows,
    batchSize: request.batchSize,
    ttlSeconds: request.ttlSeconds,
    allowRetry: request.allowRetry,
    extra,
    stream: request.stream,
  };
  const cursor = node.cursors.create(count === undefined ? cursorOptions : { ...cursorOptions, count });
  return jsonResponse(201, cursorBatchBody(cursor, cursor.nextBatch(), 201));
}

function nextBatch(context: RouteContext, id: string, batchIdText: string | undefined): SandboxResponse {
  const cursor = findCursor(context, id);
  let batch;
  if (batchIdText === undefined) {
    batch = cursor.exhausted ? undefined : cursor.nextBatch();
  } else {
    const batchId = Number(batchIdText);
    batch = Number.isInteger(batchId) ? cursor.batch(batchId) : undefined;
    if (batch === undefined && !cursor.exhausted) {
      throw badParameter(`batch id ${batchIdText} is not available for cursor ${id}`);
    }
  }
  if (batch === undefined) {
    context.node.cursors.remove(cursor.id);
    throw cursorNotFound();
  }
  if (!batch.hasMore && !cursor.allowRetry) {
    // Without allowRetry arangod drops a cursor once its last batch was sent.
    context.node.cursors.remove(cursor.id);
  }
  return jsonResponse(200, cursorBatchBody(cursor, batch, 200));
}

function deleteCursor(context: RouteContext, id: string): SandboxResponse {
  const cursor = findCursor(context, id);
  context.node.cursors.remove(cursor.id);
  return jsonResponse(202, { id: cursor.id, error: false, code: 202 });
}

function findCursor(context: RouteContext, id: string): Cursor {
  const cursor = context.node.cursors.use(id, context.request.principal);
  if (cursor === undefined || cursor.database !== context.database.name) {
    throw cursorNotFound();
  }
  return cursor;
}

/** `options.optimizer.rules`, the strings of it. */
export function optimizerRules(options: Record<string, unknown>): string[] | undefined {
  const optimizer = options['optimizer'];
  const rules = isObject(optimizer) ? optimizer['rules'] : undefined;
  return Array.isArray(rules) ? rules.filter((rule): rule is string => typeof rule === 'string') : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
