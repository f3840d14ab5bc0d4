/**
 * A small AQL lexer: it splits a query into the tokens arangod's own lexer sees, as far as
 * bind-parameter detection and error positions need. It never fails: unknown characters become
 * `other` tokens and an unterminated string or comment runs to the end of the query.
 *
 * The rules follow arangod's flex lexer (`arangod/Aql/tokens.ll`, 3.x): bind parameters
 * `@(_+[a-zA-Z0-9]+[a-zA-Z0-9_]*|[a-zA-Z0-9][a-zA-Z0-9_]*)` and the same after `@@`;
 * identifiers `$?[a-zA-Z][_a-zA-Z0-9]*|_+[a-zA-Z]+[_a-zA-Z0-9]*`; strings in `'` or `"` and
 * names in backticks or forward ticks (`´`, U+00B4), each with backslash escapes; comments
 * `//` to the end of the line and `/* ... *\/` (not nested).
 */

/** What a token is, in the lexer's terms. */
export type AqlTokenKind =
  | 'whitespace'
  | 'lineComment'
  | 'blockComment'
  /** A string literal in single or double quotes. */
  | 'string'
  /** A name quoted with backticks or forward ticks (`` `name` ``, `´name´`). */
  | 'quotedName'
  /** `@name`: a value bind parameter. */
  | 'valueParameter'
  /** `@@name`: a collection (data source) bind parameter. */
  | 'collectionParameter'
  | 'identifier'
  | 'number'
  /** An operator or punctuation: `==`, `..`, `::`, `(`, `,`, ... */
  | 'operator'
  /** Anything else (a lone `@`, a non-ASCII character outside strings, ...). */
  | 'other';

/** One token: `start` and `end` are UTF-16 offsets into the query, `end` exclusive. */
export interface AqlToken {
  readonly kind: AqlTokenKind;
  readonly start: number;
  readonly end: number;
  /** The token's text as written, quotes and `@` included. */
  readonly text: string;
}

const FORWARD_TICK = '\u00b4';

/** Longest operators first, so `==` wins over `=`. */
const OPERATORS = ['=~', '!~', '==', '!=', '>=', '<=', '&&', '||', '::', '..'];

const PARAMETER_NAME = /_*[a-zA-Z0-9][a-zA-Z0-9_]*/y;
const IDENTIFIER = /\$?[a-zA-Z][_a-zA-Z0-9]*|_+[a-zA-Z][_a-zA-Z0-9]*/y;
const NUMBER =
  /0[xX][0-9a-fA-F]+|0[bB][01]+|(?:(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?/y;
const WHITESPACE = /[ \t\r\n]+/y;

function matchAt(pattern: RegExp, text: string, offset: number): number {
  pattern.lastIndex = offset;
  return pattern.exec(text)?.[0].length ?? 0;
}

/** End of a quoted run opened at `start` (exclusive), honouring backslash escapes. */
function endOfQuoted(query: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < query.length) {
    const c = query[i];
    if (c === '\\') {
      i += 2;
    } else if (c === quote) {
      return i + 1;
    } else {
      i += 1;
    }
  }
  return query.length;
}

function scanOne(query: string, i: number): { kind: AqlTokenKind; end: number } {
  const c = query[i] ?? '';
  const next = query[i + 1] ?? '';
  const whitespace = matchAt(WHITESPACE, query, i);
  if (whitespace > 0) {
    return { kind: 'whitespace', end: i + whitespace };
  }
  if (c === '/' && next === '/') {
    const newline = query.indexOf('\n', i);
    return { kind: 'lineComment', end: newline < 0 ? query.length : newline };
  }
  if (c === '/' && next === '*') {
    const close = query.indexOf('*/', i + 2);
    return { kind: 'blockComment', end: close < 0 ? query.length : close + 2 };
  }
  if (c === '"' || c === "'") {
    return { kind: 'string', end: endOfQuoted(query, i, c) };
  }
  if (c === '`' || c === FORWARD_TICK) {
    return { kind: 'quotedName', end: endOfQuoted(query, i, c) };
  }
  if (c === '@') {
    if (next === '@') {
      const name = matchAt(PARAMETER_NAME, query, i + 2);
      if (name > 0) {
        return { kind: 'collectionParameter', end: i + 2 + name };
      }
    }
    const name = matchAt(PARAMETER_NAME, query, i + 1);
    return name > 0 ? { kind: 'valueParameter', end: i + 1 + name } : { kind: 'other', end: i + 1 };
  }
  const identifier = matchAt(IDENTIFIER, query, i);
  if (identifier > 0) {
    return { kind: 'identifier', end: i + identifier };
  }
  // `1..5` is a range: `(\.[0-9]+)?` cannot take the first dot, as in arangod.
  const number = matchAt(NUMBER, query, i);
  if (number > 0) {
    return { kind: 'number', end: i + number };
  }
  const operator = OPERATORS.find((op) => query.startsWith(op, i));
  if (operator !== undefined) {
    return { kind: 'operator', end: i + operator.length };
  }
  if ('=<>!+-*/%?:,.()[]{}'.includes(c)) {
    return { kind: 'operator', end: i + 1 };
  }
  const codePoint = query.codePointAt(i) ?? 0;
  return { kind: 'other', end: i + (codePoint > 0xffff ? 2 : 1) };
}

/**
 * Splits an AQL query into tokens, covering every character exactly once.
 *
 * @example
 * scanAql('RETURN @x').map((t) => t.kind); // ['identifier', 'whitespace', 'valueParameter']
 */
export function scanAql(query: string): AqlToken[] {
  const tokens: AqlToken[] = [];
  let i = 0;
  while (i < query.length) {
    const { kind, end } = scanOne(query, i);
    tokens.push({ kind, start: i, end, text: query.slice(i, end) });
    i = end;
  }
  return tokens;
}

/** Whether a token means nothing to the parser (whitespace or a comment). */
export function isTrivia(token: AqlToken): boolean {
  return token.kind === 'whitespace' || token.kind === 'lineComment' || token.kind === 'blockComment';
}

/**
 * The `bindVars` key a parameter token stands for: `@name` → `name`, `@@coll` → `@coll`
 * (arangod keeps the second `@` as part of a collection parameter's name).
 */
export function bindVarKeyOf(token: AqlToken): string | undefined {
  if (token.kind === 'valueParameter' || token.kind === 'collectionParameter') {
    return token.text.slice(1);
  }
  return undefined;
}
