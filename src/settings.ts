/** The extension's settings, typed; plain TypeScript so tests can check them against package.json. */

/** Every `arangodb.*` setting, typed. package.json's `contributes.configuration` declares the same keys. */
export interface Settings {
  urls: string[];
  database: string;
  username: string;
  tls: { caFile: string; allowSelfSigned: boolean };
  query: { batchSize: number; cursorTtl: number; maxRuntime: number; memoryLimit: number; profile: boolean };
  results: { rowLimit: number; autoFetch: boolean; notifyOnFinish: boolean };
  polling: { intervalMs: number };
  requestTimeoutMs: number;
  /** The History view (`arangodb.history.*`). */
  history: { maxEntries: number };
  /** Checks as you type (`arangodb.checks.enabled`). */
  checks: { enabled: boolean };
  /** Completion and hover (`arangodb.completion.*`): whether the schema is asked for, and how many documents are sampled. */
  completion: { serverSchema: boolean; sampleSize: number };
}

export const SETTING_KEYS = [
  'url',
  'coordinators',
  'database',
  'username',
  'tls.caFile',
  'tls.allowSelfSigned',
  'query.batchSize',
  'query.cursorTtl',
  'query.maxRuntime',
  'query.memoryLimit',
  'query.profile',
  'results.rowLimit',
  'results.autoFetch',
  'results.notifyOnFinish',
  'polling.intervalMs',
  'requestTimeoutMs',
  'history.maxEntries',
  'checks.enabled',
  'completion.serverSchema',
  'completion.sampleSize',
] as const;

/** Reads one setting, falling back to `fallback` when it is unset. */
export type SettingLookup = <T>(key: (typeof SETTING_KEYS)[number], fallback: T) => T;

/** Builds typed settings from a lookup, clamping values to what the server and the poller accept. */
export function settingsFrom(get: SettingLookup): Settings {
  return {
    urls: serverUrls(get<unknown>('url', ''), get<unknown>('coordinators', [])),
    database: get('database', '_system') || '_system',
    username: get('username', 'root') || 'root',
    tls: {
      caFile: get('tls.caFile', ''),
      allowSelfSigned: get('tls.allowSelfSigned', false),
    },
    query: {
      batchSize: get('query.batchSize', 1000),
      cursorTtl: get('query.cursorTtl', 600),
      maxRuntime: get('query.maxRuntime', 0),
      memoryLimit: get('query.memoryLimit', 0),
      profile: get('query.profile', false),
    },
    results: {
      rowLimit: get('results.rowLimit', 10000),
      autoFetch: get('results.autoFetch', true),
      notifyOnFinish: get('results.notifyOnFinish', true),
    },
    polling: { intervalMs: Math.max(200, get('polling.intervalMs', 1000)) },
    requestTimeoutMs: Math.max(1000, get('requestTimeoutMs', 60000)),
    history: { maxEntries: Math.max(0, Math.floor(get('history.maxEntries', 500))) },
    checks: { enabled: get('checks.enabled', true) },
    completion: {
      serverSchema: get('completion.serverSchema', true),
      sampleSize: Math.min(1000, Math.max(0, Math.floor(get('completion.sampleSize', 20)))),
    },
  };
}

/**
 * The coordinator list: `arangodb.url` first, then `arangodb.coordinators`, each once. Versions up
 * to 0.1 kept the whole list in `arangodb.url` (a string array, or commas), which still reads the
 * same, so a secret stored for that list (keyed by it) keeps working.
 */
export function serverUrls(url: unknown, coordinators: unknown): string[] {
  const entries = [...urlEntries(url), ...urlEntries(coordinators)];
  return entries.filter((entry, index) => entries.indexOf(entry) === index);
}

function urlEntries(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : typeof value === 'string' ? value.split(',') : [];
  return parts.map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

/** How a list of URLs typed into *Connect to ArangoDB* is written: the first as the server, the rest as further coordinators. */
export function urlSettingsFor(urls: readonly string[]): { url: string; coordinators: string[] } {
  return { url: urls[0] ?? '', coordinators: urls.slice(1) };
}

/** The URLs typed into *Connect to ArangoDB* (commas between coordinators), or what is wrong with them. */
export function parseUrlList(text: string): { urls: string[] } | { problem: string } {
  const urls = text.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  if (urls.length === 0) {
    return { problem: 'Enter a URL such as http://127.0.0.1:8529' };
  }
  for (const entry of urls) {
    let parsed: URL;
    try {
      parsed = new URL(entry);
    } catch {
      return { problem: `${entry} is not a URL` };
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return { problem: `${entry}: use http:// or https://` };
    }
    if (parsed.username || parsed.password) {
      return { problem: 'Leave credentials out of the URL: the password is asked for next and kept in secret storage.' };
    }
  }
  return { urls };
}
