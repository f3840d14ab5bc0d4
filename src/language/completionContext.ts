/**
 * What may follow at a cursor in an AQL query, read from the lexer's tokens: the keywords AQL's
 * grammar allows there and the kinds of names (collections, views, graphs, variables, bind
 * parameters, functions, attributes, OPTIONS keys) a completion list should hold. The lists of
 * names themselves come from elsewhere (the server's schema cache, {@link variablesInScope},
 * the function catalogue); this module only decides which apply, so it answers in well under a
 * millisecond for a 500-line file and never waits for anything.
 */
import type { AqlToken } from './aqlLexer';
import { isTrivia, scanAql } from './aqlLexer';
import type { AqlVariableSource } from './aqlScopes';
import { declaredVariables, variablesInScope } from './aqlScopes';
import {
  CLAUSE_KEYWORDS,
  endsExpression,
  isName,
  isOperator,
  keywordOf,
  nameOf,
  OPERATION_KEYWORDS,
  PATH_SEARCHES,
  TRAVERSAL_DIRECTIONS,
  WORD_OPERATORS,
} from './aqlSyntax';

/** A kind of name a completion list may offer at the cursor. */
export type Expectation =
  | 'collection'
  | 'view'
  | 'graph'
  /** `@name` bind parameters. */
  | 'valueParameter'
  /** `@@name` bind parameters (collections). */
  | 'collectionParameter'
  | 'variable'
  | 'function'
  /** A new variable's name is typed here: nothing to offer. */
  | 'newName';

/** The operation an `OPTIONS { … }` belongs to, which decides its keys. */
export type OptionsOperation =
  | 'FOR'
  | 'SEARCH'
  | 'traversal'
  | 'shortestPath'
  | 'INSERT'
  | 'UPDATE'
  | 'REPLACE'
  | 'REMOVE'
  | 'UPSERT'
  | 'COLLECT'
  | 'WINDOW';

/** The keys each operation's `OPTIONS { … }` accepts in ArangoDB 3.12 (`WINDOW` is its range object). */
export const OPTION_KEYS: Readonly<Record<OptionsOperation, readonly string[]>> = {
  FOR: ['indexHint', 'forceIndexHint', 'disableIndex', 'maxProjections', 'useCache', 'lookahead'],
  SEARCH: ['collections', 'conditionOptimization', 'countApproximate', 'parallelism'],
  traversal: [
    'order',
    'uniqueVertices',
    'uniqueEdges',
    'vertexCollections',
    'edgeCollections',
    'parallelism',
    'maxProjections',
    'indexHint',
    'useCache',
    'weightAttribute',
    'defaultWeight',
  ],
  shortestPath: ['weightAttribute', 'defaultWeight', 'useCache'],
  INSERT: ['ignoreErrors', 'waitForSync', 'keepNull', 'mergeObjects', 'overwrite', 'overwriteMode', 'ignoreRevs', 'exclusive', 'refillIndexCaches', 'versionAttribute'],
  UPDATE: ['ignoreErrors', 'waitForSync', 'keepNull', 'mergeObjects', 'ignoreRevs', 'exclusive', 'refillIndexCaches', 'versionAttribute'],
  REPLACE: ['ignoreErrors', 'waitForSync', 'ignoreRevs', 'exclusive', 'refillIndexCaches', 'versionAttribute'],
  REMOVE: ['ignoreErrors', 'waitForSync', 'ignoreRevs', 'exclusive', 'refillIndexCaches', 'versionAttribute'],
  UPSERT: ['ignoreErrors', 'waitForSync', 'keepNull', 'mergeObjects', 'ignoreRevs', 'exclusive', 'indexHint', 'forceIndexHint', 'readOwnWrites', 'refillIndexCaches', 'versionAttribute'],
  COLLECT: ['method'],
  WINDOW: ['preceding', 'following'],
};

export interface CompletionContext {
  /** `string` or `comment`: the cursor is inside one, and nothing is offered. */
  readonly inside: 'code' | 'string' | 'comment';
  /** What is typed already of the word at the cursor, and where it starts (what a completion replaces). */
  readonly prefix: string;
  readonly prefixStart: number;
  /** Keywords allowed here, upper-case; a multi-word entry (`WITH COUNT INTO`) is offered whole. */
  readonly keywords: readonly string[];
  readonly expects: ReadonlySet<Expectation>;
  /** Inside `OPTIONS { … }` (or `WINDOW { … }`) where a key goes. */
  readonly optionKeys?: { readonly operation: OptionsOperation; readonly keys: readonly string[] };
  /** After `doc.` (or `doc.a.`): the variable, the attribute path so far and what the variable iterates over. */
  readonly attribute?: { readonly variable: string; readonly path: readonly string[]; readonly source?: AqlVariableSource };
  /** Inside a function call's parentheses: which function and which argument (0-based), for signature help. */
  readonly call?: { readonly name: string; readonly argumentIndex: number };
  /** After `AGGREGATE x =`: only aggregate functions are allowed. */
  readonly aggregateFunctionsOnly?: boolean;
}

