/**
 * Parse errors (1501) worded and positioned as arangod 3.12 does:
 * `<message> near '<region>' at position <line>:<column>` (Parser::registerParseError), where
 * the region is at most 32 characters of the query from the error position, followed by `...`
 * when the query goes on (QueryString::extractRegion), and the column is flex's byte column + 1.
 */
import { ArangoError, ErrorNum } from '../errors';
import { TOKEN_KINDS, TOKEN_NAMES, type SourceLocation, type Token, type TokenKind } from './tokens';

const SNIPPET_CHARACTERS = 32;

/** The text of `query` from `location` on, cut as arangod cuts it. */
export function queryRegion(query: string, location: SourceLocation): string {
  const bytes = Buffer.from(query, 'utf8');
  let line = 1;
  let column = 0;
  let offset = 0;
  while (offset < bytes.length) {
    if (line > location.line || (line >= location.line && column >= location.column)) {
      break;
    }
    const byte = bytes[offset]!;
    if (byte === 0) {
      break;
    }
    offset += 1;
    if (byte === 0x0a) {
      line += 1;
      column = 0;
    } else if (byte === 0x0d) {
      line += 1;
      column = 0;
      if (bytes[offset] === 0x0a) {
        offset += 1;
      }
    } else {
      column += 1;
    }
  }
  let end = offset;
  let characters = 0;
  while (end < bytes.length) {
    const byte = bytes[end]!;
    // Count characters at ASCII bytes and at the first byte of a multi-byte sequence.
    if ((byte & 0x80) === 0 || (byte & 0xc0) === 0xc0) {
      characters += 1;
      if (characters > SNIPPET_CHARACTERS) {
        break;
      }
    }
    end += 1;
  }
  const region = bytes.subarray(offset, end).toString('utf8');
  return end < bytes.length ? `${region}...` : region;
}

/** A 1501 error with arangod's `near '...' at position L:C` suffix. */
export function parseError(query: string, message: string, location: SourceLocation, errorNum: number = ErrorNum.QUERY_PARSE): ArangoError {
  const region = queryRegion(query, location);
  return new ArangoError(400, errorNum, `${message} near '${region}' at position ${location.line}:${location.column + 1}`);
}

/**
 * Bison's verbose message for an unexpected token: it lists the expected tokens only when there
 * are at most four of them (YYARGS_MAX is 5, counting the unexpected one), in token order.
 */
export function syntaxErrorMessage(unexpected: TokenKind, expected: readonly TokenKind[] = []): string {
  let message = `syntax error, unexpected ${TOKEN_NAMES[unexpected]}`;
  const unique = [...new Set(expected)];
  if (unique.length > 0 && unique.length <= 4) {
    unique.sort((a, b) => TOKEN_KINDS.indexOf(a) - TOKEN_KINDS.indexOf(b));
    message += `, expecting ${unique.map((kind) => TOKEN_NAMES[kind]).join(' or ')}`;
  }
  return message;
}

/** The 1501 error for an unexpected token. */
export function unexpectedToken(query: string, token: Token, expected: readonly TokenKind[] = []): ArangoError {
  return parseError(query, syntaxErrorMessage(token.kind, expected), token.location);
}
