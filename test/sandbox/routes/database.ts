/** `/_api/database`: create, list, describe and drop databases (created and dropped from `_system`). */
import { ArangoError, ErrorNum } from '../errors';
import type { RouteContext } from '../server/context';
import { jsonResponse, parseJsonBody, type SandboxResponse } from '../server/messages';
import { badParameter, forbidden, methodNotAllowed, useSystemDatabase } from '../server/serverErrors';

export function databaseRoute(context: RouteContext): SandboxResponse {
  const { method } = context.request;
  const { suffixes, cluster, database } = context;
  if (method === 'GET') {
    if (suffixes.length === 0 || (suffixes.length === 1 && suffixes[0] === 'user')) {
      return jsonResponse(200, { error: false, code: 200, result: cluster.store.databaseNames() });
    }
    if (suffixes.length === 1 && suffixes[0] === 'current') {
      return jsonResponse(200, {
        error: false,
        code: 200,
        result: { name: database.name, id: databaseId(database.name), isSystem: database.name === '_system', path: 'none' },
      });
    }
    throw badParameter();
  }
  if (method === 'POST') {
    if (suffixes.length !== 0) {
      throw badParameter();
    }
    if (database.name !== '_system') {
      throw useSystemDatabase();
    }
    const body = parseJsonBody(context.request);
    const name = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['name'] : undefined;
    if (typeof name !== 'string') {
      throw new ArangoError(400, ErrorNum.DATABASE_NAME_INVALID, 'database name invalid');
    }
    cluster.store.createDatabase(name);
    return jsonResponse(201, { error: false, code: 201, result: true });
  }
  if (method === 'DELETE') {
    if (suffixes.length !== 1) {
      throw badParameter();
    }
    if (database.name !== '_system') {
      throw useSystemDatabase();
    }
    const name = suffixes[0]!;
    if (name === '_system') {
      throw forbidden();
    }
    cluster.store.dropDatabase(name);
    return jsonResponse(200, { error: false, code: 200, result: true });
  }
  throw methodNotAllowed();
}

/** A stable numeric id per name; arangod's are ticks, clients only display them. */
function databaseId(name: string): string {
  if (name === '_system') {
    return '1';
  }
  let hash = 0;
  for (const char of name) {
    hash = (Math.imul(hash, 31) + (char.codePointAt(0) ?? 0)) >>> 0;
  }
  return String(100000 + (hash % 900000));
}
