import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { bindVarKeyOf, scanAql } from './aqlLexer';

/**
 * The bind parameters a query declares, as `bindVars` keys, each once, in order of first
 * appearance: `values` for `@name` (key `name`), `collections` for `@@coll` (key `@coll`,
 * with the one `@` that arangod keeps in the name).
 */
export interface BindParameters {
  readonly values: string[];
  readonly collections: string[];
}

/**
 * Finds the bind parameters of a query the way AQL's lexer sees them: occurrences inside
 * strings, quoted names and comments do not count.
 *
 * @example
 * findBindParameters('FOR d IN @@coll FILTER d.a == @a /* @b *\/ RETURN "@c"');
 * // { values: ['a'], collections: ['@coll'] }
 */
export function findBindParameters(query: string): BindParameters {
  const values = new Set<string>();
  const collections = new Set<string>();
  for (const token of scanAql(query)) {
    const key = bindVarKeyOf(token);
    if (key === undefined) {
      continue;
    }
    (token.kind === 'collectionParameter' ? collections : values).add(key);
  }
  return { values: [...values], collections: [...collections] };
}

/** Every `bindVars` key a query needs: values first, then collections. */
export function requiredBindVarKeys(parameters: BindParameters): string[] {
  return [...parameters.values, ...parameters.collections];
}

/** The outcome of reading a value a person typed for a bind parameter. */
export type ParsedBindValue = { ok: true; value: unknown } | { ok: false; message: string };

/** Which kind of parameter a typed value is for: `@name` takes any JSON, `@@name` a name. */
export type BindParameterKind = 'value' | 'collection';

