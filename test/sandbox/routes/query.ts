/**
 * `/_api/query`: the list of running AQL queries and killing one (RestQueryHandler, PROTOCOL §3).
 */
import type { RouteContext } from '../server/context';
import { ownerOf } from '../server/ids';
import { jsonResponse, queryFlag, type SandboxResponse } from '../server/messages';
import type { RunningQueryEntry } from '../queries/queryRegistry';
import { badParameter, methodNotAllowed, notFound, queryNotFound } from '../server/serverErrors';

export function queryRoute(context: RouteContext): SandboxResponse {
  const { method } = context.request;
  if (method === 'GET') {
    return readQueries(context);
  }
  if (method === 'DELETE') {
    return deleteQuery(context);
  }
  throw methodNotAllowed();
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
    return jsonResponse(200, currentQueries(context));
  }
  if (type === 'slow') {
    return jsonResponse(200, []);
  }
  if (type === 'properties') {
    return jsonResponse(200, {
      error: false,
      code: 200,
      enabled: true,
      trackSlowQueries: true,
      trackBindVars: true,
      maxSlowQueries: 64,
      slowQueryThreshold: 10,
      slowStreamingQueryThreshold: 10,
      maxQueryStringLength: 4096,
    });
  }
  throw notFound(`unknown type '${type}', expecting 'slow', 'current', or 'properties'`);
}

/** A coordinator lists the queries of every coordinator unless asked for `local=true`. */
function currentQueries(context: RouteContext): RunningQueryEntry[] {
  const { request, database, cluster, node } = context;
  const allDatabases = queryFlag(request.query, 'all') && database.name === '_system';
  const local = queryFlag(request.query, 'local');
  const states = local ? [node] : cluster.members.map((member) => member.state).filter((state) => state !== undefined);
  return states.flatMap((state) => state.queries.list(database.name, allDatabases));
}

function deleteQuery(context: RouteContext): SandboxResponse {
  const { suffixes, request, database, node } = context;
  if (suffixes.length !== 1) {
    throw badParameter('expecting DELETE /_api/query/<id> or /_api/query/slow');
  }
  const id = suffixes[0]!;
  if (id !== 'slow') {
    const allDatabases = queryFlag(request.query, 'all') && database.name === '_system';
    if (!node.queries.kill(id, database.name, allDatabases)) {
      throw queryNotFound();
    }
  }
  return jsonResponse(200, { error: false, code: 200 });
}
