/**
 * `/_api/aqlfunction`: register, list and remove user-defined AQL functions, as ArangoDB 3.12
 * answers (HTTP interface for user-defined AQL functions). arangod keeps them as documents of the
 * `_aqlfunctions` system collection, keyed by the upper-case name with `::` written `:`; so does
 * the sandbox. The code is stored, never run: queries here cannot call user functions.
 */
import type { Collection, Database } from '../data/store';
import { ArangoError } from '../errors';
import type { RouteContext } from '../server/context';
import { jsonResponse, parseJsonBody, queryFlag, type SandboxResponse } from '../server/messages';
import { badParameter, methodNotAllowed } from '../server/serverErrors';

/** arangod's TRI_ERROR_QUERY_FUNCTION_INVALID_NAME, ..._INVALID_CODE and ..._NOT_FOUND. */
const FUNCTION_INVALID_NAME = 1580;
const FUNCTION_INVALID_CODE = 1581;
const FUNCTION_NOT_FOUND = 1582;

const QUALIFIED_NAME = /^[a-zA-Z0-9_]+(::[a-zA-Z0-9_]+)+$/;
// arangod compiles the code in V8 and wants a function; the sandbox only checks its shape.
const FUNCTION_CODE = /^\s*(\(?\s*)?(async\s+)?function\b|=>/;

function keyOf(name: string): string {
  return name.toUpperCase().replace(/::/g, ':');
}

function functions(database: Database): Collection | undefined {
  return database.collection('_aqlfunctions');
}

export function aqlFunctionRoute(context: RouteContext): SandboxResponse {
  const { method } = context.request;
  const { suffixes } = context;
  if (method === 'GET' && suffixes.length === 0) {
    return listFunctions(context);
  }
  if (method === 'POST' && suffixes.length === 0) {
    return registerFunction(context);
  }
  if (method === 'DELETE' && suffixes.length === 1) {
    return removeFunctions(context, suffixes[0]!);
  }
  if (method === 'GET' || method === 'POST' || method === 'DELETE') {
    throw badParameter();
  }
  throw methodNotAllowed();
}

function listFunctions(context: RouteContext): SandboxResponse {
  const namespace = context.request.query.get('namespace');
  const prefix = namespace === null || namespace === '' ? '' : `${keyOf(namespace)}:`;
  const result = (functions(context.database)?.snapshot() ?? [])
    .filter((document) => document._key.startsWith(prefix))
    .map((document) => ({ name: document['name'], code: document['code'], isDeterministic: document['isDeterministic'] }));
  return jsonResponse(200, { error: false, code: 200, result });
}

function registerFunction(context: RouteContext): SandboxResponse {
  const body = parseJsonBody(context.request);
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const { name, code } = fields;
  if (typeof name !== 'string' || !QUALIFIED_NAME.test(name)) {
    throw new ArangoError(400, FUNCTION_INVALID_NAME, 'invalid user function name');
  }
  if (typeof code !== 'string' || !FUNCTION_CODE.test(code)) {
    throw new ArangoError(400, FUNCTION_INVALID_CODE, 'invalid user function code');
  }
  const stored = functions(context.database) ?? context.database.createCollection('_aqlfunctions', { isSystem: true });
  const key = keyOf(name);
  const document = { name, code, isDeterministic: fields['isDeterministic'] === true };
  const existed = stored.peek(key) !== undefined;
  if (existed) {
    stored.replace(key, document);
  } else {
    stored.insert({ _key: key, ...document });
  }
  const status = existed ? 200 : 201;
  return jsonResponse(status, { error: false, code: status, isNewlyCreated: !existed });
}

function removeFunctions(context: RouteContext, name: string): SandboxResponse {
  const stored = functions(context.database);
  if (queryFlag(context.request.query, 'group')) {
    const prefix = `${keyOf(name)}:`;
    const doomed = (stored?.snapshot() ?? []).filter((document) => document._key.startsWith(prefix));
    doomed.forEach((document) => stored?.remove(document._key));
    return jsonResponse(200, { error: false, code: 200, deletedCount: doomed.length });
  }
  if (!QUALIFIED_NAME.test(name)) {
    throw new ArangoError(400, FUNCTION_INVALID_NAME, 'invalid user function name');
  }
  if (stored?.peek(keyOf(name)) === undefined) {
    throw new ArangoError(404, FUNCTION_NOT_FOUND, `user function '${name}()' not found`);
  }
  stored.remove(keyOf(name));
  return jsonResponse(200, { error: false, code: 200, deletedCount: 1 });
}
