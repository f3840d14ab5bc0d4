/**
 * What scopes and completion need to know of AQL's grammar beyond the lexer: which words are
 * keywords (arangod reserves them, in any case), which start an operation, and the
 * significant tokens of a text (comments and whitespace dropped).
 */
import type { AqlToken } from './aqlLexer';
import { isTrivia, scanAql } from './aqlLexer';

/** The words arangod's lexer reserves (`tokens.ll`), upper-case. */
export const AQL_KEYWORDS: ReadonlySet<string> = new Set([
  'FOR', 'RETURN', 'FILTER', 'SEARCH', 'SORT', 'LIMIT', 'LET', 'COLLECT', 'WINDOW', 'INSERT', 'UPDATE', 'REPLACE',
  'REMOVE', 'UPSERT', 'WITH', 'AGGREGATE', 'INTO', 'IN', 'ASC', 'DESC', 'NOT', 'AND', 'OR', 'LIKE', 'NULL', 'TRUE',
  'FALSE', 'OUTBOUND', 'INBOUND', 'ANY', 'ALL', 'NONE', 'AT', 'GRAPH', 'SHORTEST_PATH', 'K_SHORTEST_PATHS', 'K_PATHS',
  'ALL_SHORTEST_PATHS', 'DISTINCT', 'PRUNE', 'OPTIONS', 'TO',
]);

/** Keywords that start a clause of a query (or of a subquery) at its own nesting level. */
export const CLAUSE_KEYWORDS: ReadonlySet<string> = new Set([
  'FOR', 'LET', 'FILTER', 'SEARCH', 'SORT', 'LIMIT', 'COLLECT', 'WINDOW', 'RETURN', 'INSERT', 'UPDATE', 'REPLACE',
  'REMOVE', 'UPSERT', 'PRUNE', 'OPTIONS',
]);

/** The operations a person may start next, in the order completion lists them. */
export const OPERATION_KEYWORDS: readonly string[] = [
  'FOR', 'LET', 'FILTER', 'SORT', 'LIMIT', 'COLLECT', 'WINDOW', 'RETURN', 'INSERT', 'UPDATE', 'REPLACE', 'REMOVE', 'UPSERT',
];

/** Operators written as words, offered after a complete expression. */
export const WORD_OPERATORS: readonly string[] = ['AND', 'OR', 'NOT', 'IN', 'LIKE'];

export const TRAVERSAL_DIRECTIONS: ReadonlySet<string> = new Set(['OUTBOUND', 'INBOUND', 'ANY']);
export const PATH_SEARCHES: readonly string[] = ['SHORTEST_PATH', 'K_SHORTEST_PATHS', 'K_PATHS', 'ALL_SHORTEST_PATHS'];

/** The upper-case keyword a token stands for, or `undefined` when it is not one. */
export function keywordOf(token: AqlToken | undefined): string | undefined {
  if (token?.kind !== 'identifier') return undefined;
  const upper = token.text.toUpperCase();
  return AQL_KEYWORDS.has(upper) ? upper : undefined;
}

/** A variable, collection or attribute name: an identifier that is not a keyword, or a quoted name. */
export function isName(token: AqlToken | undefined): boolean {
  return (token?.kind === 'identifier' && keywordOf(token) === undefined) || token?.kind === 'quotedName';
}

/** The name a name token stands for, without backticks or forward ticks. */
export function nameOf(token: AqlToken): string {
  return token.kind === 'quotedName' ? token.text.slice(1, token.text.length > 1 ? -1 : undefined) : token.text;
}

export function isOperator(token: AqlToken | undefined, text: string): boolean {
  return token?.kind === 'operator' && token.text === text;
}

/** Whether an expression may end with this token (so an operator or the next clause may follow). */
export function endsExpression(token: AqlToken | undefined): boolean {
  if (token === undefined) return false;
  switch (token.kind) {
    case 'identifier': {
      const keyword = keywordOf(token);
      return keyword === undefined || keyword === 'TRUE' || keyword === 'FALSE' || keyword === 'NULL';
    }
    case 'quotedName':
    case 'string':
    case 'number':
    case 'valueParameter':
    case 'collectionParameter':
      return true;
    case 'operator':
      return token.text === ')' || token.text === ']' || token.text === '}';
    default:
      return false;
  }
}

/** The tokens of a text that the parser sees. */
export function significantTokens(text: string): AqlToken[] {
  return scanAql(text).filter((token) => !isTrivia(token));
}