interface Offer {
  keywords: readonly string[];
  expects: readonly Expectation[];
  aggregateFunctionsOnly?: boolean;
}

const NOTHING: Offer = { keywords: [], expects: [] };
const NEW_NAME: Offer = { keywords: [], expects: ['newName'] };
const EXPRESSION_KEYWORDS = ['NOT', 'TRUE', 'FALSE', 'NULL'];
const EXPRESSION: Offer = { keywords: EXPRESSION_KEYWORDS, expects: ['variable', 'function', 'valueParameter'] };
const DATA_SOURCE: Offer = { keywords: [], expects: ['collection', 'collectionParameter'] };

function expression(keywords: readonly string[] = []): Offer {
  return { keywords: [...keywords, ...EXPRESSION_KEYWORDS], expects: EXPRESSION.expects };
}

function next(...keywords: readonly (string | readonly string[])[]): Offer {
  return { keywords: keywords.flat(), expects: [] };
}

/** The tokens at the top level of `tokens[from..to)`: nested groups leave only their closing bracket. */
function levelOf(tokens: readonly AqlToken[], from: number, to: number): AqlToken[] {
  const level: AqlToken[] = [];
  let depth = 0;
  for (let i = from; i < to; i += 1) {
    const token = tokens[i]!;
    if (token.kind === 'operator' && '([{'.includes(token.text)) {
      depth += 1;
    } else if (token.kind === 'operator' && ')]}'.includes(token.text)) {
      depth = Math.max(0, depth - 1);
      if (depth === 0) level.push(token);
    } else if (depth === 0) {
      level.push(token);
    }
  }
  return level;
}

function lastClauseIndex(level: readonly AqlToken[], before = level.length): number {
  for (let i = before - 1; i >= 0; i -= 1) {
    const keyword = keywordOf(level[i]);
    if (keyword !== undefined && CLAUSE_KEYWORDS.has(keyword)) return i;
  }
  return -1;
}

/** Whether an INSERT/UPDATE/REPLACE clause at `index` is part of an UPSERT before it. */
function partOfUpsert(level: readonly AqlToken[], index: number): boolean {
  for (let i = lastClauseIndex(level, index); i >= 0; i = lastClauseIndex(level, i)) {
    const keyword = keywordOf(level[i]);
    if (keyword === 'UPSERT') return true;
    if (keyword !== 'INSERT' && keyword !== 'UPDATE' && keyword !== 'REPLACE') return false;
  }
  return false;
}

function has(tokens: readonly AqlToken[], ...keywords: string[]): boolean {
  return tokens.some((token) => keywords.includes(keywordOf(token) ?? ''));
}

function forClause(rest: readonly AqlToken[]): Offer {
  const last = rest[rest.length - 1];
  const inIndex = rest.findIndex((token) => keywordOf(token) === 'IN');
  if (inIndex < 0) {
    return last === undefined || isOperator(last, ',') ? NEW_NAME : isName(last) ? next('IN') : NOTHING;
  }
  const after = rest.slice(inIndex + 1);
  const lastKeyword = keywordOf(last);
  if (after.length === 0) {
    return { keywords: ['OUTBOUND', 'INBOUND', 'ANY'], expects: ['collection', 'view', 'collectionParameter', 'valueParameter', 'variable', 'function'] };
  }
  const direction = after.findIndex((token) => TRAVERSAL_DIRECTIONS.has(keywordOf(token) ?? ''));
  if (direction >= 0) {
    if (direction === after.length - 1) return expression(PATH_SEARCHES);
    if (lastKeyword === 'GRAPH') return { keywords: [], expects: ['graph', 'valueParameter'] };
    if (lastKeyword === 'TO') return EXPRESSION;
    if (!endsExpression(last)) return isOperator(last, ',') ? DATA_SOURCE : EXPRESSION;
    const searchesPath = has(after, ...PATH_SEARCHES);
    if (searchesPath && !has(after, 'TO')) return next('TO');
    const then = next(searchesPath ? [] : ['PRUNE'], 'OPTIONS', OPERATION_KEYWORDS);
    if (has(after, 'GRAPH')) return then;
    // Start vertex (or target) and the first edge collection are apart only by a blank: `OUTBOUND v._id edges`.
    const startAt = searchesPath ? after.findIndex((token) => keywordOf(token) === 'TO') : direction;
    const tail = after.slice(startAt + 1);
    const secondExpression = tail.some((token, i) => i > 0 && endsExpression(tail[i - 1]) && (isName(token) || token.kind === 'collectionParameter'));
    return secondExpression ? then : { keywords: ['GRAPH'], expects: DATA_SOURCE.expects };
  }
  if (!endsExpression(last)) return EXPRESSION;
  if (after.some((token) => isOperator(token, '..'))) return next('OUTBOUND', 'INBOUND', 'ANY', OPERATION_KEYWORDS);
  return next('SEARCH', 'OPTIONS', OPERATION_KEYWORDS);
}

