/**
 * What a hover at a cursor in an `.aql` file is about, without VS Code: a built-in or
 * user-defined function, a collection, view or graph of the current database, a bind parameter,
 * or a variable (and where it is bound). The glue turns it into text; offsets are the file's.
 */
import { scanAql } from './aqlLexer';
import type { AqlToken } from './aqlLexer';
import type { AqlFunctionInfo } from './aqlFunctions';
import { findAqlFunction } from './aqlFunctions';
import { declaredVariables, variableAt } from './aqlScopes';
import type { AqlVariable } from './aqlScopes';
import { isOperator, keywordOf, nameOf } from './aqlSyntax';
import type { AnalyzerDescription, CollectionDescription, GraphDescription, UserFunctionDescription, ViewDescription } from '../client';
import { completionContext } from './completionContext';
import { queryAt } from './aqlCompletion';
import type { QueryBlock } from './queryBlocks';
import type { DatabaseSchema } from './schemaCatalog';

export type AqlHoverSubject =
  | { readonly kind: 'function'; readonly fn: AqlFunctionInfo }
  | { readonly kind: 'userFunction'; readonly name: string; readonly known?: UserFunctionDescription }
  | { readonly kind: 'collection'; readonly collection: CollectionDescription }
  | { readonly kind: 'view'; readonly view: ViewDescription }
  | { readonly kind: 'graph'; readonly graph: GraphDescription }
  | { readonly kind: 'analyzer'; readonly analyzer: AnalyzerDescription }
  /** `key` as in `bindVars`: `name` for `@name`, `@coll` for `@@coll`. */
  | { readonly kind: 'bindParameter'; readonly key: string; readonly block?: QueryBlock }
  /** `declaredAt` in file offsets. */
  | { readonly kind: 'variable'; readonly variable: AqlVariable; readonly declaredAt: { readonly start: number; readonly end: number } };

export interface AqlHover {
  readonly subject: AqlHoverSubject;
  /** The word hovered, in file offsets. */
  readonly start: number;
  readonly end: number;
}

function nextSignificant(tokens: readonly AqlToken[], index: number): AqlToken | undefined {
  for (let i = index + 1; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.kind !== 'whitespace' && token.kind !== 'lineComment' && token.kind !== 'blockComment') return token;
  }
  return undefined;
}

/** `NS::NAME` around the identifier at `index`, when it is part of one. */
function qualifiedName(tokens: readonly AqlToken[], index: number): { name: string; start: number; end: number } | undefined {
  let first = index;
  while (isOperator(tokens[first - 1], '::') && tokens[first - 2]?.kind === 'identifier') first -= 2;
  let last = index;
  while (isOperator(tokens[last + 1], '::') && tokens[last + 2]?.kind === 'identifier') last += 2;
  if (first === last) return undefined;
  return { name: tokens.slice(first, last + 1).map((token) => token.text).join(''), start: tokens[first]!.start, end: tokens[last]!.end };
}

/**
 * The subject of a hover at `offset` of an `.aql` file, or undefined over nothing known.
 *
 * @example
 * hoverAql('FOR u IN users RETURN LENGTH(u)', 23)?.subject.kind; // 'function'
 */
export function hoverAql(text: string, offset: number, schema: DatabaseSchema | undefined, blocks?: readonly QueryBlock[]): AqlHover | undefined {
  const at = queryAt(text, offset, blocks);
  if (at === undefined) return undefined;
  const { query, start } = at;
  const local = offset - start;
  const tokens = scanAql(query);
  const index = tokens.findIndex((token) => token.start <= local && local <= token.end && token.kind !== 'whitespace' && !(token.kind === 'operator' && token.end === local));
  const token = tokens[index];
  if (token === undefined) return undefined;
  const span = (subject: AqlHoverSubject, from = token.start, to = token.end): AqlHover => ({ subject, start: start + from, end: start + to });

  if (token.kind === 'valueParameter' || token.kind === 'collectionParameter') {
    return span({ kind: 'bindParameter', key: token.text.slice(1), ...(at.block === undefined ? {} : { block: at.block }) });
  }
  if (token.kind === 'string') {
    const before = completionContext(query, token.start, tokens);
    const value = token.text.slice(1, -1);
    const graph = before.expects.has('graph') ? schema?.graphs.find((candidate) => candidate.name === value) : undefined;
    if (graph !== undefined) return span({ kind: 'graph', graph });
    const analyzer = before.call !== undefined ? schema?.analyzers.find((candidate) => candidate.name === value) : undefined;
    return analyzer === undefined ? undefined : span({ kind: 'analyzer', analyzer });
  }
  if (token.kind !== 'identifier' && token.kind !== 'quotedName') return undefined;

  if (token.kind === 'identifier') {
    const qualified = qualifiedName(tokens, index);
    if (qualified !== undefined) {
      const known = schema?.userFunctions.find((fn) => fn.name.toUpperCase() === qualified.name.toUpperCase());
      return span({ kind: 'userFunction', name: qualified.name, ...(known === undefined ? {} : { known }) }, qualified.start, qualified.end);
    }
    if (isOperator(nextSignificant(tokens, index), '(')) {
      const fn = findAqlFunction(token.text);
      return fn === undefined ? undefined : span({ kind: 'function', fn });
    }
    if (keywordOf(token) !== undefined || isOperator(tokens[index - 1], '.')) return undefined;
  }
  const variable = variableAt(query, Math.min(token.end, local), declaredVariables(query, tokens.filter((t) => t.kind !== 'whitespace' && t.kind !== 'lineComment' && t.kind !== 'blockComment')));
  if (variable !== undefined && (variable.name === nameOf(token) || variable.name === token.text.toUpperCase())) {
    return span({ kind: 'variable', variable, declaredAt: { start: start + variable.declaredAt.start, end: start + variable.declaredAt.end } });
  }
  const name = nameOf(token);
  const collection = schema?.collections.find((candidate) => candidate.name === name);
  if (collection !== undefined) return span({ kind: 'collection', collection });
  const view = schema?.views.find((candidate) => candidate.name === name);
  if (view !== undefined) return span({ kind: 'view', view });
  const graph = schema?.graphs.find((candidate) => candidate.name === name);
  return graph === undefined ? undefined : span({ kind: 'graph', graph });
}
