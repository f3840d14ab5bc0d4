import type { Settings } from '../config';

/** A password (HTTP Basic) or a ready JWT, as kept in VS Code's SecretStorage. */
export interface StoredSecret {
  kind: 'password' | 'token';
  value: string;
}

/** One secret per user and server, so switching servers never sends a password to the wrong one. */
export function credentialsKey(settings: Pick<Settings, 'username' | 'urls'>): string {
  return `arangodb.credentials:${settings.username}@${settings.urls.join(',')}`;
}

export function parseStoredSecret(raw: string | undefined): StoredSecret | undefined {
  if (raw === undefined) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<StoredSecret>;
    if ((parsed.kind === 'password' || parsed.kind === 'token') && typeof parsed.value === 'string') {
      return { kind: parsed.kind, value: parsed.value };
    }
  } catch {
    // An unreadable secret counts as none: the user is asked again.
  }
  return undefined;
}

/**
 * The URLs a stored password would cross the network to in the clear: HTTP Basic sends it with
 * every request, readable by anyone on the path unless TLS wraps it. A token is short-lived and
 * not the password, and a loopback address never leaves this machine, so neither is counted; nor
 * is an empty password, which gives nothing away.
 */
export function passwordExposedTo(urls: readonly string[], secret: StoredSecret | undefined): string[] {
  if (secret?.kind !== 'password' || secret.value.length === 0) {
    return [];
  }
  return urls.filter((url) => {
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'http:' && !isLoopback(parsed.hostname);
    } catch {
      return false;
    }
  });
}

/** `localhost` (RFC 6761 keeps `*.localhost` on the loopback too), 127.0.0.0/8 and ::1, as URL spells them. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') {
    return true;
  }
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    return true;
  }
  // An IPv4-mapped 127.x address, which URL writes in hex: [::ffff:7f00:1].
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}
