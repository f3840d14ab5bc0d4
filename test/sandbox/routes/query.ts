/**
 * `/_api/query`: running and slow AQL queries, killing one, and the tracking settings
 * (RestQueryHandler, PROTOCOL §3, the HTTP API docs' "Track queries").
 */
import { parseOnly } from '../aql';
import type { QueryRegistry } from '../queries/queryRegistry';
import { changedTracking } from '../queries/queryTracking';
import type { RouteContext } from '../server/context';
import { ownerOf } from '../server/ids';
import { jsonResponse, parseJsonBody, queryFlag, type SandboxResponse } from '../server/messages';
import { badParameter, methodNotAllowed, notFound, queryEmpty, queryNotFound, useSystemDatabase } from '../server/serverErrors';

export function queryRoute(context: RouteContext): SandboxResponse {
  switch (context.request.method) {
    case 'GET':
      return readQueries(context);
    case 'PUT':
      return replaceProperties(context);
    case 'DELETE':
      return deleteQuery(context);
    case 'POST':
      return parseQueryText(context);
    default:
      throw methodNotAllowed();
  }
}

/** Killing a query goes to the coordinator that runs it. */
export function queryOwner(method: string, suffixes: readonly string[]): number | undefined {
  if (method !== 'DELETE' || suffixes[0] === undefined || suffixes[0] === 'slow') {
    return undefined;
  }
  return ownerOf(suffixes[0]);
}

function readQueries(context: RouteContext): SandboxResponse {
  const { suffixes } = context;
  if (suffixes.length !== 1) {
    throw badParameter('expecting GET /_api/query/<type>');
  }
  const type = suffixes[0]!;
  if (type === 'current') {
    return jsonResponse(200, everyRegistry(context).flatMap((registry) => registry.list(context.database.name, allDatabases(context))));
  }
  if (type === 'slow') {
    return jsonResponse(200, everyRegistry(context).flatMap((registry) => registry.slow(context.database.name, allDatabases(context))));
  }
  if (type === 'properties') {
    return propertiesResponse(context);
  }
  throw notFound(`unknown type '${type}', expecting 'slow', 'current', or 'properties'`);
}

/** The settings of this coordinator's database, keys in arangod's order. */
function propertiesResponse(context: RouteContext): SandboxResponse {
  return jsonResponse(200, { error: false, code: 200, ...context.node.queries.tracking(context.database.name) });
}

function replaceProperties(context: RouteContext): SandboxResponse {
  const { suffixes, node, database } = context;
  if (suffixes.length !== 1 || suffixes[0] !== 'properties') {
    throw badParameter('expecting PUT /_api/query/properties');
  }
  const body = parseJsonBody(context.request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badParameter('expecting a JSON object as body');
  }
  node.queries.setTracking(database.name, changedTracking(node.queries.tracking(database.name), body as Record<string, unknown>));
  return propertiesResponse(context);
}

/** `all=true` covers every database; only `_system` may ask for it (403/1230 elsewhere). */
function allDatabases(context: RouteContext): boolean {
  if (!queryFlag(context.request.query, 'all')) {
    return false;
  }
  if (context.database.name !== '_system') {
    throw useSystemDatabase();
  }
  return true;
}

/** A coordinator answers for every coordinator unless asked for `local=true`. */
function everyRegistry(context: RouteContext): QueryRegistry[] {
  const { request, cluster, node } = context;
  if (queryFlag(request.query, 'local')) {
    return [node.queries];
  }
  return cluster.members.flatMap((member) => (member.state === undefined ? [] : [member.state.queries]));
}

function deleteQuery(context: RouteContext): SandboxResponse {
  const { suffixes, database, node } = context;
  if (suffixes.length !== 1) {
    throw badParameter('expecting DELETE /_api/query/<id> or /_api/query/slow');
  }
  const id = suffixes[0]!;
  const all = allDatabases(context);
  if (id === 'slow') {
    everyRegistry(context).forEach((registry) => registry.clearSlow(database.name, all));
  } else if (!node.queries.kill(id, database.name, all)) {
    throw queryNotFound();
  }
  return jsonResponse(200, { error: false, code: 200 });
}

/** `POST /_api/query`: parses a query, never runs it (RestQueryValid, RestQueryInvalid). */
function parseQueryText(context: RouteContext): SandboxResponse {
  if (context.suffixes.length !== 0) {
    throw methodNotAllowed();
  }
  const body = parseJsonBody(context.request);
  const query = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)['query'] : undefined;
  if (typeof query !== 'string' || query.trim() === '') {
    throw queryEmpty();
  }
  const { collections, bindVars, ast } = parseOnly(context.database, query);
  return jsonResponse(200, { error: false, code: 200, parsed: true, collections, bindVars, ast, warnings: [] });
}
