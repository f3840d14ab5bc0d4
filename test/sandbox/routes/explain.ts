/**
 * `POST /_api/explain`: the plan of a query without running it (RestAqlHandler's explain, the
 * recordings RestExplain*): `{plan, cacheable, warnings, stats}`, or with `allPlans` the
 * `plans` array (no `cacheable`). The sandbox's planner makes one plan, so `plans` holds one
 * and `maxNumberOfPlans` changes nothing.
 */
import { explainQuery, type QueryRequest } from '../aql';
import { ArangoError, ErrorNum } from '../errors';
import type { RouteContext } from '../server/context';
import { jsonResponse, parseJsonBody, type SandboxResponse } from '../server/messages';
import { invalidBindParameters, methodNotAllowed, queryEmpty } from '../server/serverErrors';
import { isObject, optimizerRules } from './cursor';

/** Errors arangod 3.12 still marks as raised while parsing on this route (PROTOCOL §4). */
const MARKED_WHILE_PARSING: ReadonlySet<number> = new Set([
  ErrorNum.QUERY_BIND_PARAMETER_MISSING,
  ErrorNum.QUERY_BIND_PARAMETER_UNDECLARED,
  ErrorNum.QUERY_BIND_PARAMETER_TYPE,
]);

export function explainRoute(context: RouteContext): SandboxResponse {
  if (context.request.method !== 'POST') {
    throw methodNotAllowed();
  }
  const body = parseJsonBody(context.request);
  if (!isObject(body) || typeof body['query'] !== 'string' || body['query'].trim() === '') {
    throw queryEmpty();
  }
  const request: QueryRequest = { query: body['query'] };
  const bindVars = body['bindVars'];
  if (bindVars !== undefined && bindVars !== null && !isObject(bindVars)) {
    throw invalidBindParameters();
  }
  if (isObject(bindVars)) {
    request.bindVars = bindVars;
  }
  const options = isObject(body['options']) ? body['options'] : {};
  const rules = optimizerRules(options);
  if (rules !== undefined) {
    request.optimizerRules = rules;
  }
  let explanation;
  try {
    explanation = explainQuery(context.database, request);
  } catch (error) {
    if (error instanceof ArangoError && MARKED_WHILE_PARSING.has(error.errorNum)) {
      throw new ArangoError(error.httpCode, error.errorNum, `${error.message} (while parsing)`);
    }
    throw error;
  }
  const { plan, cacheable, warnings, stats } = explanation;
  if (options['allPlans'] === true) {
    return jsonResponse(200, { plans: [plan], warnings, stats, error: false, code: 200 });
  }
  return jsonResponse(200, { plan, cacheable, warnings, stats, error: false, code: 200 });
}