// Extended collection names (3.11+) allow almost any character; a bare word here only has to be
// unambiguous, so anything without quotes, brackets or whitespace is taken as the name itself.
const BARE_COLLECTION_NAME = /^[^\s"'`{}[\],:]+$/u;

/**
 * Reads the value typed for a bind parameter. Values are JSON (`42`, `"text"`, `true`,
 * `null`, `[1, 2]`, `{"a": 1}`); a bare word is refused with a hint to quote it. For a
 * collection parameter (`@@name`) the value is a collection name: a JSON string, or the bare
 * name as typed.
 *
 * @example
 * parseBindValue('42'); // { ok: true, value: 42 }
 * parseBindValue('users', 'collection'); // { ok: true, value: 'users' }
 * parseBindValue('users'); // { ok: false, message: 'users is not JSON. ...' }
 */
export function parseBindValue(text: string, kind: BindParameterKind = 'value'): ParsedBindValue {
  const trimmed = text.trim();
  if (trimmed === '') {
    return {
      ok: false,
      message:
        kind === 'collection'
          ? 'Enter a collection name, e.g. users.'
          : 'Enter a JSON value, e.g. 42, "text", true, null, [1, 2] or {"a": 1}.',
    };
  }
  let parsed: { value: unknown } | undefined;
  try {
    parsed = { value: JSON.parse(trimmed) as unknown };
  } catch {
    parsed = undefined;
  }
  if (kind === 'collection') {
    if (parsed !== undefined) {
      return typeof parsed.value === 'string' && parsed.value !== ''
        ? { ok: true, value: parsed.value }
        : { ok: false, message: 'A collection parameter needs a collection name (a string), e.g. users.' };
    }
    return BARE_COLLECTION_NAME.test(trimmed)
      ? { ok: true, value: trimmed }
      : { ok: false, message: `${trimmed} is not a collection name. Enter the name alone, e.g. users.` };
  }
  if (parsed !== undefined) {
    return { ok: true, value: parsed.value };
  }
  return {
    ok: false,
    message: `${trimmed} is not JSON. To pass it as text, put it in double quotes: ${JSON.stringify(trimmed)}.`,
  };
}

/** The file name suffix of a query's bind-parameter file. */
export const BIND_VARS_SUFFIX = '.bindvars.json';

/**
 * The bind-parameter file that belongs to a query file: next to it, its name without the
 * `.aql` extension plus `.bindvars.json` (`q.aql` → `q.bindvars.json`). A file with another
 * extension keeps it (`notes.txt` → `notes.txt.bindvars.json`), so two queries never share
 * one file. Only this one name is read: a second accepted spelling would leave a person
 * guessing which file won.
 *
 * @example
 * bindVarsFileFor('/w/reports/q.aql'); // '/w/reports/q.bindvars.json'
 */
export function bindVarsFileFor(documentPath: string): string {
  const directory = path.dirname(documentPath);
  const base = path.basename(documentPath);
  const name = base.toLowerCase().endsWith('.aql') ? base.slice(0, -'.aql'.length) : base;
  return path.join(directory, `${name}${BIND_VARS_SUFFIX}`);
}

/** Why a bind-parameter file could not be used. */
export type BindVarsFileErrorCode = 'BINDVARS_UNREADABLE' | 'BINDVARS_NOT_JSON' | 'BINDVARS_NOT_OBJECT';

/** A bind-parameter file exists but cannot be used; the message says what to fix. */
export class BindVarsFileError extends Error {
  override readonly name = 'BindVarsFileError';

  constructor(
    readonly code: BindVarsFileErrorCode,
    readonly filePath: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function describeJsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * Reads a bind-parameter file: a JSON object from `bindVars` keys to values (collection
 * parameters keep their `@`: `{"id": 1, "@coll": "users"}`). Resolves to `undefined` when the
 * file does not exist; rejects with {@link BindVarsFileError} when it cannot be read, is not
 * JSON, or is not an object.
 *
 * @example
 * const fromFile = await readBindVarsFile(bindVarsFileFor(document.fileName));
 */
export async function readBindVarsFile(filePath: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new BindVarsFileError('BINDVARS_UNREADABLE', filePath, `Cannot read ${filePath}: ${reason}`, {
      cause: error,
    });
  }
  let value: unknown;
  try {
    // Editors on Windows may save a byte order mark, which JSON.parse refuses.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BindVarsFileError(
      'BINDVARS_NOT_JSON',
      filePath,
      `${filePath} is not valid JSON (${reason}). It must hold an object such as {"id": 1, "@coll": "users"}.`,
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BindVarsFileError(
      'BINDVARS_NOT_OBJECT',
      filePath,
      `${filePath} holds ${describeJsonType(value)}, but must hold a JSON object mapping parameter names to values, such as {"id": 1, "@coll": "users"}.`,
    );
  }
  return value as Record<string, unknown>;
}

/** The bind variables a query can run with, and what is still to be asked for. */
export interface MergedBindVars {
  /** Values for the required keys that have one: the file's first, then remembered ones. */
  readonly bindVars: Record<string, unknown>;
  /** Required keys with no value anywhere, in the order given. */
  readonly missing: string[];
  /** Keys in the file that the query does not declare: left out, since arangod refuses them (1552). */
  readonly unused: string[];
}

/**
 * Combines the values of a bind-parameter file with values remembered from earlier runs, for
 * the keys a query requires. The file wins, because it is what the person wrote down; a
 * remembered value only fills a gap. Keys the query does not declare are dropped, since
 * sending them fails the query with 1552.
 *
 * @example
 * mergeBindVars({ a: 1, z: 0 }, { a: 9, b: 2 }, ['a', 'b', '@c']);
 * // { bindVars: { a: 1, b: 2 }, missing: ['@c'], unused: ['z'] }
 */
export function mergeBindVars(
  fromFile: Readonly<Record<string, unknown>> | undefined,
  remembered: Readonly<Record<string, unknown>> | undefined,
  required: readonly string[],
): MergedBindVars {
  const has = (source: Readonly<Record<string, unknown>> | undefined, key: string): boolean =>
    source !== undefined && Object.prototype.hasOwnProperty.call(source, key);
  // Entries, not assignments: a parameter may be called `@__proto__`.
  const entries: [string, unknown][] = [];
  const missing: string[] = [];
  for (const key of new Set(required)) {
    if (has(fromFile, key)) {
      entries.push([key, fromFile?.[key]]);
    } else if (has(remembered, key)) {
      entries.push([key, remembered?.[key]]);
    } else {
      missing.push(key);
    }
  }
  const bindVars = Object.fromEntries(entries);
  const requiredKeys = new Set(required);
  const unused = fromFile === undefined ? [] : Object.keys(fromFile).filter((key) => !requiredKeys.has(key));
  return { bindVars, missing, unused };
}
