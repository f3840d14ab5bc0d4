/**
 * Benchmark 8, completion (issue 13: "completion answers in ≤ 20 ms for a 500-line file with
 * 1,000 collections cached"), in plain Node, on the parts that run for every completion request:
 * - the query blocks of the file and the block under the cursor (`parseQueryBlocks`, `blockAt`);
 * - what may follow at the cursor (`completionContext`) and the variables in scope
 *   (`variablesInScope`) in that block, from one scan of its text;
 * - the lookup of the typed prefix over 1,000 cached collection names (`matchNames`).
 * Cursors are spread over the whole file, so early and late positions (short and long scans) both count.
 */
import { isTrivia, scanAql } from '../src/language/aqlLexer';
import { declaredVariables, variablesInScope } from '../src/language/aqlScopes';
import { completionContext } from '../src/language/completionContext';
import { completeAql } from '../src/language/aqlCompletion';
import { matchNames } from '../src/language/nameLookup';
import type { CollectionSample, DatabaseSchema } from '../src/language/schemaCatalog';
import { blockAt, parseQueryBlocks } from '../src/language/queryBlocks';
import type { MetricResult } from './results';
import { percentile, summarize } from './stats';

export interface CompletionBenchOptions {
  readonly lines: number;
  readonly collections: number;
  /** Cursor positions per round, spread over the file. */
  readonly cursors: number;
  readonly warmupRounds: number;
  readonly rounds: number;
}

const BUDGET_MS = 20;

/** One block of about 25 lines, with subqueries, COLLECT, OPTIONS and a traversal. */
function block(index: number): string {
  return [
    `// @query report-${index} maxRuntime=60 memoryLimit=1e9 optimizer.rules=-use-indexes bind.min=${index}`,
    `FOR u IN users${index % 40}`,
    '  FILTER u.age >= @min && u.active == true',
    '  LET orders = (',
    `    FOR o IN orders${index % 30}`,
    '      FILTER o.userId == u._key',
    '      SORT o.created DESC',
    '      LIMIT 10',
    '      RETURN { id: o._key, total: o.total, items: LENGTH(o.items) }',
    '  )',
    '  LET friends = (',
    '    FOR v, e, p IN 1..2 OUTBOUND u._id GRAPH "social"',
    '      PRUNE v.blocked == true',
    '      OPTIONS { order: "bfs", uniqueVertices: "global" }',
    '      RETURN DISTINCT v.name',
    '  )',
    '  COLLECT city = u.address.city INTO group KEEP orders, friends',
    '  AGGREGATE spent = SUM(LENGTH(orders)), people = COUNT(1)',
    '  SORT spent DESC',
    '  LIMIT 20',
    '  RETURN {',
    '    city,',
    '    spent,',
    `    note: CONCAT("block ", ${index}, " /* not a comment */ // nor this")`,
    '  }',
  ].join('\n');
}

/** A file of about `lines` lines in blocks, with the cursor positions to ask at. */
export function completionFixture(lines: number, cursors: number): { text: string; offsets: number[] } {
  const blocks: string[] = [];
  for (let i = 0; blocks.join('\n').split('\n').length < lines; i += 1) blocks.push(block(i));
  const text = `${blocks.join('\n')}\n`;
  // Places a person completes at: after "FOR u IN ", after "u.", inside OPTIONS, after "SORT x ".
  const anchors = ['IN users', 'u.address.', 'OPTIONS { ', 'SORT spent ', 'LENGTH(', 'FILTER u.'];
  const offsets: number[] = [];
  for (let i = 0; i < cursors; i += 1) {
    const from = Math.floor((text.length * i) / cursors);
    const anchor = anchors[i % anchors.length]!;
    const found = text.indexOf(anchor, from);
    offsets.push(found < 0 ? text.length : found + anchor.length);
  }
  return { text, offsets };
}

/** The work of one completion request at `offset`; returns how many items it would offer. */
export function completeAt(text: string, offset: number, collections: readonly string[]): number {
  const blocks = parseQueryBlocks(text);
  const current = blockAt(blocks, offset);
  const start = current?.querySpan.start ?? 0;
  const query = current?.queryText ?? text;
  const local = Math.max(0, offset - start);
  const tokens = scanAql(query);
  const context = completionContext(query, local, tokens);
  let items = context.keywords.length;
  if (context.expects.has('variable')) items += variablesInScope(query, local, declaredVariables(query, tokens.filter((t) => !isTrivia(t)))).length;
  if (context.expects.has('collection')) items += matchNames(collections, context.prefix, 200).length;
  return items;
}

