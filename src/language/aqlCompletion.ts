/**
 * The completion list at a cursor in an `.aql` file, without VS Code: the block under the cursor,
 * what may follow there ({@link completionContext}), and the names that fit — keywords, OPTIONS
 * keys, variables in scope, bind parameters of the file, functions (built-in and the server's
 * user-defined ones), collections, views, graphs, analyzers and sampled attribute names — taken
 * from caches only (the {@link SchemaCatalog} answers at once and fetches in the background).
 * Offsets in and out are offsets of the whole file.
 */
import { isTrivia, scanAql } from './aqlLexer';
import type { AqlToken } from './aqlLexer';
import type { AqlFunctionInfo } from './aqlFunctions';
import { AQL_FUNCTIONS, findAqlFunction, formatSignature, parameterAt, parseSignature } from './aqlFunctions';
import { declaredVariables, variablesInScope } from './aqlScopes';
import type { AqlVariable } from './aqlScopes';
import { AQL_KEYWORDS } from './aqlSyntax';
import { findBindParameters } from './bindParameters';
import { completionContext } from './completionContext';
import type { CompletionContext } from './completionContext';
import { blockAt, parseQueryBlocks } from './queryBlocks';
import type { QueryBlock } from './queryBlocks';
import type { CollectionSample, DatabaseSchema } from './schemaCatalog';

export type AqlCompletionKind =
  | 'keyword'
  | 'optionKey'
  | 'variable'
  | 'bindParameter'
  | 'function'
  | 'userFunction'
  | 'collection'
  | 'edgeCollection'
  | 'view'
  | 'graph'
  | 'analyzer'
  | 'attribute';

export interface AqlCompletionItem {
  readonly label: string;
  readonly kind: AqlCompletionKind;
  /** Short text beside the label (a signature, a type). */
  readonly detail?: string;
  /** Longer text (markdown) for the details pane. */
  readonly documentation?: string;
  /** What is inserted, when it differs from the label. */
  readonly insertText?: string;
  /** `insertText` is a snippet (`$1` placeholders). */
  readonly snippet?: boolean;
  /** Groups items: lower first among equally good matches. */
  readonly sortText: string;
}

export interface AqlCompletionList {
  readonly items: readonly AqlCompletionItem[];
  /** What the items replace (offsets of the file): the word typed so far. */
  readonly replaceStart: number;
  readonly replaceEnd: number;
  /** Something wanted here is still being fetched: ask again as the person types. */
  readonly incomplete: boolean;
}

/** What completion knows beyond the text; every lookup answers from a cache and never waits. */
export interface CompletionSources {
  /** The current database's schema, or undefined while it is being fetched (or not connected). */
  readonly schema?: DatabaseSchema | undefined;
  /** Sampled attributes of a collection, or undefined (not sampled yet, or sampling off). */
  readonly sample?: (collection: string) => CollectionSample | undefined;
  /** Keys of the file's `.bindvars.json` (`name`, `@coll`). */
  readonly bindVarKeys?: readonly string[];
  /** The value a bind parameter will be sent with (for `FOR d IN @@coll`: which collection `d` runs over). */
  readonly bindValue?: (key: string) => unknown;
}

/** The functions `COLLECT … AGGREGATE x = f(…)` and `WINDOW … AGGREGATE` accept (AQL docs, COLLECT). */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'LENGTH', 'COUNT', 'MIN', 'MAX', 'SUM', 'AVERAGE', 'AVG', 'STDDEV_POPULATION', 'STDDEV', 'STDDEV_SAMPLE', 'VARIANCE_POPULATION',
  'VARIANCE', 'VARIANCE_SAMPLE', 'UNIQUE', 'SORTED_UNIQUE', 'COUNT_DISTINCT', 'COUNT_UNIQUE', 'BIT_AND', 'BIT_OR', 'BIT_XOR', 'PUSH',
]);

const SORT = { variable: '0', attribute: '0', optionKey: '0', bindParameter: '1', source: '2', function: '3', keyword: '4' } as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name as AQL must write it: bare when it can be, in backticks otherwise (keywords, dashes, …). */
export function quotedName(name: string): string {
  return IDENTIFIER.test(name) && !AQL_KEYWORDS.has(name.toUpperCase()) ? name : `\`${name.replace(/[`\\]/g, (c) => `\\${c}`)}\``;
}

/** The block under the cursor and the cursor in its query, or undefined in a header line. */
export function queryAt(text: string, offset: number, blocks: readonly QueryBlock[] = parseQueryBlocks(text)): { query: string; start: number; block?: QueryBlock } | undefined {
  const block = blockAt(blocks, offset);
  if (block === undefined) return { query: text, start: 0 };
  if (offset < block.querySpan.start) return undefined;
  return { query: block.queryText, start: block.querySpan.start, block };
}

