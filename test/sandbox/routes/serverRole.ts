/**
 * `GET /_admin/server/role` (RestAdminServerHandler::handleRole): `SINGLE` for a single server,
 * `COORDINATOR` for each coordinator of a sandbox started with several; `mode` is always
 * `default` (3.12 has no active failover, which answered `resilient`).
 */
import type { RouteContext } from '../server/context';
import { jsonResponse, type SandboxResponse } from '../server/messages';
import { methodNotAllowed, notFound } from '../server/serverErrors';

export function serverRoleRoute(context: RouteContext): SandboxResponse {
  if (context.suffixes.length !== 0) {
    throw notFound();
  }
  if (context.request.method !== 'GET') {
    throw methodNotAllowed();
  }
  return jsonResponse(200, { error: false, code: 200, role: serverRole(context), mode: 'default' });
}

/** What arangod's ServerState calls this process's role. */
export function serverRole(context: RouteContext): 'SINGLE' | 'COORDINATOR' {
  return context.cluster.members.length > 1 ? 'COORDINATOR' : 'SINGLE';
}
