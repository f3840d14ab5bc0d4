/** `GET /_api/version`: what a 3.12.10 community server says about itself (PROTOCOL §5). */
import type { RouteContext } from '../server/context';
import { jsonResponse, queryFlag, type SandboxResponse } from '../server/messages';
import { serverRole } from './serverRole';

export const SERVER_VERSION = '3.12.10';

export function versionRoute(context: RouteContext): SandboxResponse {
  // arangod answers any method here (the recordings fetch it with PUT).
  const body: Record<string, unknown> = { server: 'arango', license: 'community', version: SERVER_VERSION };
  if (queryFlag(context.request.query, 'details')) {
    body['details'] = {
      architecture: '64bit',
      mode: 'server',
      role: serverRole(context),
      'server-version': SERVER_VERSION,
      sandbox: 'true',
    };
  }
  body['apiVersions'] = ['v0'];
  body['deprecatedApiVersions'] = [];
  body['requestedApiVersion'] = 'v0';
  return jsonResponse(200, body);
}