function collectClause(rest: readonly AqlToken[]): Offer {
  const last = rest[rest.length - 1];
  const before = rest[rest.length - 2];
  const lastKeyword = keywordOf(last);
  if (last === undefined) return { keywords: ['WITH COUNT INTO', 'AGGREGATE'], expects: ['newName'] };
  if (lastKeyword === 'WITH') return next('COUNT');
  if (last.text.toUpperCase() === 'COUNT' && keywordOf(before) === 'WITH') return next('INTO');
  if (lastKeyword === 'INTO' || lastKeyword === 'AGGREGATE' || isOperator(last, ',')) return NEW_NAME;
  if (isOperator(last, '=')) {
    const aggregating = has(rest, 'AGGREGATE') && !has(rest, 'INTO');
    return aggregating ? { ...EXPRESSION, aggregateFunctionsOnly: true } : EXPRESSION;
  }
  if (!endsExpression(last)) return EXPRESSION;
  const into = has(rest, 'INTO');
  if (keywordOf(before) === 'INTO') return next('KEEP', 'OPTIONS', OPERATION_KEYWORDS);
  return next(into || has(rest, 'AGGREGATE') ? [] : ['AGGREGATE'], into ? [] : ['INTO', 'WITH COUNT INTO'], 'OPTIONS', OPERATION_KEYWORDS);
}

function windowClause(rest: readonly AqlToken[]): Offer {
  const last = rest[rest.length - 1];
  if (last === undefined) return EXPRESSION;
  const aggregating = has(rest, 'AGGREGATE');
  if (keywordOf(last) === 'AGGREGATE' || (aggregating && isOperator(last, ','))) return NEW_NAME;
  if (isOperator(last, '=')) return { ...EXPRESSION, aggregateFunctionsOnly: true };
  if (keywordOf(last) === 'WITH' || !endsExpression(last)) return aggregating ? EXPRESSION : NOTHING;
  if (aggregating) return next(OPERATION_KEYWORDS);
  return has(rest, 'WITH') || isOperator(last, '}') ? next('AGGREGATE') : next('WITH', 'AGGREGATE');
}

/** INSERT, UPDATE, REPLACE, REMOVE, UPSERT: the document, then `WITH`, then `IN`/`INTO` a collection, then OPTIONS. */
function modificationClause(clause: string, rest: readonly AqlToken[], upsert: boolean): Offer {
  const last = rest[rest.length - 1];
  const lastKeyword = keywordOf(last);
  if (last === undefined || lastKeyword === 'WITH') return EXPRESSION;
  if (lastKeyword === 'IN' || lastKeyword === 'INTO') return DATA_SOURCE;
  if (!endsExpression(last)) return EXPRESSION;
  if (has(rest, 'IN', 'INTO')) return next('OPTIONS', OPERATION_KEYWORDS);
  switch (clause) {
    case 'UPSERT':
      return next('INSERT');
    case 'INSERT':
      return upsert ? next('UPDATE', 'REPLACE') : next('INTO', 'IN');
    case 'UPDATE':
    case 'REPLACE':
      return upsert || has(rest, 'WITH') ? next('IN', 'INTO') : next('WITH', 'IN', 'INTO');
    default:
      return next('IN', 'INTO');
  }
}

