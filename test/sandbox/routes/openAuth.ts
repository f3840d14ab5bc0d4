/** `POST /_open/auth`: trades a user name and password for a JWT (RestAuthHandler). */
import type { RouteContext } from '../server/context';
import { jsonResponse, parseJsonBody, type SandboxResponse } from '../server/messages';
import { badParameter, methodNotAllowed, wrongCredentials } from '../server/serverErrors';

export function openAuthRoute(context: RouteContext): SandboxResponse {
  if (context.request.method !== 'POST') {
    throw methodNotAllowed();
  }
  const body = parseJsonBody(context.request);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badParameter('invalid JSON');
  }
  const { username, password } = body as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string') {
    throw badParameter('invalid JSON');
  }
  const { auth } = context.cluster;
  if (!auth.checkPassword(username, password)) {
    throw wrongCredentials();
  }
  return jsonResponse(200, { jwt: auth.issueToken(username) });
}
