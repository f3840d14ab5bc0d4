/** `/_api/collection`: create, list, describe, count, truncate, change, rename and drop collections. */
import type { Collection } from '../data/store';
import { ArangoError, ErrorNum } from '../errors';
import type { RouteContext } from '../server/context';
import { jsonResponse, parseJsonBody, queryFlag, type SandboxResponse } from '../server/messages';
import { badParameter, collectionNotFound, methodNotAllowed } from '../server/serverErrors';
import { changeProperties, readPropertyChanges } from './collectionProperties';

/** arangod's TRI_ERROR_CLUSTER_UNSUPPORTED. */
const CLUSTER_UNSUPPORTED = 1470;

export function collectionRoute(context: RouteContext): SandboxResponse {
  const { method } = context.request;
  const { suffixes } = context;
  switch (method) {
    case 'GET':
      if (suffixes.length === 0) {
        return listCollections(context);
      }
      if (suffixes.length === 1) {
        return jsonResponse(200, { error: false, code: 200, ...describe(find(context, suffixes[0]!)) });
      }
      if (suffixes.length === 2) {
        return readAspect(find(context, suffixes[0]!), suffixes[1]!);
      }
      throw badParameter();
    case 'POST':
      return createCollection(context);
    case 'PUT':
      if (suffixes.length !== 2) {
        // What arangod answers, recorded in the golden job_fetch_result_04.
        throw badParameter('expected PUT /_api/collection/<collection-name>/<action>');
      }
      return changeCollection(context, find(context, suffixes[0]!), suffixes[1]!);
    case 'DELETE': {
      if (suffixes.length !== 1) {
        throw badParameter('expected DELETE /_api/collection/<collection-name>');
      }
      const collection = find(context, suffixes[0]!);
      context.database.dropCollection(collection.name);
      return jsonResponse(200, { error: false, code: 200, id: collection.id });
    }
    default:
      throw methodNotAllowed();
  }
}

function find(context: RouteContext, name: string): Collection {
  const collection = context.database.collection(name);
  if (collection === undefined) {
    throw collectionNotFound();
  }
  return collection;
}

function listCollections(context: RouteContext): SandboxResponse {
  const excludeSystem = queryFlag(context.request.query, 'excludeSystem');
  const result = context.database
    .collections()
    .filter((collection) => !excludeSystem || !collection.name.startsWith('_'))
    .map(describe);
  return jsonResponse(200, { error: false, code: 200, result });
}

function createCollection(context: RouteContext): SandboxResponse {
  if (context.suffixes.length !== 0) {
    throw badParameter('expected POST /_api/collection');
  }
  const body = parseJsonBody(context.request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badParameter('expecting JSON object body');
  }
  const fields = body as Record<string, unknown>;
  const { name } = fields;
  if (typeof name !== 'string') {
    throw new ArangoError(400, ErrorNum.ILLEGAL_NAME, 'illegal name');
  }
  const options: Parameters<typeof context.database.createCollection>[1] = {};
  if (fields['type'] === 3 || fields['type'] === 2) {
    options.type = fields['type'];
  }
  if (typeof fields['waitForSync'] === 'boolean') {
    options.waitForSync = fields['waitForSync'];
  }
  if (typeof fields['isSystem'] === 'boolean') {
    options.isSystem = fields['isSystem'];
  }
  const keyOptions = fields['keyOptions'];
  if (typeof keyOptions === 'object' && keyOptions !== null && !Array.isArray(keyOptions)) {
    options.keyOptions = keyOptions;
  }
  const changes = readPropertyChanges(fields);
  const collection = context.database.createCollection(name, options);
  Object.assign(collection, changes);
  return jsonResponse(200, { error: false, code: 200, ...properties(collection) });
}

function readAspect(collection: Collection, aspect: string): SandboxResponse {
  switch (aspect) {
    case 'count':
      return jsonResponse(200, { error: false, code: 200, ...properties(collection), count: collection.count() });
    case 'properties':
      return jsonResponse(200, { error: false, code: 200, ...properties(collection) });
    default:
      throw badParameter(`expecting one of the actions 'count', 'properties'`);
  }
}

function changeCollection(context: RouteContext, collection: Collection, action: string): SandboxResponse {
  switch (action) {
    case 'truncate':
      collection.truncate();
      return jsonResponse(200, { error: false, code: 200, ...describe(collection) });
    case 'properties':
      changeProperties(collection, parseJsonBody(context.request));
      return jsonResponse(200, { error: false, code: 200, ...properties(collection) });
    case 'rename': {
      if (context.cluster.members.length > 1) {
        // "this method is not available in a cluster" (the docs' "Rename a collection").
        throw new ArangoError(501, CLUSTER_UNSUPPORTED, 'unsupported operation or parameter');
      }
      const body = parseJsonBody(context.request);
      const newName = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['name'] : undefined;
      const renamed = context.database.renameCollection(collection.name, newName as string);
      return jsonResponse(200, { error: false, code: 200, ...describe(renamed) });
    }
    default:
      throw badParameter(`expecting one of the actions 'truncate', 'properties', 'rename'`);
  }
}

/** The short description `GET /_api/collection` lists. */
function describe(collection: Collection): Record<string, unknown> {
  return {
    id: collection.id,
    name: collection.name,
    status: 3,
    type: collection.type,
    isSystem: collection.isSystem,
    globallyUniqueId: `h${collection.id}/${collection.id}`,
  };
}

/** The properties `POST /_api/collection` and `/properties` answer with. */
function properties(collection: Collection): Record<string, unknown> {
  return {
    ...describe(collection),
    waitForSync: collection.waitForSync,
    keyOptions: collection.keyOptions,
    cacheEnabled: collection.cacheEnabled,
    computedValues: collection.computedValues,
    schema: collection.schema,
    syncByRevision: true,
    usesRevisionsAsDocumentIds: true,
    writeConcern: 1,
    replicationFactor: 1,
    numberOfShards: 1,
  };
}