/** What may follow the tokens of one nesting level (a query, or a subquery in parentheses). */
function offerFor(level: readonly AqlToken[], inParentheses: boolean): Offer {
  const clauseIndex = lastClauseIndex(level);
  const last = level[level.length - 1];
  if (clauseIndex < 0) {
    if (last === undefined) return inParentheses ? expression(['FOR', 'LET', 'RETURN']) : next(OPERATION_KEYWORDS, 'WITH');
    if (!inParentheses && keywordOf(level[0]) === 'WITH') {
      return isName(last) ? next(OPERATION_KEYWORDS) : { keywords: [], expects: ['collection'] };
    }
    return endsExpression(last) ? next(WORD_OPERATORS) : EXPRESSION;
  }
  const clause = keywordOf(level[clauseIndex]) ?? '';
  const rest = level.slice(clauseIndex + 1);
  const restLast = rest[rest.length - 1];
  const ended = endsExpression(restLast);
  switch (clause) {
    case 'FOR':
      return forClause(rest);
    case 'SEARCH':
    case 'PRUNE':
      return ended ? next(WORD_OPERATORS, 'OPTIONS', OPERATION_KEYWORDS) : EXPRESSION;
    case 'FILTER':
      return ended ? next(WORD_OPERATORS, OPERATION_KEYWORDS) : EXPRESSION;
    case 'LIMIT':
      return ended ? next(OPERATION_KEYWORDS) : EXPRESSION;
    case 'RETURN':
      if (restLast === undefined) return expression(['DISTINCT']);
      return ended ? next(WORD_OPERATORS) : EXPRESSION;
    case 'LET':
      if (restLast === undefined) return NEW_NAME;
      if (rest.length === 1) return NOTHING;
      return ended ? next(WORD_OPERATORS, OPERATION_KEYWORDS) : EXPRESSION;
    case 'SORT': {
      const direction = keywordOf(restLast);
      if (direction === 'ASC' || direction === 'DESC') return next(OPERATION_KEYWORDS);
      return ended ? next('ASC', 'DESC', WORD_OPERATORS, OPERATION_KEYWORDS) : EXPRESSION;
    }
    case 'COLLECT':
      return collectClause(rest);
    case 'WINDOW':
      return windowClause(rest);
    case 'OPTIONS':
      return isOperator(restLast, '}') ? next(OPERATION_KEYWORDS) : NOTHING;
    default:
      return modificationClause(clause, rest, partOfUpsert(level, clauseIndex));
  }
}

/** The operation whose `OPTIONS` keyword stands at `optionsIndex` of a level. */
function optionsOperation(level: readonly AqlToken[], optionsIndex: number): OptionsOperation | undefined {
  const clauseIndex = lastClauseIndex(level, optionsIndex);
  const clause = keywordOf(level[clauseIndex]);
  const rest = level.slice(clauseIndex + 1, optionsIndex);
  switch (clause) {
    case 'SEARCH':
      return 'SEARCH';
    case 'PRUNE':
      return 'traversal';
    case 'FOR':
      if (has(rest, ...PATH_SEARCHES)) return 'shortestPath';
      return has(rest, 'OUTBOUND', 'INBOUND', 'ANY') ? 'traversal' : 'FOR';
    case 'INSERT':
    case 'UPDATE':
    case 'REPLACE':
      return partOfUpsert(level, clauseIndex) ? 'UPSERT' : clause;
    case 'REMOVE':
    case 'UPSERT':
    case 'COLLECT':
      return clause;
    default:
      return undefined;
  }
}

function insideOf(token: AqlToken, offset: number): 'string' | 'comment' | undefined {
  if (offset <= token.start || offset > token.end) return undefined;
  switch (token.kind) {
    case 'lineComment':
      return 'comment';
    case 'blockComment':
      return offset < token.end || token.text.length < 4 || !token.text.endsWith('*/') ? 'comment' : undefined;
    case 'string': {
      const closed = token.text.length >= 2 && token.text.endsWith(token.text[0] ?? '') && !/(^|[^\\])(\\\\)*\\.$/.test(token.text);
      return offset < token.end || !closed ? 'string' : undefined;
    }
    default:
      return undefined;
  }
}

function functionNameBefore(tokens: readonly AqlToken[], parenIndex: number): string | undefined {
  const nameToken = tokens[parenIndex - 1];
  if (nameToken?.kind !== 'identifier' || keywordOf(nameToken) !== undefined) return undefined;
  let name = nameToken.text;
  for (let i = parenIndex - 2; isOperator(tokens[i], '::') && tokens[i - 1]?.kind === 'identifier'; i -= 2) {
    name = `${tokens[i - 1]?.text ?? ''}::${name}`;
  }
  return name.includes('::') ? name : name.toUpperCase();
}

/**
 * What may follow at `offset` in `text` (one query: a block's text, or a whole file without
 * blocks).
 *
 * @example
 * const context = completionContext('FOR u IN users SORT u.age ', 26);
 * context.keywords; // ['ASC', 'DESC', 'AND', 'OR', ..., 'FOR', 'LET', ...]
 */