function timeEach(offsets: readonly number[], work: (offset: number) => void): number[] {
  return offsets.map((offset) => {
    const started = performance.now();
    work(offset);
    return performance.now() - started;
  });
}

export function benchCompletion(options: CompletionBenchOptions): MetricResult[] {
  const { text, offsets } = completionFixture(options.lines, options.cursors);
  const lineCount = text.split('\n').length - 1;
  const collections = Array.from({ length: options.collections }, (_, i) => `${['users', 'orders', 'events', 'logs'][i % 4]}_${i}`);
  const prefixes = ['', 'u', 'us', 'users_1', 'ord', 'zz'];
  const schema: DatabaseSchema = {
    database: 'bench',
    collections: collections.map((name) => ({ name, type: 'document', isSystem: false })),
    views: [],
    graphs: [{ name: 'social', edgeCollections: ['knows'] }],
    analyzers: [],
    userFunctions: [],
    collectionNames: collections,
    fetchedAt: 0,
  };
  const sample: CollectionSample = { collection: 'users', sampled: 20, attributes: ['name', 'age', 'address', 'active'].map((name) => ({ name, count: 20, children: [] })) };
  const sources = { schema, sample: () => sample, bindVarKeys: ['min'] };
  const provider: number[] = [];
  const request: number[] = [];
  const context: number[] = [];
  const lookup: number[] = [];
  for (let round = 0; round < options.warmupRounds + options.rounds; round += 1) {
    const keep = round >= options.warmupRounds;
    const requestTimes = timeEach(offsets, (offset) => completeAt(text, offset, collections));
    const providerTimes = timeEach(offsets, (offset) => completeAql(text, offset, sources));
    const contextTimes = timeEach(offsets, (offset) => {
      const tokens = scanAql(text);
      completionContext(text, offset, tokens);
      variablesInScope(text, offset, declaredVariables(text, tokens.filter((t) => !isTrivia(t))));
    });
    const lookupTimes = timeEach(offsets, (offset) => matchNames(collections, prefixes[offset % prefixes.length]!, 200));
    if (keep) {
      request.push(...requestTimes);
      provider.push(...providerTimes);
      context.push(...contextTimes);
      lookup.push(...lookupTimes);
    }
  }
  const judged = (samples: readonly number[], label: string): MetricResult['targets'] => {
    const p95 = percentile(samples, 95);
    return [{ target: `${label} p95 ≤ ${BUDGET_MS} ms`, met: p95 <= BUDGET_MS, measured: `p95 ${p95.toFixed(2)} ms, max ${Math.max(...samples).toFixed(2)} ms` }];
  };
  const where = `${lineCount}-line file of ${text.split('// @query').length - 1} blocks, ${options.cursors} cursors over it, ${options.rounds} rounds after ${options.warmupRounds} warm-up`;
  return [
    {
      benchmark: '8 completion',
      metric: `completion provider core (completeAql: every item built, ${options.collections.toLocaleString('en-US')} cached collections, a sampled collection)`,
      unit: 'ms',
      higherIsBetter: false,
      contenders: { ours: summarize(provider) },
      targets: judged(provider, 'provider'),
      note: `plain Node, per request, what the CompletionItemProvider runs before mapping to VS Code items (no server request); ${where}`,
    },
    {
      benchmark: '8 completion',
      metric: `completion request (blocks + context + scopes + lookup over ${options.collections.toLocaleString('en-US')} collections)`,
      unit: 'ms',
      higherIsBetter: false,
      contenders: { ours: summarize(request) },
      targets: judged(request, 'request'),
      note: `plain Node, per request; ${where}`,
    },
    {
      benchmark: '8 completion',
      metric: `completion context + scopes over the whole ${lineCount}-line file (no blocks)`,
      unit: 'ms',
      higherIsBetter: false,
      contenders: { ours: summarize(context) },
      targets: judged(context, 'context + scopes'),
      note: `plain Node: the worst case, the file taken as one query; ${where}`,
    },
    {
      benchmark: '8 completion',
      metric: `prefix lookup over ${options.collections.toLocaleString('en-US')} cached collection names`,
      unit: 'ms',
      higherIsBetter: false,
      contenders: { ours: summarize(lookup) },
      targets: judged(lookup, 'lookup'),
      note: `plain Node: matchNames with prefixes ${prefixes.map((p) => JSON.stringify(p)).join(', ')}, first 200 kept`,
    },
  ];
}
