import type { AqlToken } from './aqlLexer';
import { bindVarKeyOf, isTrivia, scanAql } from './aqlLexer';

/**
 * A position as arangod prints it in `... at position <line>:<column>`: both 1-based. The line
 * counts `\n` characters; the column counts UTF-8 **bytes** since the last line break. Inside a
 * string or quoted name a line break leaves the column at 1 instead of 0, so the rest of such a
 * string and what follows it on that line are reported one column further right. (arangod's
 * flex 2.6.4 lexer sets `yycolumn = 0` for every newline it reads, then adds `yyleng` for the
 * rule that read it; only the plain-text and comment newline rules reset it to 0 again. The
 * message prints `first_column + 1`. Sources: `arangod/Aql/tokens.ll`, the generated
 * `tokens.cpp`, `Parser::registerParseError`.)
 */
export interface ServerPosition {
  readonly line: number;
  readonly column: number;
}

/** A 0-based position in a document, in UTF-16 code units (the shape of `vscode.Position`). */
export interface DocumentPosition {
  readonly line: number;
  readonly character: number;
}

/** A 0-based range in a document, end exclusive (the shape of `vscode.Range`). */
export interface DocumentRange {
  readonly start: DocumentPosition;
  readonly end: DocumentPosition;
}

/** What {@link findErrorRange} needs of an ArangoDB error. */
export interface AqlErrorLike {
  /** ArangoDB's `errorNum` (the client's `errorCode`). */
  readonly errorNum?: number | undefined;
  readonly message: string;
}

const POSITION = / at position (\d+):(\d+)/g;
// What may follow the position: nothing, 3.11's wrapping, or (with verbose errors) a new line.
const AFTER_POSITION = /^(?: \(while [a-z ]+\))?\s*$|^\r?\n/;

/**
 * Reads the position out of an error message: 3.12's `syntax error, unexpected ... near
 * '...' at position 1:26` and 3.11's `AQL: ... at position 1:26 (while parsing)`. Resolves
 * `undefined` when the message has none (1203, 1540, ... carry no position).
 *
 * @example
 * parseErrorPosition("syntax error, unexpected assignment near '= 1' at position 1:26");
 * // { line: 1, column: 26 }
 */
export function parseErrorPosition(message: string): ServerPosition | undefined {
  let best: ServerPosition | undefined;
  for (const match of message.matchAll(POSITION)) {
    const position = { line: Number(match[1]), column: Number(match[2]) };
    // The quoted query snippet before it may itself contain the words "at position".
    const rest = message.slice((match.index ?? 0) + match[0].length);
    if (AFTER_POSITION.test(rest)) {
      return position;
    }
    best = position;
  }
  return best;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) {
    return 1;
  }
  if (codePoint < 0x800) {
    return 2;
  }
  return codePoint < 0x10000 ? 3 : 4;
}

/**
 * The UTF-16 offset in the query that arangod's position points at, counting lines and
 * columns as its lexer does (see {@link ServerPosition}). A column past the end of its line
 * gives the end of that line; a line past the end of the query gives `undefined`.
 */
export function queryOffsetOf(position: ServerPosition, queryText: string, tokens = scanAql(queryText)): number | undefined {
  const targetColumn = position.column - 1;
  let line = 1;
  let column = 0;
  for (const token of tokens) {
    const insideQuotes = token.kind === 'string' || token.kind === 'quotedName';
    let i = token.start;
    while (i < token.end) {
      const codePoint = queryText.codePointAt(i) ?? 0;
      if (line > position.line || (line === position.line && column >= targetColumn)) {
        return i;
      }
      if (codePoint === 0x0a) {
        if (line === position.line) {
          return i;
        }
        line += 1;
        column = insideQuotes ? 1 : 0;
      } else {
        column += utf8Length(codePoint);
      }
      i += codePoint > 0xffff ? 2 : 1;
    }
  }
  return line === position.line ? queryText.length : undefined;
}

