/**
 * HS256 JSON Web Tokens with node:crypto, as arangod issues them from `POST /_open/auth`
 * (`{"preferred_username", "iss": "arangodb", "iat", "exp"}`) and checks them on every request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  iss?: string;
  preferred_username?: string;
  server_id?: string;
  iat?: number;
  exp?: number;
  [claim: string]: unknown;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function signature(signingInput: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

/** Signs `claims` with `secret`. */
export function signJwt(claims: JwtClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signingInput = `${HEADER}.${payload}`;
  return `${signingInput}.${signature(signingInput, secret).toString('base64url')}`;
}

/**
 * The claims of a token signed with `secret` that has not expired at `nowSeconds`, or undefined
 * (bad shape, other algorithm, wrong signature, wrong issuer, expired).
 */
export function verifyJwt(token: string, secret: string, nowSeconds: number): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return undefined;
  }
  const [header, payload, sent] = parts as [string, string, string];
  const expected = signature(`${header}.${payload}`, secret);
  const given = Buffer.from(sent, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return undefined;
  }
  const parsedHeader = parseSegment(header);
  if (parsedHeader?.['alg'] !== 'HS256') {
    return undefined;
  }
  const claims = parseSegment(payload) as JwtClaims | undefined;
  if (claims === undefined || claims.iss !== 'arangodb') {
    return undefined;
  }
  if (typeof claims.exp === 'number' && claims.exp <= nowSeconds) {
    return undefined;
  }
  return claims;
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
