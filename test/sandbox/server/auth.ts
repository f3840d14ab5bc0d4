/**
 * Who a request comes from: HTTP Basic or a bearer JWT, as arangod accepts them (PROTOCOL §5).
 * Every user of the sandbox may use every database.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { signJwt, verifyJwt } from './jwt';
import { headerValue, type Principal } from './messages';

export interface AuthenticatorOptions {
  /** false: like `--server.authentication false`, every request runs as an internal context. */
  enabled: boolean;
  /** User name → password. */
  users: ReadonlyMap<string, string>;
  jwtSecret: string;
  jwtTtlSeconds: number;
  now?: () => number;
}

/** The internal context: authentication off, or a superuser JWT (no user name). */
const INTERNAL: Principal = { user: '', superuser: true };

export class Authenticator {
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  /**
   * The sender of a request, or undefined when authentication is on and the credentials are
   * missing, wrong or expired.
   */
  authenticate(headers: IncomingHttpHeaders): Principal | undefined {
    if (!this.options.enabled) {
      return INTERNAL;
    }
    const authorization = headerValue(headers, 'authorization')?.trim();
    if (authorization === undefined) {
      return undefined;
    }
    const space = authorization.indexOf(' ');
    const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
    const credentials = space < 0 ? '' : authorization.slice(space + 1).trim();
    if (scheme === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon < 0 ? decoded : decoded.slice(0, colon);
      const password = colon < 0 ? '' : decoded.slice(colon + 1);
      return this.checkPassword(user, password) ? { user, superuser: false } : undefined;
    }
    if (scheme === 'bearer') {
      const claims = verifyJwt(credentials, this.options.jwtSecret, this.now() / 1000);
      if (claims === undefined) {
        return undefined;
      }
      const user = claims.preferred_username;
      if (typeof user === 'string' && user !== '') {
        return this.options.users.has(user) ? { user, superuser: false } : undefined;
      }
      // A token without a user name is a superuser token (what `--server.jwt-secret` holders mint).
      return INTERNAL;
    }
    return undefined;
  }

  /** Whether `password` is `user`'s password. */
  checkPassword(user: string, password: string): boolean {
    const expected = this.options.users.get(user);
    if (expected === undefined) {
      return false;
    }
    const a = Buffer.from(expected, 'utf8');
    const b = Buffer.from(password, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** A token as `POST /_open/auth` hands it out. */
  issueToken(user: string): string {
    const nowSeconds = Math.floor(this.now() / 1000);
    return signJwt(
      { preferred_username: user, iss: 'arangodb', iat: nowSeconds, exp: nowSeconds + this.options.jwtTtlSeconds },
      this.options.jwtSecret,
    );
  }
}