function positionAt(text: string, offset: number): DocumentPosition {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** End of the line that `offset` is on, before any `\r\n`. */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

function isUnterminatedBlockComment(token: AqlToken): boolean {
  return token.kind === 'blockComment' && (token.text.length < 4 || !token.text.endsWith('*/'));
}

/**
 * The query span to underline for a server position: the whole token there (a string or a
 * quoted name from its opening quote, even when the position is inside it), cut at the end of
 * its first line. At the end of the query arangod points at whatever the lexer matched last,
 * often trailing whitespace or a comment: then the last real token is underlined, since the
 * query ended after it.
 */
function offendingSpan(queryText: string, tokens: readonly AqlToken[], offset: number): [number, number] {
  const index = tokens.findIndex((token) => token.start <= offset && offset < token.end);
  let token = index < 0 ? undefined : tokens[index];
  if (token === undefined || (isTrivia(token) && !isUnterminatedBlockComment(token))) {
    const before = tokens.slice(0, index < 0 ? tokens.length : index);
    token = before.reverse().find((candidate) => !isTrivia(candidate));
  }
  if (token === undefined) {
    return [offset, endOfLine(queryText, offset)];
  }
  return [token.start, Math.min(token.end, endOfLine(queryText, token.start))];
}

function spanToDocumentRange(
  queryText: string,
  [start, end]: [number, number],
  queryStartInDocument: DocumentPosition,
): DocumentRange {
  const toDocument = (offset: number): DocumentPosition => {
    const inQuery = positionAt(queryText, offset);
    return inQuery.line === 0
      ? { line: queryStartInDocument.line, character: queryStartInDocument.character + inQuery.character }
      : { line: queryStartInDocument.line + inQuery.line, character: inQuery.character };
  };
  return { start: toDocument(start), end: toDocument(end) };
}

/**
 * Maps arangod's error position to a range in the document holding the query, covering the
 * offending token (or the rest of its line). `queryStartInDocument` is where the query text
 * begins: `{ line: 0, character: 0 }` for a whole document, the selection's start for a
 * selection, so a query that starts mid-line is shifted on its first line only. Resolves
 * `undefined` when the position lies outside the query (the text is not what was sent).
 *
 * @example
 * toDocumentRange({ line: 1, column: 26 }, { line: 4, character: 2 },
 *   'FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3');
 * // { start: { line: 4, character: 27 }, end: { line: 4, character: 28 } }
 */
export function toDocumentRange(
  position: ServerPosition,
  queryStartInDocument: DocumentPosition,
  queryText: string,
): DocumentRange | undefined {
  const tokens = scanAql(queryText);
  const offset = queryOffsetOf(position, queryText, tokens);
  if (offset === undefined) {
    return undefined;
  }
  return spanToDocumentRange(queryText, offendingSpan(queryText, tokens, offset), queryStartInDocument);
}

/** The message without 3.11's `AQL: ` prefix, `(while ...)` suffix and plan-node tag. */
function coreMessage(message: string): string {
  return message
    .replace(/^AQL: /, '')
    .replace(/ \(while [a-z ]+\)\s*$/, '')
    .replace(/ \[node #\d+: \w+\]\s*$/, '');
}

function spanOf(token: AqlToken): [number, number] {
  return [token.start, token.end];
}

function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(.)/gs, '$1');
}

/** The first place a collection or view is named: as an identifier or a quoted name. */
function findNamedSource(tokens: readonly AqlToken[], name: string, bindVars?: Readonly<Record<string, unknown>>): [number, number] | undefined {
  const named = tokens.find(
    (token) =>
      (token.kind === 'identifier' && token.text === name) || (token.kind === 'quotedName' && unquote(token.text) === name),
  );
  if (named !== undefined) {
    return spanOf(named);
  }
  // The name may have come in through a collection parameter's value.
  const viaParameter = tokens.find((token) => {
    const key = token.kind === 'collectionParameter' ? bindVarKeyOf(token) : undefined;
    return key !== undefined && bindVars !== undefined && Object.prototype.hasOwnProperty.call(bindVars, key) && bindVars[key] === name;
  });
  return viaParameter === undefined ? undefined : spanOf(viaParameter);
}

/** The first call of a function (`NAME(` or `NS::NAME(`), its name case-insensitive as in AQL. */
function findFunctionCall(tokens: readonly AqlToken[], name: string): [number, number] | undefined {
  const parts = name.toUpperCase().split('::');
  const significant = tokens.filter((token) => !isTrivia(token));
  for (let i = 0; i < significant.length; i += 1) {
    let k = i;
    let matched = true;
    for (const [partIndex, part] of parts.entries()) {
      if (partIndex > 0) {
        if (significant[k]?.text !== '::') {
          matched = false;
          break;
        }
        k += 1;
      }
      const token = significant[k];
      if (token?.kind !== 'identifier' || token.text.toUpperCase() !== part) {
        matched = false;
        break;
      }
      k += 1;
    }
    const first = significant[i];
    const last = significant[k - 1];
    if (matched && significant[k]?.text === '(' && first !== undefined && last !== undefined) {
      return [first.start, last.end];
    }
  }
  return undefined;
}

function findParameter(tokens: readonly AqlToken[], key: string): [number, number] | undefined {
  const parameter = tokens.find((token) => bindVarKeyOf(token) === key);
  return parameter === undefined ? undefined : spanOf(parameter);
}

/** Errors that name what failed instead of giving a position, and how to read the name. */
const NAMED_SUBJECTS: Record<number, { pattern: RegExp; kind: 'source' | 'function' | 'parameter' }> = {
  1203: { pattern: /^collection or view not found: (.+)$/s, kind: 'source' },
  1540: { pattern: /function '(.+?)\(\)'/, kind: 'function' },
  1541: { pattern: /function '(.+?)\(\)'/, kind: 'function' },
  1542: { pattern: /function '(.+?)\(\)'/, kind: 'function' },
  1551: { pattern: /bind parameter '(.+?)'/, kind: 'parameter' },
  1552: { pattern: /bind parameter '(.+?)'/, kind: 'parameter' },
  1553: { pattern: /bind parameter '(.+?)'/, kind: 'parameter' },
};

/**
 * Where in the document an AQL error belongs. A message with `at position L:C` (1501 and
 * other parse errors) is mapped with {@link toDocumentRange}. Otherwise errors that name their
 * subject are found by that name in the query, outside strings and comments: 1203 the first
 * mention of the collection or view (or the `@@parameter` whose value in `bindVars` is that
 * name), 1540/1541/1542 the first call of the function, 1551/1553 the first `@name` (1552 names
 * a parameter the query lacks, so it is usually not found). `undefined` when nothing is found.
 *
 * @example
 * findErrorRange({ errorNum: 1203, message: 'collection or view not found: users' },
 *   'FOR u IN users RETURN u');
 * // { start: { line: 0, character: 9 }, end: { line: 0, character: 14 } }
 */
export function findErrorRange(
  error: AqlErrorLike,
  queryText: string,
  queryStartInDocument: DocumentPosition = { line: 0, character: 0 },
  bindVars?: Readonly<Record<string, unknown>>,
): DocumentRange | undefined {
  const position = parseErrorPosition(error.message);
  if (position !== undefined) {
    return toDocumentRange(position, queryStartInDocument, queryText);
  }
  const subject = error.errorNum === undefined ? undefined : NAMED_SUBJECTS[error.errorNum];
  const name = subject?.pattern.exec(coreMessage(error.message))?.[1];
  if (subject === undefined || name === undefined) {
    return undefined;
  }
  const tokens = scanAql(queryText);
  const span =
    subject.kind === 'source'
      ? findNamedSource(tokens, name, bindVars)
      : subject.kind === 'function'
        ? findFunctionCall(tokens, name)
        : findParameter(tokens, name);
  return span === undefined ? undefined : spanToDocumentRange(queryText, span, queryStartInDocument);
}
