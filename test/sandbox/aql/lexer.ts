/**
 * AQL's tokenizer, following arangod's flex scanner (arangod/Aql/tokens.ll) closely enough that
 * error positions match: a token's location is where flex's YY_USER_ACTION put it, which for a
 * quoted string or a backtick name is its closing quote, and the end of the query is reported at
 * the last thing the scanner matched (token, whitespace or comment). Columns count bytes; a
 * newline inside a string advances the line without resetting the column, as flex does there.
 */
import { parseError } from './syntaxErrors';
import { KEYWORDS, type SourceLocation, type Token, type TokenKind } from './tokens';

const IDENTIFIER_CHARACTER = /[_a-zA-Z0-9]/u;
const LETTER = /[a-zA-Z]/u;
const DIGIT = /[0-9]/u;
const HEX_DIGIT = /[0-9a-fA-F]/u;
const BIND_NAME = /^(_+[a-zA-Z0-9]+[a-zA-Z0-9_]*|[a-zA-Z0-9][a-zA-Z0-9_]*)/u;
const FORWARD_TICK = '\u00b4';

const TWO_CHARACTER_OPERATORS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['=~', 'REGEX_MATCH'],
  ['!~', 'REGEX_NON_MATCH'],
  ['==', 'EQ'],
  ['!=', 'NE'],
  ['>=', 'GE'],
  ['<=', 'LE'],
  ['&&', 'AND'],
  ['||', 'OR'],
  ['::', 'SCOPE'],
  ['..', 'RANGE'],
]);

const ONE_CHARACTER_OPERATORS: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ['>', 'GT'],
  ['<', 'LT'],
  ['=', 'ASSIGN'],
  ['!', 'NOT'],
  ['+', 'PLUS'],
  ['-', 'MINUS'],
  ['*', 'TIMES'],
  ['/', 'DIV'],
  ['%', 'MOD'],
  ['?', 'QUESTION'],
  [':', 'COLON'],
  [',', 'COMMA'],
  ['(', 'OPEN'],
  [')', 'CLOSE'],
  ['{', 'OBJECT_OPEN'],
  ['}', 'OBJECT_CLOSE'],
  ['[', 'ARRAY_OPEN'],
  [']', 'ARRAY_CLOSE'],
  ['.', 'DOT'],
]);

/** UTF-8 bytes of one UTF-16 unit (a surrogate pair counts 2 + 2). */
function utf8Bytes(code: number): number {
  if (code < 0x80) {
    return 1;
  }
  if (code < 0x800) {
    return 2;
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    return 2;
  }
  return 3;
}

/** Unescapes a quoted string or backtick name as arangod's registerEscapedString does. */
export function unescapeAql(raw: string): string {
  let result = '';
  for (let i = 0; i < raw.length; i += 1) {
    const character = raw[i]!;
    if (character !== '\\' || i + 1 >= raw.length) {
      result += character;
      continue;
    }
    i += 1;
    const escaped = raw[i]!;
    switch (escaped) {
      case 'b':
        result += '\b';
        break;
      case 'f':
        result += '\f';
        break;
      case 'n':
        result += '\n';
        break;
      case 'r':
        result += '\r';
        break;
      case 't':
        result += '\t';
        break;
      case 'u': {
        const hex = raw.slice(i + 1, i + 5);
        if (hex.length === 4 && [...hex].every((c) => HEX_DIGIT.test(c))) {
          result += String.fromCharCode(Number.parseInt(hex, 16));
          i += 4;
        } else {
          result += 'u';
        }
        break;
      }
      default:
        result += escaped;
    }
  }
  return result;
}

/** Splits a query into tokens on demand. */
export class Lexer {
  private position = 0;
  private line = 1;
  private column = 0;
  /** Location of the last lexeme flex matched: what bison reports at the end of the query. */
  private last: SourceLocation = { line: 1, column: 0 };

  constructor(private readonly query: string) {}

