/**
 * `/_api/document/{collection}[/{key}]`: read, insert, update, replace and remove one document, or
 * many at once with an array body (`PUT ?onlyget=true` reads many), with the query parameters
 * python-arango sends as `0`/`1` (PROTOCOL §6).
 */
import type { Collection } from '../data/store';
import type { RouteContext } from '../server/context';
import { jsonResponse, parseJsonBody, queryFlag, type SandboxResponse } from '../server/messages';
import { badParameter, collectionNotFound, methodNotAllowed } from '../server/serverErrors';
import { batchResponse } from './documentBatch';
import {
  insertDocument,
  keyOf,
  modifyDocument,
  readDocument,
  removeDocument,
  writeOptions,
  type WriteOptions,
} from './documentOperations';

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
    return collectionRequest(context, collection);
  }
  if (suffixes.length !== 2) {
    throw badParameter('expecting /_api/document/<collection>/<key>');
  }
  const key = suffixes[1]!;
  const options = writeOptions(context.request.query);
  switch (method) {
    case 'GET':
    case 'HEAD':
      return jsonResponse(200, readDocument(collection, key));
    case 'PATCH':
    case 'PUT': {
      const kind = method === 'PATCH' ? 'update' : 'replace';
      const body = parseJsonBody(context.request);
      return jsonResponse(writeStatus(context, collection), modifyDocument(collection, key, body, kind, options));
    }
    case 'DELETE':
      return jsonResponse(removeStatus(context, collection), removeDocument(collection, key, undefined, options));
    default:
      throw methodNotAllowed();
  }
}

/** A request on the collection itself: the document(s) are named by the body. */
function collectionRequest(context: RouteContext, collection: Collection): SandboxResponse {
  const { method, query } = context.request;
  const options = writeOptions(query);
  const body = parseJsonBody(context.request);
  switch (method) {
    case 'POST':
      return each(writeStatus(context, collection), body, options, (element) => insertDocument(collection, element, options));
    case 'PUT':
      if (queryFlag(query, 'onlyget')) {
        return each(200, body, undefined, (element) => readDocument(collection, keyOf(collection, element), element, options.ignoreRevs));
      }
      return each(writeStatus(context, collection), body, options, (element) =>
        modifyDocument(collection, keyOf(collection, element), element, 'replace', options),
      );
    case 'PATCH':
      return each(writeStatus(context, collection), body, options, (element) =>
        modifyDocument(collection, keyOf(collection, element), element, 'update', options),
      );
    case 'DELETE':
      return each(removeStatus(context, collection), body, options, (element) =>
        removeDocument(collection, keyOf(collection, element), element, options),
      );
    default:
      throw methodNotAllowed();
  }
}

/** An array body runs the operation per element (errors in place); anything else runs it once. */
function each(status: number, body: unknown, options: WriteOptions | undefined, operation: (element: unknown) => unknown): SandboxResponse {
  if (Array.isArray(body)) {
    return batchResponse(status, body, operation, options?.silent ?? false);
  }
  return jsonResponse(status, operation(body));
}

/** 201 when the write was synced to disk (waitForSync), 202 otherwise — as arangod. */
function writeStatus(context: RouteContext, collection: Collection): 201 | 202 {
  return collection.waitForSync || queryFlag(context.request.query, 'waitForSync') ? 201 : 202;
}

/** A remove answers 200 where other writes answer 201. */
function removeStatus(context: RouteContext, collection: Collection): 200 | 202 {
  return writeStatus(context, collection) === 201 ? 200 : 202;
}