function functionItem(fn: AqlFunctionInfo): AqlCompletionItem {
  const takesArguments = fn.signature.trim() !== '';
  return {
    label: fn.name,
    kind: 'function',
    detail: formatSignature(fn),
    documentation: `${fn.description}\n\n[Documentation](${fn.link})`,
    insertText: takesArguments ? `${fn.name}($0)` : `${fn.name}()`,
    snippet: true,
    sortText: `${SORT.function}${fn.name}`,
  };
}

// Built once: the same 256 items serve every request.
const FUNCTION_ITEMS: readonly AqlCompletionItem[] = AQL_FUNCTIONS.map(functionItem);
const AGGREGATE_ITEMS: readonly AqlCompletionItem[] = FUNCTION_ITEMS.filter((item) => AGGREGATE_FUNCTIONS.has(item.label));

function variableDetail(variable: AqlVariable): string {
  const source = variable.source === undefined ? '' : ` IN ${variable.source.kind === 'collection' ? variable.source.name : `@${variable.source.name}`}`;
  return `${variable.kind === 'NEW' || variable.kind === 'OLD' ? 'pseudo-variable' : variable.kind}${source}`;
}

function sourceItems(context: CompletionContext, sources: CompletionSources, quoted: boolean): AqlCompletionItem[] {
  const schema = sources.schema;
  if (schema === undefined) return [];
  const items: AqlCompletionItem[] = [];
  const name = (value: string): string => (quoted ? value : quotedName(value));
  if (context.expects.has('collection')) {
    for (const collection of schema.collections) {
      const edge = collection.type === 'edge';
      items.push({
        label: collection.name,
        kind: edge ? 'edgeCollection' : 'collection',
        detail: edge ? 'edge collection' : 'document collection',
        ...(name(collection.name) === collection.name ? {} : { insertText: name(collection.name) }),
        sortText: `${SORT.source}${collection.name}`,
      });
    }
  }
  if (context.expects.has('view')) {
    for (const view of schema.views) {
      items.push({ label: view.name, kind: 'view', detail: `${view.type} view`, ...(name(view.name) === view.name ? {} : { insertText: name(view.name) }), sortText: `${SORT.source}${view.name}` });
    }
  }
  if (context.expects.has('graph')) {
    for (const graph of schema.graphs) {
      items.push({
        label: graph.name,
        kind: 'graph',
        detail: 'named graph',
        documentation: graph.edgeCollections.length === 0 ? undefined : `Edge collections: ${graph.edgeCollections.join(', ')}`,
        ...(quoted ? {} : { insertText: JSON.stringify(graph.name) }),
        sortText: `${SORT.source}${graph.name}`,
      } as AqlCompletionItem);
    }
  }
  return items;
}

function bindParameterItems(context: CompletionContext, text: string, sources: CompletionSources): AqlCompletionItem[] {
  const found = findBindParameters(text);
  const fromFile = sources.bindVarKeys ?? [];
  const values = new Set([...found.values, ...fromFile.filter((key) => !key.startsWith('@'))]);
  const collections = new Set([...found.collections, ...fromFile.filter((key) => key.startsWith('@'))]);
  const items: AqlCompletionItem[] = [];
  const detail = (key: string): string => (fromFile.includes(key) ? 'bind parameter (.bindvars.json)' : 'bind parameter');
  if (context.expects.has('valueParameter')) {
    for (const key of values) items.push({ label: `@${key}`, kind: 'bindParameter', detail: detail(key), sortText: `${SORT.bindParameter}${key}` });
  }
  if (context.expects.has('collectionParameter')) {
    for (const key of collections) items.push({ label: `@${key}`, kind: 'bindParameter', detail: `collection ${detail(key)}`, sortText: `${SORT.bindParameter}${key}` });
  }
  return items;
}

function attributeItems(context: CompletionContext, sources: CompletionSources): { items: AqlCompletionItem[]; waiting: boolean } {
  const attribute = context.attribute;
  if (attribute?.source === undefined || sources.sample === undefined) return { items: [], waiting: false };
  let collection: string | undefined;
  if (attribute.source.kind === 'collection') {
    collection = attribute.source.name;
  } else {
    // The source's name is the bindVars key already (`@coll`).
    const value = sources.bindValue?.(attribute.source.name);
    collection = typeof value === 'string' ? value : undefined;
  }
  if (collection === undefined || attribute.path.length > 1) return { items: [], waiting: false };
  const sample = sources.sample(collection);
  if (sample === undefined) return { items: [], waiting: true };
  const names =
    attribute.path.length === 0
      ? sample.attributes.map((found) => ({ name: found.name, count: found.count }))
      : (sample.attributes.find((found) => found.name === attribute.path[0])?.children ?? []).map((name) => ({ name, count: undefined }));
  const items = names.map(({ name, count }, index) => ({
    label: name,
    kind: 'attribute' as const,
    detail: count === undefined ? `in ${collection}` : `in ${count} of ${sample.sampled} sampled ${collection} documents`,
    ...(IDENTIFIER.test(name) ? {} : { insertText: quotedName(name) }),
    // The sample's order (most frequent first) is the useful one.
    sortText: `${SORT.attribute}${String(index).padStart(4, '0')}`,
  }));
  return { items, waiting: false };
}

