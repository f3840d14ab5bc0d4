/**
 * Splits a row's JSON text into its top-level attributes without parsing their values, so a
 * number keeps every digit the server sent (`12345678901234567890123` stays those digits; a
 * JavaScript number would round it). Rows come from the stored JSON Lines, which
 * {@link RawBatch} copied from the server's answers with their boundaries already found; this
 * scanner goes one level further, into one row. It works on the decoded line (the caller needs
 * it as text anyway), and it finds members, it does not validate them.
 */
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, isJsonWhitespace as isWhitespace } from './jsonBytes';
import { ResultStoreError } from './resultStoreError';

/** One top-level attribute: its name (unescaped) and its value as JSON text. */
export interface RowMember {
  readonly name: string;
  readonly raw: string;
}

export function skipWhitespace(text: string, at: number): number {
  while (at < text.length && isWhitespace(text.charCodeAt(at))) at += 1;
  return at;
}

function fail(text: string, at: number, expected: string): never {
  throw new ResultStoreError('RESULT_INVALID_ROWS', `A stored row is not JSON: expected ${expected} at character ${at} of ${text.length}.`);
}

/** The index just past the string whose opening quote is at `start`. */
function skipString(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    const next = text.indexOf('"', at);
    if (next < 0) return fail(text, text.length, 'the end of a string');
    // An escaped quote has an odd number of backslashes before it.
    let backslashes = 0;
    while (text.charCodeAt(next - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return next + 1;
    at = next + 1;
  }
}

/** The index just past the JSON value that starts at `start` (no whitespace before it). */
export function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return skipString(text, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let at = start;
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        at = skipString(text, at);
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return at + 1;
      }
      at += 1;
    }
    return fail(text, at, 'the end of a nested value');
  }
  // A number, true, false or null runs until a separator.
  let at = start;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isWhitespace(code)) break;
    at += 1;
  }
  if (at === start) fail(text, at, 'a value');
  return at;
}

/** A JSON string token's value: most names and values hold no escape, and need no parse. */
export function unquote(token: string): string {
  return token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
}

/**
 * Calls `visit` with each top-level attribute of a row, in order: its name (unescaped) and where
 * its value's JSON text starts and ends in `text`. Returns false, visiting nothing, when the row
 * is not an object. Passes that need only names (the columns) or a few values (an export) take
 * no copy of the others. Throws `ResultStoreError` (`RESULT_INVALID_ROWS`) when an object row is
 * cut short or malformed where the scanner looks.
 */
export function forEachMember(text: string, visit: (name: string, valueStart: number, valueEnd: number) => void): boolean {
  let at = skipWhitespace(text, 0);
  if (text.charCodeAt(at) !== OPEN_BRACE) return false;
  at = skipWhitespace(text, at + 1);
  if (text.charCodeAt(at) === CLOSE_BRACE) return true;
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) fail(text, at, 'an attribute name');
    const nameEnd = skipString(text, at);
    const name = unquote(text.slice(at, nameEnd));
    at = skipWhitespace(text, nameEnd);
    if (text.charCodeAt(at) !== COLON) fail(text, at, 'a colon');
    const valueStart = skipWhitespace(text, at + 1);
    const valueEnd = skipValue(text, valueStart);
    visit(name, valueStart, valueEnd);
    at = skipWhitespace(text, valueEnd);
    const separator = text.charCodeAt(at);
    if (separator === CLOSE_BRACE) return true;
    if (separator !== COMMA) fail(text, at, 'a comma or }');
    at = skipWhitespace(text, at + 1);
  }
}

/**
 * The top-level attributes of a row in their order, or `undefined` when the row is not an
 * object (an array, a string, a number, …); see {@link forEachMember}.
 *
 * @example rowMembers('{"_key":"a","n":12345678901234567890123}') // [{name:'_key',raw:'"a"'},{name:'n',raw:'12345678901234567890123'}]
 */
export function rowMembers(text: string): RowMember[] | undefined {
  const members: RowMember[] = [];
  const isObject = forEachMember(text, (name, start, end) => {
    members.push({ name, raw: text.slice(start, end) });
  });
  return isObject ? members : undefined;
}

/**
 * A value's text as a table shows it: a string without its quotes and escapes, anything else
 * (numbers with every digit, `true`, `null`, nested objects and arrays) as its JSON text.
 */
export function cellText(raw: string): string {
  return raw.charCodeAt(0) === QUOTE ? unquote(raw) : raw;
}
