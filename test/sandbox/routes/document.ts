/**
 * `/_api/document/{collection}[/{key}]`: single-document insert, read, update, replace and remove,
 * with the query parameters python-arango sends as `0`/`1` (PROTOCOL §6).
 */
import type { Collection, DocumentMeta, OverwriteMode } from '../data/store';
import { ArangoError, ErrorNum } from '../errors';
import type { RouteContext } from '../server/context';
import { jsonResponse, parseJsonBody, queryFlag, type SandboxResponse } from '../server/messages';
import { badParameter, collectionNotFound, documentNotFound, methodNotAllowed } from '../server/serverErrors';

const OVERWRITE_MODES: readonly string[] = ['conflict', 'replace', 'update', 'ignore'];

export function documentRoute(context: RouteContext): SandboxResponse {
  const { method } = context.request;
  const { suffixes } = context;
  if (suffixes.length === 0) {
    throw badParameter('expecting /_api/document/<collection>');
  }
  const collection = context.database.collection(suffixes[0]!);
  if (collection === undefined) {
    throw collectionNotFound();
  }
  if (suffixes.length === 1) {
    if (method === 'POST') {
      return insert(context, collection);
    }
    throw methodNotAllowed();
  }
  if (suffixes.length !== 2) {
    throw badParameter('expecting /_api/document/<collection>/<key>');
  }
  const key = suffixes[1]!;
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const document = collection.document(key);
      if (document === undefined) {
        throw documentNotFound();
      }
      return jsonResponse(200, document);
    }
    case 'PATCH':
    case 'PUT':
      return modify(context, collection, key, method);
    case 'DELETE':
      return remove(context, collection, key);
    default:
      throw methodNotAllowed();
  }
}

/** 201 when the write was synced to disk (waitForSync), 202 otherwise — as arangod. */
function writeStatus(context: RouteContext, collection: Collection): 201 | 202 {
  return collection.waitForSync || queryFlag(context.request.query, 'waitForSync') ? 201 : 202;
}

function documentBody(context: RouteContext): Record<string, unknown> {
  const body = parseJsonBody(context.request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ArangoError(400, ErrorNum.DOCUMENT_TYPE_INVALID, 'invalid document type');
  }
  return body as Record<string, unknown>;
}

function writeResult(
  context: RouteContext,
  meta: DocumentMeta & { _oldRev?: string },
  documents: { new?: unknown; old?: unknown },
): Record<string, unknown> {
  const { query } = context.request;
  if (queryFlag(query, 'silent')) {
    return {};
  }
  const result: Record<string, unknown> = { _id: meta._id, _key: meta._key, _rev: meta._rev };
  if (meta._oldRev !== undefined) {
    result['_oldRev'] = meta._oldRev;
  }
  if (queryFlag(query, 'returnNew') && documents.new !== undefined) {
    result['new'] = documents.new;
  }
  if (queryFlag(query, 'returnOld') && documents.old !== undefined) {
    result['old'] = documents.old;
  }
  return result;
}

function insert(context: RouteContext, collection: Collection): SandboxResponse {
  const { query } = context.request;
  const document = documentBody(context);
  let overwriteMode: OverwriteMode = 'conflict';
  const requestedMode = query.get('overwriteMode');
  if (requestedMode !== null && OVERWRITE_MODES.includes(requestedMode)) {
    overwriteMode = requestedMode as OverwriteMode;
  } else if (queryFlag(query, 'overwrite')) {
    overwriteMode = 'replace';
  }
  const outcome = collection.insert(document, { overwriteMode });
  const meta: DocumentMeta & { _oldRev?: string } = { ...outcome.meta };
  const oldRev = (outcome.old as { _rev?: unknown } | undefined)?._rev;
  if (typeof oldRev === 'string') {
    meta._oldRev = oldRev;
  }
  return jsonResponse(writeStatus(context, collection), writeResult(context, meta, outcome));
}

function modify(context: RouteContext, collection: Collection, key: string, method: 'PATCH' | 'PUT'): SandboxResponse {
  const document = documentBody(context);
  if (collection.document(key) === undefined) {
    throw documentNotFound();
  }
  const outcome = method === 'PATCH' ? collection.update(key, document) : collection.replace(key, document);
  const oldRev = (outcome.old as { _rev?: unknown } | undefined)?._rev;
  const meta: DocumentMeta & { _oldRev?: string } = { ...outcome.meta };
  if (typeof oldRev === 'string') {
    meta._oldRev = oldRev;
  }
  return jsonResponse(writeStatus(context, collection), writeResult(context, meta, outcome));
}

function remove(context: RouteContext, collection: Collection, key: string): SandboxResponse {
  if (collection.document(key) === undefined) {
    throw documentNotFound();
  }
  const outcome = collection.remove(key);
  return jsonResponse(writeStatus(context, collection) === 201 ? 200 : 202, writeResult(context, outcome.meta, outcome));
}
