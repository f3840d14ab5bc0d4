/**
 * Credentials for one database handle and the `Authorization` header they produce.
 * Secrets live in private fields only: they never reach an error, a log event or `toJSON`.
 */

/**
 * How to authenticate:
 * - `{ username, password }`: HTTP Basic on every request.
 * - `{ username, password, auth: 'jwt' }`: log in once with `POST /_open/auth`, then send
 *   `bearer <jwt>`; the token is cached, renewed shortly before it expires and once after a 401.
 * - `{ token }`: a JWT you obtained yourself, sent as `bearer <token>`.
 *
 * @example client.db('test', { username: 'root', password: 'passwd', auth: 'jwt' })
 */
export type Credentials =
  | { readonly username: string; readonly password?: string; readonly auth?: 'basic' | 'jwt' }
  | { readonly token: string };

/** Logs in and returns a JWT (the connection performs the request). */
export type JwtLogin = (username: string, password: string) => Promise<string>;

/**
 * Renew this long before the token's own `exp`, so a request never leaves with a dying token;
 * short-lived tokens are renewed after nine tenths of their life instead.
 */
const EXPIRY_MARGIN_MS = 30_000;

interface CachedToken {
  readonly header: string;
  /** When to log in again; `undefined` when the token says nothing about its expiry. */
  readonly renewAtMs: number | undefined;
}

/** @internal */
export class Authenticator {
  readonly username: string | undefined;
  readonly #mode: 'basic' | 'jwt' | 'token';
  readonly #password: string;
  readonly #fixedHeader: string | undefined;
  #cached: CachedToken | undefined;
  #login: Promise<CachedToken> | undefined;

  constructor(credentials: Credentials) {
    if ('token' in credentials) {
      this.username = undefined;
      this.#mode = 'token';
      this.#password = '';
      this.#fixedHeader = `bearer ${credentials.token}`;
      return;
    }
    this.username = credentials.username;
    this.#password = credentials.password ?? '';
    this.#mode = credentials.auth === 'jwt' ? 'jwt' : 'basic';
    this.#fixedHeader = this.#mode === 'basic'
      ? `Basic ${Buffer.from(`${credentials.username}:${this.#password}`, 'utf8').toString('base64')}`
      : undefined;
  }

  /** True when a 401 can be answered by logging in again (a cached JWT may have been revoked). */
  get renewable(): boolean {
    return this.#mode === 'jwt';
  }

  /** The `Authorization` header value to send now. */
  async header(login: JwtLogin): Promise<string> {
    if (this.#fixedHeader !== undefined) return this.#fixedHeader;
    const cached = this.#cached;
    if (cached && (cached.renewAtMs === undefined || Date.now() < cached.renewAtMs)) {
      return cached.header;
    }
    // Concurrent requests share one login.
    this.#login ??= this.#logIn(login);
    try {
      return (await this.#login).header;
    } finally {
      this.#login = undefined;
    }
  }

  /** Forgets a JWT the server refused, unless another request already renewed it. */
  invalidate(refusedHeader: string): void {
    if (this.#cached?.header === refusedHeader) this.#cached = undefined;
  }

  async #logIn(login: JwtLogin): Promise<CachedToken> {
    const jwt = await login(this.username ?? '', this.#password);
    const expiresAtMs = expiryOf(jwt);
    const lifetimeMs = expiresAtMs === undefined ? undefined : expiresAtMs - Date.now();
    const renewAtMs = expiresAtMs === undefined || lifetimeMs === undefined ? undefined : expiresAtMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 10);
    const token: CachedToken = { header: `bearer ${jwt}`, renewAtMs };
    this.#cached = token;
    return token;
  }

  /** Keeps credentials out of `console.log(db)` and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return { username: this.username, mode: this.#mode };
  }
}

/** The `exp` claim of a JWT in milliseconds, if it can be read (the token stays opaque otherwise). */
function expiryOf(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
