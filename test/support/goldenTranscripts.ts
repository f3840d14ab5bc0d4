/**
 * The golden transcripts in `test/fixtures/arangodb-golden/` (origin and format in its README):
 * loading them, and comparing a live response with a recorded one the way the README prescribes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface TranscriptRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface TranscriptResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface TranscriptStep {
  request: TranscriptRequest;
  response?: TranscriptResponse;
  /** False when the answer was not recorded: send the step, do not judge it. */
  recorded?: boolean;
  capture?: 'job' | 'cursor';
}

export interface Transcript {
  name: string;
  what: string;
  source: string;
  setup?: TranscriptStep[];
  steps: TranscriptStep[];
  teardown?: TranscriptStep[];
}

/** The repository root: the nearest folder above `from` holding a package.json. */
export function findRepoRoot(from: string = __dirname): string {
  let folder = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(folder, 'package.json'))) {
      return folder;
    }
    const parent = path.dirname(folder);
    if (parent === folder) {
      throw new Error(`no package.json above ${from}`);
    }
    folder = parent;
  }
}

/** The repository's copy of the golden transcripts (`npm run golden:refresh` renews it). */
export function goldenFolder(): string {
  return path.join(findRepoRoot(), 'test', 'fixtures', 'arangodb-golden');
}

/** The transcripts at the top of the golden folder (not `v3.11/` or `later/`), by file name. */
export function loadTranscripts(folder: string = goldenFolder()): { file: string; transcript: Transcript }[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort()
    .map((file) => ({ file, transcript: JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Transcript }));
}

/**
 * Values that differ from run to run on a real server (README): compared by type only.
 * `license` depends on the edition (the recordings come from an Enterprise build, the sandbox and
 * most test servers are Community); the statistics depend on the optimizer's plan.
 */
const RUN_VARYING_KEYS = new Set([
  'version',
  'license',
  'time',
  'executionTime',
  'peakMemoryUsage',
  '_rev',
  '_key',
  '_id',
  'scannedFull',
  'scannedIndex',
  'filtered',
  'documentLookups',
  'seeks',
  'cursorsCreated',
  'cursorsRearmed',
  'cacheHits',
  'cacheMisses',
  'httpRequests',
]);

/** Captured values (`$job`, `$cursor`) for substitution; a missing one matches any id string. */
export type Captures = Partial<Record<'job' | 'cursor', string>>;

/** Drops plan-node tags such as ` [node #3: RemoveNode]` from an error message. */
export function withoutNodeTags(message: string): string {
  return message.replace(/\s*\[node #\d+: [A-Za-z]+\]/g, '');
}

function typeName(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'array' : typeof value;
}

function placeholder(value: unknown): 'job' | 'cursor' | undefined {
  return value === '$job' ? 'job' : value === '$cursor' ? 'cursor' : undefined;
}

/** Differences between a recorded JSON body and a live one, one readable line each. */
export function compareJson(expected: unknown, actual: unknown, captures: Captures, where = 'body'): string[] {
  const variable = placeholder(expected);
  if (variable !== undefined) {
    const captured = captures[variable];
    if (captured === undefined) {
      return typeof actual === 'string' && /^\d+$/.test(actual) ? [] : [`${where}: expected an id string ($${variable}), got ${JSON.stringify(actual)}`];
    }
    return actual === captured ? [] : [`${where}: expected $${variable} = ${JSON.stringify(captured)}, got ${JSON.stringify(actual)}`];
  }
  if (typeName(expected) !== typeName(actual)) {
    return [`${where}: expected ${typeName(expected)} ${JSON.stringify(expected)}, got ${typeName(actual)} ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      return [`${where}: expected ${expected.length} elements ${JSON.stringify(expected)}, got ${actual.length} ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((element, i) => compareJson(element, actual[i], captures, `${where}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    const expectedObject = expected as Record<string, unknown>;
    const actualObject = actual as Record<string, unknown>;
    const expectedKeys = Object.keys(expectedObject);
    const actualKeys = Object.keys(actualObject);
    const differences: string[] = [];
    const missing = expectedKeys.filter((key) => !(key in actualObject));
    const extra = actualKeys.filter((key) => !(key in expectedObject));
    if (missing.length > 0) {
      differences.push(`${where}: missing keys ${missing.join(', ')}`);
    }
    if (extra.length > 0) {
      differences.push(`${where}: unexpected keys ${extra.join(', ')}`);
    }
    if (missing.length === 0 && extra.length === 0 && expectedKeys.join(',') !== actualKeys.join(',')) {
      differences.push(`${where}: keys in order ${actualKeys.join(', ')}; 3.12 orders them ${expectedKeys.join(', ')}`);
    }
    for (const key of expectedKeys) {
      if (!(key in actualObject)) {
        continue;
      }
      const childWhere = `${where}.${key}`;
      if (RUN_VARYING_KEYS.has(key)) {
        if (typeName(expectedObject[key]) !== typeName(actualObject[key])) {
          differences.push(`${childWhere}: expected a ${typeName(expectedObject[key])}, got ${JSON.stringify(actualObject[key])}`);
        }
      } else if (key === 'errorMessage' && typeof expectedObject[key] === 'string' && typeof actualObject[key] === 'string') {
        const want = withoutNodeTags(expectedObject[key]);
        const got = withoutNodeTags(actualObject[key]);
        if (want !== got) {
          differences.push(`${childWhere}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        }
      } else {
        differences.push(...compareJson(expectedObject[key], actualObject[key], captures, childWhere));
      }
    }
    return differences;
  }
  return expected === actual ? [] : [`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

export interface LiveResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Differences between a recorded response and a live one (status, async id, media type, body). */
export function compareResponse(expected: TranscriptResponse, actual: LiveResponse, captures: Captures): string[] {
  const differences: string[] = [];
  if (expected.status !== actual.status) {
    differences.push(`status: expected ${expected.status}, got ${actual.status}`);
  }
  const expectedAsyncId = expected.headers['x-arango-async-id'];
  const actualAsyncId = single(actual.headers['x-arango-async-id']);
  if (expectedAsyncId === undefined && actualAsyncId !== undefined) {
    differences.push(`header x-arango-async-id: expected none, got ${actualAsyncId}`);
  } else if (expectedAsyncId !== undefined) {
    differences.push(...compareJson(expectedAsyncId, actualAsyncId ?? null, captures, 'header x-arango-async-id'));
  }
  const expectedType = expected.headers['content-type'];
  const actualType = single(actual.headers['content-type'])?.split(';')[0]?.trim();
  if (expectedType !== undefined && expectedType !== actualType) {
    differences.push(`content-type: expected ${expectedType}, got ${String(actualType)}`);
  }
  if (expected.body === '') {
    if (actual.text !== '') {
      differences.push(`body: expected empty, got ${actual.text}`);
    }
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(actual.text) as unknown;
    } catch {
      differences.push(`body: expected JSON, got ${JSON.stringify(actual.text)}`);
      return differences;
    }
    differences.push(...compareJson(expected.body, parsed, captures));
  }
  return differences;
}
