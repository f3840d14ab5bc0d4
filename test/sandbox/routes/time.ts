/** `GET /_admin/time`: the server's clock in fractional unix seconds. */
import type { RouteContext } from '../server/context';
import { jsonResponse, type SandboxResponse } from '../server/messages';
import { methodNotAllowed } from '../server/serverErrors';

export function timeRoute(context: RouteContext): SandboxResponse {
  if (context.request.method !== 'GET') {
    throw methodNotAllowed();
  }
  return jsonResponse(200, { error: false, code: 200, time: context.cluster.now() / 1000 });
}
