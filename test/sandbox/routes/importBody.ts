/**
 * The three bodies `POST /_api/import` reads (RestImportHandler): JSON Lines (`type=documents`),
 * one JSON array (`type=array`/`list`), and without a known `type` a first line of attribute names
 * followed by one array of values per line. Each becomes a list of entries — a value to import,
 * an empty line, or an error with arangod's wording — before anything is written.
 */
import { setMember } from '../data/jsonValues';
import type { ArangoError } from '../errors';
import { badParameter, internalError } from '../server/serverErrors';

export type ImportEntry =
  | { kind: 'value'; value: unknown; position: number }
  | { kind: 'empty' }
  /** `failure`: what the import answers instead when `complete` is set. */
  | { kind: 'error'; message: string; failure?: ArangoError };

export interface ImportBody {
  entries: ImportEntry[];
  /**
   * A line that cannot be parsed in the JSON Lines form ends reading there under `complete`
   * without failing the import: arangod then inserts what it read before that line.
   */
  stoppedEarly: boolean;
}

/** arangod's whitespace around a line (without the newline). */
const LINE_SPACE = new Set([' ', '\t', '\r', '\b', '\f']);

export function positionized(position: number, message: string): string {
  return `at position ${position}: ${message}`;
}

/** What arangod quotes of an offending line or document: 255 characters at most. */
export function offending(text: string): string {
  return text.length > 255 ? `${text.slice(0, 255)}...` : text;
}

function parseLine(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch {
    return { ok: false };
  }
}

function parseErrorMessage(position: number, line: string): string {
  return positionized(position, `invalid JSON type (expecting object, probably parse error), offending context: ${offending(line)}`);
}

/** `type=documents`: one JSON value per line; lines are numbered from 1, empty ones counted. */
export function jsonLines(text: string, complete: boolean): ImportBody {
  const entries: ImportEntry[] = [];
  let index = 0;
  let position = 0;
  while (index < text.length) {
    position += 1;
    while (index < text.length && LINE_SPACE.has(text[index]!)) {
      index += 1;
    }
    if (index >= text.length) {
      break;
    }
    const newline = text.indexOf('\n', index);
    if (newline === index) {
      entries.push({ kind: 'empty' });
      index += 1;
      continue;
    }
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(index, end);
    index = end + 1;
    const parsed = parseLine(line);
    if (!parsed.ok) {
      entries.push({ kind: 'error', message: parseErrorMessage(position, line) });
      if (complete) {
        return { entries, stoppedEarly: true };
      }
      continue;
    }
    entries.push({ kind: 'value', value: parsed.value, position });
  }
  return { entries, stoppedEarly: false };
}

/** `type=array` (or `list`): the whole body is one JSON array; elements are numbered from 1. */
export function jsonArray(text: string): ImportBody {
  let documents: unknown;
  try {
    documents = JSON.parse(text) as unknown;
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    throw badParameter(`expecting a valid JSON array in the request. got: ${reason}`);
  }
  if (!Array.isArray(documents)) {
    throw badParameter('expecting a JSON array in the request');
  }
  return { entries: documents.map((value, index) => ({ kind: 'value', value, position: index + 1 })), stoppedEarly: false };
}

/** `type=auto`: an array if the first character that is not white space is `[`, JSON Lines otherwise. */
export function startsWithArray(text: string): boolean {
  return text.trimStart().startsWith('[');
}

function trimLine(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && (LINE_SPACE.has(line[start]!) || line[start] === '\n')) {
    start += 1;
  }
  while (end > start && (LINE_SPACE.has(line[end - 1]!) || line[end - 1] === '\n')) {
    end -= 1;
  }
  return line.slice(start, end);
}

/** The attribute names of the first line: a non-empty array of strings, or 400. */
function headerKeys(line: string): string[] {
  const parsed = parseLine(trimLine(line));
  if (!parsed.ok || !Array.isArray(parsed.value) || parsed.value.length === 0 || !parsed.value.every((key) => typeof key === 'string')) {
    throw badParameter('no JSON string array found in first line');
  }
  return parsed.value;
}

/**
 * No `type`: the first line names the attributes, each further line is an array of values (null
 * values are left out of the document). Lines are numbered from `firstLine` + 1 (the `line` query
 * parameter). A line of the wrong length is an error unless `ignoreMissing`.
 */
export function attributeLines(text: string, firstLine: number, ignoreMissing: boolean, complete: boolean): ImportBody {
  const firstNewline = text.indexOf('\n');
  if (firstNewline < 0) {
    throw badParameter('no JSON array found in second line');
  }
  const keys = headerKeys(text.slice(0, firstNewline));
  const entries: ImportEntry[] = [];
  let position = firstLine;
  for (const rawLine of text.slice(firstNewline + 1).split('\n')) {
    position += 1;
    const line = trimLine(rawLine);
    if (line === '') {
      entries.push({ kind: 'empty' });
      continue;
    }
    const entry = attributeLine(keys, line, position, ignoreMissing);
    entries.push(entry);
    if (entry.kind === 'error' && complete) {
      break;
    }
  }
  return { entries, stoppedEarly: false };
}

function attributeLine(keys: readonly string[], line: string, position: number, ignoreMissing: boolean): ImportEntry {
  const parsed = parseLine(line);
  // arangod fails these lines with an internal error, which `complete` turns into its answer.
  const failed = (message: string): ImportEntry => ({ kind: 'error', message, failure: internalError() });
  if (!parsed.ok) {
    return failed(parseErrorMessage(position, line));
  }
  const values = parsed.value;
  if (!Array.isArray(values)) {
    return failed(positionized(position, 'no valid JSON array data'));
  }
  if (!ignoreMissing && values.length !== keys.length) {
    return failed(positionized(position, `wrong number of JSON values (got ${values.length}, expected ${keys.length})`));
  }
  const document: Record<string, unknown> = {};
  keys.forEach((key, index) => {
    const value: unknown = values[index];
    if (value !== undefined && value !== null) {
      setMember(document, key, value);
    }
  });
  return { kind: 'value', value: document, position };
}
