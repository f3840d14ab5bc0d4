/**
 * `/_api/job` (also `/_admin/job`): status, result, cancel and deletion of async jobs, as
 * arangod's RestJobHandler answers them (PROTOCOL §2).
 */
import type { RouteContext } from '../server/context';
import { ownerOf, parseId } from '../server/ids';
import { emptyResponse, jsonResponse, type SandboxResponse } from '../server/messages';
import { badParameter, jobNotFoundForCancel, methodNotAllowed, notFound } from '../server/serverErrors';

const DEFAULT_LIST_COUNT = 100;

export function jobRoute(context: RouteContext): SandboxResponse {
  switch (context.request.method) {
    case 'GET':
      return getJob(context);
    case 'PUT':
      if (context.suffixes.length === 1) {
        return fetchResult(context, context.suffixes[0]!);
      }
      if (context.suffixes.length === 2) {
        return putJobMethod(context, context.suffixes[0]!, context.suffixes[1]!);
      }
      throw badParameter();
    case 'DELETE':
      return deleteJob(context);
    default:
      throw methodNotAllowed();
  }
}

/** Job requests go to the coordinator whose id the first suffix carries. */
export function jobOwner(method: string, suffixes: readonly string[]): number | undefined {
  if (!['GET', 'PUT', 'DELETE'].includes(method) || suffixes[0] === undefined) {
    return undefined;
  }
  return ownerOf(suffixes[0]);
}

/** Job ids as the job manager stores them: arangod parses the path value as an unsigned number. */
function jobKey(value: string): string {
  return String(parseId(value));
}

function getJob(context: RouteContext): SandboxResponse {
  const { suffixes, request, node } = context;
  if (suffixes.length !== 1) {
    throw badParameter();
  }
  const value = suffixes[0]!;
  // arangod: a value starting with 1-9 is an id, anything else a list type.
  if (/^[1-9]/.test(value)) {
    const status = node.jobs.status(jobKey(value), request.principal);
    if (status === undefined) {
      throw notFound();
    }
    return emptyResponse(status === 'done' ? 200 : 204);
  }
  const countText = request.query.get('count');
  const count = countText === null ? DEFAULT_LIST_COUNT : parseId(countText);
  if (value !== 'done' && value !== 'pending') {
    throw badParameter();
  }
  return jsonResponse(200, node.jobs.list(value, count, request.principal));
}

function fetchResult(context: RouteContext, value: string): SandboxResponse {
  const outcome = context.node.jobs.fetch(jobKey(value), context.request.principal);
  if (outcome === undefined) {
    throw notFound();
  }
  if (outcome.status === 'pending') {
    return emptyResponse(204);
  }
  // The original response, plus the header that tells it apart from the job manager's own answers.
  const { response } = outcome;
  return { status: response.status, headers: { ...response.headers, 'x-arango-async-id': value }, body: response.body };
}

function putJobMethod(context: RouteContext, value: string, method: string): SandboxResponse {
  if (method !== 'cancel') {
    throw badParameter();
  }
  const id = jobKey(value);
  if (!context.node.jobs.cancel(id, context.request.principal)) {
    throw jobNotFoundForCancel(id);
  }
  return jsonResponse(200, { result: true });
}

function deleteJob(context: RouteContext): SandboxResponse {
  const { suffixes, request, node } = context;
  if (suffixes.length !== 1) {
    throw badParameter();
  }
  const value = suffixes[0]!;
  if (value === 'all') {
    node.jobs.deleteAll(request.principal);
  } else if (value === 'expired') {
    const stamp = request.query.get('stamp');
    if (stamp === null) {
      throw badParameter();
    }
    // StringUtils::doubleDecimal: what does not parse counts as 0.
    const seconds = Number.parseFloat(stamp);
    node.jobs.deleteExpired(Number.isFinite(seconds) ? seconds : 0, request.principal);
  } else if (!node.jobs.delete(jobKey(value), request.principal)) {
    throw notFound();
  }
  return jsonResponse(200, { result: true });
}
