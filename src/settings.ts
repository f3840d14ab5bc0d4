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
}

export const SETTING_KEYS = [
  'url',
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
] as const;

/** Reads one setting, falling back to `fallback` when it is unset. */
export type SettingLookup = <T>(key: (typeof SETTING_KEYS)[number], fallback: T) => T;

/** Builds typed settings from a lookup, clamping values to what the server and the poller accept. */
export function settingsFrom(get: SettingLookup): Settings {
  const url = get<string | string[]>('url', '');
  const urls = (Array.isArray(url) ? url : url.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return {
    urls,
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
  };
}