export function completionContext(text: string, offset: number, allTokens: readonly AqlToken[] = scanAql(text)): CompletionContext {
  const base = { prefix: '', prefixStart: offset, keywords: [] as string[], expects: new Set<Expectation>() };
  const at = allTokens.find((token) => token.start < offset && offset <= token.end);
  if (at !== undefined) {
    const inside = insideOf(at, offset);
    if (inside !== undefined) return { ...base, inside };
  }
  if (at !== undefined && (at.kind === 'valueParameter' || at.kind === 'collectionParameter' || (at.kind === 'other' && at.text === '@'))) {
    const start = at.kind === 'other' && text[at.start - 1] === '@' ? at.start - 1 : at.start;
    const typed = text.slice(start, offset);
    const expects = new Set<Expectation>(typed.startsWith('@@') ? ['collectionParameter'] : ['valueParameter', 'collectionParameter']);
    return { inside: 'code', prefix: typed, prefixStart: start, keywords: [], expects };
  }
  const typing = at !== undefined && (at.kind === 'identifier' || at.kind === 'quotedName') ? at : undefined;
  const prefixStart = typing?.start ?? offset;
  const prefix = text.slice(prefixStart, offset);
  const tokens = allTokens.filter((token) => token.end <= prefixStart && !isTrivia(token));
  const last = tokens[tokens.length - 1];

  if (isOperator(last, '.')) {
    const path: string[] = [];
    let i = tokens.length - 2;
    while (isName(tokens[i]) && isOperator(tokens[i - 1], '.')) {
      path.unshift(nameOf(tokens[i]!));
      i -= 2;
    }
    const variableToken = tokens[i];
    if (variableToken !== undefined && (isName(variableToken) || ['NEW', 'OLD', 'CURRENT'].includes(variableToken.text.toUpperCase()))) {
      const variable = nameOf(variableToken);
      const declared = declaredVariables(text, allTokens.filter((token) => !isTrivia(token)));
      const bound = variablesInScope(text, offset, declared).find((v) => v.name === variable);
      const attribute = { variable, path, ...(bound?.source === undefined ? {} : { source: bound.source }) };
      return { inside: 'code', prefix, prefixStart, keywords: [], expects: new Set(), attribute };
    }
    return { inside: 'code', prefix, prefixStart, keywords: [], expects: new Set() };
  }

  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'operator') return;
    if ('([{'.includes(token.text)) open.push(index);
    else if (')]}'.includes(token.text)) open.pop();
  });
  const innermost = open[open.length - 1];
  const innermostToken = innermost === undefined ? undefined : tokens[innermost];
  const parenIndex = [...open].reverse().find((index) => isOperator(tokens[index], '('));
  const callName = parenIndex === undefined ? undefined : functionNameBefore(tokens, parenIndex);
  const call =
    callName === undefined || parenIndex === undefined
      ? undefined
      : { name: callName, argumentIndex: levelOf(tokens, parenIndex + 1, tokens.length).filter((t) => isOperator(t, ',')).length };
  const withCall = <T extends object>(context: T): T & { call?: { name: string; argumentIndex: number } } =>
    call === undefined ? context : { ...context, call };

  const enclosingStart = (index: number): number => {
    const outer = open[open.indexOf(index) - 1];
    return outer === undefined ? 0 : outer + 1;
  };
  const finish = (offer: Offer): CompletionContext =>
    withCall({
      inside: 'code' as const,
      prefix,
      prefixStart,
      keywords: offer.keywords,
      expects: new Set(offer.expects),
      ...(offer.aggregateFunctionsOnly === true ? { aggregateFunctionsOnly: true } : {}),
    });

  if (innermost !== undefined && innermostToken !== undefined && innermostToken.text !== '(') {
    const inKeyPosition = innermost === tokens.length - 1 || isOperator(last, ',');
    if (innermostToken.text === '{') {
      const level = levelOf(tokens, enclosingStart(innermost), innermost);
      const before = level[level.length - 1];
      const operation =
        keywordOf(before) === 'OPTIONS'
          ? optionsOperation(level, level.length - 1)
          : keywordOf(before) === 'WINDOW' || (keywordOf(before) === 'WITH' && keywordOf(level[lastClauseIndex(level)]) === 'WINDOW')
            ? 'WINDOW'
            : undefined;
      if (inKeyPosition && operation !== undefined) {
        return { ...finish(NOTHING), optionKeys: { operation, keys: OPTION_KEYS[operation] } };
      }
      if (inKeyPosition) return finish(NEW_NAME);
    }
    return finish(endsExpression(last) ? next(WORD_OPERATORS) : EXPRESSION);
  }
  const levelStart = innermost === undefined ? 0 : innermost + 1;
  return finish(offerFor(levelOf(tokens, levelStart, tokens.length), innermost !== undefined));
}