  /** The next token; END (repeatedly) once the query is exhausted. */
  next(): Token {
    for (;;) {
      if (this.position >= this.query.length) {
        return { kind: 'END', text: '', location: { ...this.last }, offset: this.query.length };
      }
      const character = this.query[this.position]!;
      if (character === ' ' || character === '\t' || character === '\r') {
        this.matchWhitespace();
        continue;
      }
      if (character === '\n') {
        this.matchNewline();
        continue;
      }
      if (this.query.startsWith('//', this.position)) {
        this.matchLineComment();
        continue;
      }
      if (this.query.startsWith('/*', this.position)) {
        this.matchBlockComment();
        continue;
      }
      return this.matchToken(character);
    }
  }

  private mark(): SourceLocation {
    const location = { line: this.line, column: this.column };
    this.last = location;
    return location;
  }

  /** Consumes `length` UTF-16 units of one lexeme, advancing the byte column. */
  private advance(length: number): void {
    for (let i = 0; i < length; i += 1) {
      this.column += utf8Bytes(this.query.charCodeAt(this.position));
      this.position += 1;
    }
  }

  private matchWhitespace(): void {
    this.mark();
    while (this.position < this.query.length && ' \t\r'.includes(this.query[this.position]!)) {
      this.advance(1);
    }
  }

  /** flex counts the line before YY_USER_ACTION runs, so a newline sits at (next line, old column). */
  private matchNewline(): void {
    this.line += 1;
    this.mark();
    this.position += 1;
    this.column = 0;
  }

  private matchLineComment(): void {
    this.mark();
    this.advance(2);
    if (this.position < this.query.length && this.query[this.position] !== '\n') {
      this.mark();
      while (this.position < this.query.length && this.query[this.position] !== '\n') {
        this.advance(1);
      }
    }
    if (this.position < this.query.length) {
      this.matchNewline();
    }
  }

  private matchBlockComment(): void {
    this.mark();
    this.advance(2);
    for (;;) {
      if (this.position >= this.query.length) {
        throw parseError(this.query, 'unexpected unterminated multi-line comment', this.last);
      }
      if (this.query.startsWith('*/', this.position)) {
        this.mark();
        this.advance(2);
        return;
      }
      const character = this.query[this.position]!;
      if (character === '\n') {
        this.matchNewline();
      } else if (character === '*') {
        this.mark();
        this.advance(1);
      } else {
        this.mark();
        while (this.position < this.query.length && !'*\n'.includes(this.query[this.position]!)) {
          this.advance(1);
        }
      }
    }
  }

  private token(kind: TokenKind, text: string, location: SourceLocation, offset: number, number?: number): Token {
    const token: Token = { kind, text, location, offset };
    if (number !== undefined) {
      token.number = number;
    }
    return token;
  }

  private matchToken(character: string): Token {
    const offset = this.position;
    if (character === '"' || character === "'") {
      return this.matchQuoted(character, 'QUOTED_STRING', 'unexpected unterminated string literal');
    }
    if (character === '`' || character === FORWARD_TICK) {
      return this.matchQuoted(character, 'IDENTIFIER', 'unexpected unterminated identifier');
    }
    if (character === '@') {
      return this.matchBindParameter();
    }
    if (DIGIT.test(character) || (character === '.' && DIGIT.test(this.query[this.position + 1] ?? ''))) {
      return this.matchNumber();
    }
    if (LETTER.test(character) || character === '_' || character === '$') {
      const identifier = this.matchIdentifier();
      if (identifier !== undefined) {
        return identifier;
      }
    }
    const pair = this.query.slice(this.position, this.position + 2);
    const twoCharacterKind = TWO_CHARACTER_OPERATORS.get(pair);
    if (twoCharacterKind !== undefined) {
      const location = this.mark();
      this.advance(2);
      return this.token(twoCharacterKind, pair, location, offset);
    }
    const location = this.mark();
    this.advance(1);
    return this.token(ONE_CHARACTER_OPERATORS.get(character) ?? 'INVALID', character, location, offset);
  }

