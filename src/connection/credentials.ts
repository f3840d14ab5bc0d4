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