/** `MY::NS::FU` typed before the cursor: where the whole qualified name starts. */
function qualifiedNameStart(query: string, prefixStart: number): number {
  const match = /(?:[A-Za-z_][A-Za-z0-9_]*::)+$/.exec(query.slice(Math.max(0, prefixStart - 200), prefixStart));
  return match === null ? prefixStart : prefixStart - match[0].length;
}

/** Inside a string: an analyzer name where a function takes one, a graph name after GRAPH. */
function stringItems(query: string, offset: number, tokens: readonly AqlToken[], sources: CompletionSources, start: number): AqlCompletionList | undefined {
  const token = tokens.find((candidate) => candidate.kind === 'string' && candidate.start < offset && offset <= candidate.end);
  const schema = sources.schema;
  if (token === undefined) return undefined;
  const before = completionContext(query, token.start, tokens);
  const replace = { replaceStart: start + token.start + 1, replaceEnd: start + offset };
  if (before.expects.has('graph')) {
    return { items: schema === undefined ? [] : sourceItems(before, sources, true), ...replace, incomplete: schema === undefined };
  }
  const fn = before.call === undefined ? undefined : findAqlFunction(before.call.name);
  const parameter = fn === undefined || before.call === undefined ? undefined : parameterAt(parseSignature(fn.signature), before.call.argumentIndex);
  if (parameter?.name !== 'analyzer') return undefined;
  const items = (schema?.analyzers ?? []).map((analyzer) => ({ label: analyzer.name, kind: 'analyzer' as const, detail: `${analyzer.type} analyzer`, sortText: `${SORT.source}${analyzer.name}` }));
  return { items, ...replace, incomplete: schema === undefined };
}

/**
 * The completion list at `offset` of an `.aql` file's `text`.
 *
 * @example
 * completeAql('FOR u IN ', 9, { schema }).items.map((item) => item.label); // ['OUTBOUND', …, 'users', 'orders']
 */
export function completeAql(text: string, offset: number, sources: CompletionSources = {}, blocks?: readonly QueryBlock[]): AqlCompletionList {
  const at = queryAt(text, offset, blocks);
  const none: AqlCompletionList = { items: [], replaceStart: offset, replaceEnd: offset, incomplete: false };
  if (at === undefined) return none;
  const { query, start } = at;
  const local = offset - start;
  const tokens = scanAql(query);
  const context = completionContext(query, local, tokens);
  if (context.inside === 'string') return stringItems(query, local, tokens, sources, start) ?? none;
  if (context.inside === 'comment' || context.expects.has('newName')) return none;

  const items: AqlCompletionItem[] = [];
  let incomplete = false;
  let replaceStart = start + context.prefixStart;
  for (const keyword of context.keywords) items.push({ label: keyword, kind: 'keyword', sortText: `${SORT.keyword}${keyword}` });
  if (context.optionKeys !== undefined) {
    for (const key of context.optionKeys.keys) {
      items.push({ label: key, kind: 'optionKey', detail: `${context.optionKeys.operation} option`, insertText: `${key}: `, sortText: `${SORT.optionKey}${key}` });
    }
  }
  if (context.attribute !== undefined) {
    const attributes = attributeItems(context, sources);
    items.push(...attributes.items);
    incomplete ||= attributes.waiting;
  }
  if (context.expects.has('variable')) {
    const declared = declaredVariables(query, tokens.filter((token) => !isTrivia(token)));
    for (const variable of variablesInScope(query, local, declared)) {
      items.push({ label: variable.name, kind: 'variable', detail: variableDetail(variable), sortText: `${SORT.variable}${variable.name}` });
    }
  }
  items.push(...bindParameterItems(context, text, sources));
  if (context.expects.has('collection') || context.expects.has('view') || context.expects.has('graph')) {
    items.push(...sourceItems(context, sources, false));
    incomplete ||= sources.schema === undefined;
  }
  if (context.expects.has('function')) {
    items.push(...(context.aggregateFunctionsOnly === true ? AGGREGATE_ITEMS : FUNCTION_ITEMS));
    const qualifiedStart = qualifiedNameStart(query, context.prefixStart);
    if (qualifiedStart < context.prefixStart) {
      // Typing `NS::` narrows to user functions; the whole qualified name is replaced.
      replaceStart = start + qualifiedStart;
      items.length = 0;
    }
    if (context.aggregateFunctionsOnly !== true) {
      for (const fn of sources.schema?.userFunctions ?? []) {
        items.push({ label: fn.name, kind: 'userFunction', detail: 'user-defined function', insertText: `${fn.name}($0)`, snippet: true, sortText: `${SORT.function}${fn.name}` });
      }
      incomplete ||= sources.schema === undefined;
    }
  }
  return { items, replaceStart, replaceEnd: offset, incomplete };
}