  /** Identifiers (`$?[a-zA-Z][_a-zA-Z0-9]*` or `_+[a-zA-Z]+[_a-zA-Z0-9]*`) and keywords. */
  private matchIdentifier(): Token | undefined {
    const start = this.position;
    let end = start;
    if (this.query[end] === '$') {
      end += 1;
      if (!LETTER.test(this.query[end] ?? '')) {
        return undefined;
      }
    } else if (this.query[end] === '_') {
      while (this.query[end] === '_') {
        end += 1;
      }
      if (!LETTER.test(this.query[end] ?? '')) {
        return undefined;
      }
    }
    while (end < this.query.length && IDENTIFIER_CHARACTER.test(this.query[end]!)) {
      end += 1;
    }
    const text = this.query.slice(start, end);
    const upper = text.toUpperCase();
    const combined = upper === 'NOT' ? this.followedByWord(end, 'IN') : upper === 'AT' ? this.followedByWord(end, 'LEAST') : undefined;
    const location = this.mark();
    if (combined !== undefined) {
      // flex matches `NOT IN` / `AT LEAST` as one lexeme: the line advances, the column does not reset.
      const span = this.query.slice(start, combined);
      this.line += span.split('\n').length - 1;
      this.advance(combined - start);
      return this.token(upper === 'NOT' ? 'NOT_IN' : 'AT_LEAST', span, location, start);
    }
    this.advance(end - start);
    return this.token(KEYWORDS.get(upper) ?? 'IDENTIFIER', text, location, start);
  }

  /** End offset of `<whitespace><word>` after `from` when `word` follows as a whole word. */
  private followedByWord(from: number, word: string): number | undefined {
    let cursor = from;
    while (cursor < this.query.length && ' \t\r\n'.includes(this.query[cursor]!)) {
      cursor += 1;
    }
    if (cursor === from || this.query.slice(cursor, cursor + word.length).toUpperCase() !== word) {
      return undefined;
    }
    const after = this.query[cursor + word.length];
    if (after !== undefined && IDENTIFIER_CHARACTER.test(after)) {
      return undefined;
    }
    return cursor + word.length;
  }

  private matchNumber(): Token {
    const start = this.position;
    const rest = this.query.slice(start);
    const location = this.mark();
    const radix = /^0([xX][0-9a-fA-F]+|[bB][01]+)/u.exec(rest);
    if (radix !== null) {
      const text = radix[0];
      this.advance(text.length);
      return this.token('INTEGER', text, location, start, Number.parseInt(text.slice(2), /^0[xX]/u.test(text) ? 16 : 2));
    }
    const double = /^((0|[1-9][0-9]*)(\.[0-9]+)?|\.[0-9]+)([eE][-+]?[0-9]+)?/u.exec(rest)!;
    const integer = /^(0|[1-9][0-9]*)/u.exec(rest);
    if (integer !== null && integer[0].length === double[0].length) {
      this.advance(integer[0].length);
      return this.token('INTEGER', integer[0], location, start, Number(integer[0]));
    }
    this.advance(double[0].length);
    return this.token('DOUBLE', double[0], location, start, Number(double[0]));
  }

  private matchBindParameter(): Token {
    const start = this.position;
    const dataSource = this.query[start + 1] === '@';
    const nameStart = start + (dataSource ? 2 : 1);
    const name = BIND_NAME.exec(this.query.slice(nameStart));
    const location = this.mark();
    if (name === null) {
      this.advance(1);
      return this.token('INVALID', '@', location, start);
    }
    this.advance(nameStart - start + name[0].length);
    return dataSource
      ? this.token('DATASOURCE_PARAMETER', `@${name[0]}`, location, start)
      : this.token('PARAMETER', name[0], location, start);
  }

  /**
   * A string or quoted name. flex matches every character inside on its own, so the token's
   * location ends up at the closing quote; an unterminated one is reported at its last character.
   */
  private matchQuoted(quote: string, kind: TokenKind, unterminated: string): Token {
    const start = this.position;
    this.mark();
    this.advance(1);
    let raw = '';
    for (;;) {
      if (this.position >= this.query.length) {
        throw parseError(this.query, unterminated, this.last);
      }
      const character = this.query[this.position]!;
      if (character === quote) {
        const location = this.mark();
        this.advance(1);
        return this.token(kind, unescapeAql(raw), location, start);
      }
      this.mark();
      if (character === '\n') {
        this.line += 1;
        this.position += 1;
        // flex leaves the column alone for a newline inside a string.
        this.column += 1;
        raw += character;
        continue;
      }
      if (character === '\\' && this.position + 1 < this.query.length && this.query[this.position + 1] !== '\n') {
        raw += this.query.slice(this.position, this.position + 2);
        this.advance(2);
        continue;
      }
      raw += character;
      this.advance(1);
    }
  }
}
