import assert from 'node:assert/strict';
import { completionContext } from '../../../src/language/completionContext';
import { variablesInScope } from '../../../src/language/aqlScopes';

/**
 * What a completion list holds at the `|` of a text, flattened to words: keywords as written,
 * kinds of names as `<collection>`, variables in scope as `$name`, OPTIONS keys as `{key}`,
 * the attribute context as `.variable@collection`, a call as `NAME#argument`.
 */
function offered(marked: string): string[] {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, `no | in ${marked}`);
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const context = completionContext(text, offset);
  const words: string[] = [...context.keywords, ...[...context.expects].map((e) => `<${e}>`)];
  if (context.inside !== 'code') words.push(`(${context.inside})`);
  if (context.expects.has('variable')) words.push(...variablesInScope(text, offset).map((v) => `$${v.name}`));
  if (context.optionKeys !== undefined) words.push(`options:${context.optionKeys.operation}`, ...context.optionKeys.keys.map((k) => `{${k}}`));
  if (context.attribute !== undefined) {
    const { variable, path, source } = context.attribute;
    words.push(`.${[variable, ...path].join('.')}${source === undefined ? '' : `@${source.name}`}`);
  }
  if (context.call !== undefined) words.push(`${context.call.name}#${context.call.argumentIndex}`);
  if (context.aggregateFunctionsOnly === true) words.push('<aggregate>');
  if (context.prefix !== '') words.push(`prefix:${context.prefix}`);
  return words;
}

/** [text with | at the cursor, what must be offered, what must not]. */
const TABLE: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  // start of a query
  ['|', ['FOR', 'LET', 'RETURN', 'WITH', 'INSERT', 'UPSERT'], ['ASC', '<collection>', '<variable>']],
  ['WITH |', ['<collection>'], ['FOR', '<variable>']],
  ['WITH users, |', ['<collection>'], ['FOR']],
  ['WITH users |', ['FOR', 'LET'], ['<collection>']],
  // FOR … IN
  ['FOR |', ['<newName>'], ['IN', '<collection>', 'FOR']],
  ['FOR u |', ['IN'], ['<collection>', 'FOR']],
  ['FOR u IN |', ['<collection>', '<view>', '<collectionParameter>', '<valueParameter>', '<variable>', '<function>', 'OUTBOUND'], ['$u', 'FOR', 'ASC']],
  ['FOR u IN us|', ['<collection>', 'prefix:us'], ['$u']],
  ['FOR u IN users |', ['SEARCH', 'OPTIONS', 'FILTER', 'RETURN', 'SORT'], ['<collection>', 'ASC', 'IN']],
  ['LET list = [1] FOR u IN |', ['$list', '<collection>'], ['$u']],
  ['FOR i IN 1..3 |', ['OUTBOUND', 'INBOUND', 'ANY', 'RETURN'], ['SEARCH']],
  // traversals
  ['FOR v, e IN 1..3 OUTBOUND |', ['<variable>', 'SHORTEST_PATH', 'K_PATHS'], ['$v', '$e', 'GRAPH']],
  ['FOR s IN starts FOR v IN 1..3 OUTBOUND s |', ['GRAPH', '<collection>'], ['PRUNE', 'RETURN']],
  ['FOR s IN starts FOR v IN 1..3 OUTBOUND s._id |', ['GRAPH', '<collection>'], ['PRUNE']],
  ['FOR v IN OUTBOUND "a/1" GRAPH |', ['<graph>', '<valueParameter>'], ['<collection>', 'PRUNE']],
  ['FOR v IN 1..2 OUTBOUND "a/1" GRAPH "g" |', ['PRUNE', 'OPTIONS', 'FILTER', 'RETURN'], ['GRAPH', 'TO']],
  ['FOR v IN 1..2 OUTBOUND "a/1" knows |', ['PRUNE', 'OPTIONS', 'RETURN'], ['GRAPH']],
  ['FOR v IN OUTBOUND SHORTEST_PATH "a/1" |', ['TO'], ['GRAPH', 'PRUNE']],
  ['FOR v IN OUTBOUND SHORTEST_PATH "a/1" TO "a/2" GRAPH "g" |', ['OPTIONS', 'RETURN'], ['PRUNE']],
  ['FOR v, e, p IN 1..5 OUTBOUND "a/1" GRAPH "g" PRUNE |', ['$v', '$e', '$p', '<function>'], ['RETURN', 'ASC']],
  ['FOR v IN 1..5 OUTBOUND "a/1" GRAPH "g" PRUNE v.x == 1 |', ['OPTIONS', 'AND', 'RETURN'], ['ASC']],
  // SEARCH
  ['FOR d IN myView SEARCH |', ['$d', '<function>'], ['RETURN', 'OPTIONS']],
  ['FOR d IN myView SEARCH d.x == 1 |', ['AND', 'OR', 'OPTIONS', 'SORT', 'RETURN'], ['SEARCH', 'ASC']],
  // SORT, LIMIT, FILTER, RETURN, LET
  ['FOR u IN users SORT u.age |', ['ASC', 'DESC', 'LIMIT', 'RETURN'], ['<variable>', 'INTO']],
  ['FOR u IN users SORT u.age DESC |', ['LIMIT', 'RETURN'], ['ASC', 'DESC']],
  ['FOR u IN users SORT u.age DESC, |', ['$u', '<function>'], ['ASC', 'RETURN']],
  ['FOR u IN users LIMIT |', ['<valueParameter>', '<variable>'], ['ASC', 'RETURN']],
  ['FOR u IN users FILTER |', ['$u', '<function>', 'NOT', 'TRUE'], ['RETURN', 'ASC']],
  ['FOR u IN users FILTER u.a > 1 |', ['AND', 'OR', 'RETURN', 'SORT'], ['ASC', '<variable>']],
  ['FOR u IN users RETURN |', ['DISTINCT', '$u', '<function>'], ['FOR', 'ASC']],
  ['FOR u IN users RETURN u |', ['AND', 'OR'], ['RETURN', 'FOR', 'ASC']],
  ['LET |', ['<newName>'], ['<variable>', 'FOR']],
  ['LET x = |', ['<variable>', '<function>', '<valueParameter>'], ['$x', 'RETURN']],
  ['LET x = 1 LET y = x + |', ['$x'], ['$y']],
  // COLLECT
  ['FOR u IN users COLLECT |', ['WITH COUNT INTO', 'AGGREGATE', '<newName>'], ['INTO', '<variable>']],
  ['FOR u IN users COLLECT c = u.city |', ['INTO', 'WITH COUNT INTO', 'AGGREGATE', 'OPTIONS', 'RETURN', 'SORT'], ['ASC', '<variable>']],
  ['FOR u IN users COLLECT c = u.city INTO |', ['<newName>'], ['<variable>', 'RETURN']],
  ['FOR u IN users COLLECT c = u.city INTO g |', ['KEEP', 'OPTIONS', 'RETURN'], ['INTO', 'AGGREGATE']],
  ['FOR u IN users COLLECT WITH |', ['COUNT'], ['INTO']],
  ['FOR u IN users COLLECT WITH COUNT |', ['INTO'], ['COUNT']],
  ['FOR u IN users COLLECT AGGREGATE n = |', ['<aggregate>', '<function>', '$u'], ['$n']],
  ['FOR u IN users COLLECT c = u.city AGGREGATE n = COUNT(1) |', ['INTO', 'OPTIONS', 'RETURN'], ['AGGREGATE']],
  // WINDOW
  ['FOR t IN ticks WINDOW |', ['$t', '<function>'], ['AGGREGATE']],
  ['FOR t IN ticks WINDOW { preceding: 1 } |', ['AGGREGATE'], ['WITH', 'RETURN']],
  ['FOR t IN ticks WINDOW t.time |', ['WITH', 'AGGREGATE'], ['RETURN']],
  ['FOR t IN ticks WINDOW t.time WITH { preceding: "PT1H" } AGGREGATE s = |', ['<aggregate>', '$t'], ['$s']],
  ['FOR t IN ticks WINDOW { |', ['options:WINDOW', '{preceding}', '{following}'], ['{method}']],
  // OPTIONS per operation
  ['FOR u IN users OPTIONS { |', ['options:FOR', '{indexHint}', '{forceIndexHint}', '{disableIndex}'], ['{waitForSync}', '<variable>']],
  ['FOR u IN users OPTIONS { indexHint: "i", |', ['{forceIndexHint}'], ['<variable>']],
  ['FOR u IN users OPTIONS { indexHint: |', ['<valueParameter>', '<variable>'], ['{forceIndexHint}']],
  ['FOR d IN v SEARCH d.a == 1 OPTIONS { |', ['options:SEARCH', '{collections}', '{conditionOptimization}'], ['{indexHint}']],
  ['FOR v IN 1..2 OUTBOUND "a/1" GRAPH "g" OPTIONS { |', ['options:traversal', '{order}', '{uniqueVertices}'], ['{overwriteMode}', '{method}']],
  ['FOR v IN 1..2 OUTBOUND "a/1" GRAPH "g" PRUNE v.x OPTIONS { |', ['options:traversal', '{uniqueEdges}'], []],
  ['INSERT {} INTO users OPTIONS { |', ['options:INSERT', '{overwriteMode}', '{waitForSync}'], ['{indexHint}']],
  ['FOR u IN users UPDATE u WITH {} IN users OPTIONS { |', ['options:UPDATE', '{mergeObjects}', '{keepNull}'], ['{overwriteMode}']],
  ['FOR u IN users REPLACE u WITH {} IN users OPTIONS {|', ['options:REPLACE', '{ignoreRevs}'], ['{keepNull}']],
  ['FOR u IN users REMOVE u IN users OPTIONS { |', ['options:REMOVE', '{ignoreErrors}'], ['{mergeObjects}']],
  ['UPSERT { a: 1 } INSERT { a: 1 } UPDATE { b: 2 } IN users OPTIONS { |', ['options:UPSERT', '{readOwnWrites}', '{indexHint}'], ['options:UPDATE']],
  ['FOR u IN users COLLECT c = u.city OPTIONS { |', ['options:COLLECT', '{method}'], ['{indexHint}']],
  ['FOR u IN users OPTIONS { indexHint: "i" } |', ['FILTER', 'RETURN'], ['{indexHint}']],
  // modification operations
  ['INSERT { a: 1 } |', ['INTO', 'IN'], ['UPDATE', 'RETURN']],
  ['INSERT { a: 1 } INTO |', ['<collection>', '<collectionParameter>'], ['<variable>', '<view>']],
  ['INSERT { a: 1 } INTO users |', ['OPTIONS', 'RETURN', 'LET'], ['INTO']],
  ['INSERT { a: 1 } INTO users RETURN |', ['$NEW'], ['$OLD']],
  ['FOR u IN users UPDATE u |', ['WITH', 'IN', 'INTO'], ['RETURN']],
  ['FOR u IN users UPDATE u WITH { a: 1 } |', ['IN', 'INTO'], ['WITH']],
  ['FOR u IN users UPDATE u WITH { a: 1 } IN users RETURN |', ['$NEW', '$OLD', '$u'], []],
  ['FOR u IN users REMOVE u |', ['IN', 'INTO'], ['WITH']],
  ['FOR u IN users REMOVE u IN users RETURN |', ['$OLD'], ['$NEW']],
  ['UPSERT { a: 1 } |', ['INSERT'], ['INTO']],
  ['UPSERT { a: 1 } INSERT { a: 1 } |', ['UPDATE', 'REPLACE'], ['INTO', 'IN']],
  ['UPSERT { a: 1 } INSERT { a: 1 } UPDATE { b: 2 } |', ['IN', 'INTO'], ['WITH']],
  // attributes
  ['FOR doc IN users RETURN doc.|', ['.doc@users'], ['<variable>', 'ASC']],
  ['FOR doc IN users RETURN doc.address.ci|', ['.doc.address@users', 'prefix:ci'], []],
  ['FOR doc IN `my users` FILTER doc.|', ['.doc@my users'], []],
  ['FOR doc IN @@coll RETURN doc.|', ['.doc@@coll'], []],
  ['LET xs = [1] FOR x IN xs RETURN x.|', ['.x'], ['.x@xs']],
  ['FOR a IN users FOR b IN (FOR a IN orders RETURN a.|) RETURN b', ['.a@orders'], ['.a@users']],
  // bind parameters
  ['FOR u IN users FILTER u.a == @|', ['<valueParameter>', '<collectionParameter>', 'prefix:@'], ['<variable>']],
  ['FOR u IN users FILTER u.a == @na|', ['<valueParameter>', 'prefix:@na'], []],
  ['FOR u IN @@|', ['<collectionParameter>', 'prefix:@@'], ['<valueParameter>']],
  ['FOR u IN @@us|', ['<collectionParameter>', 'prefix:@@us'], ['<valueParameter>']],
  // function arguments
  ['RETURN SUBSTRING(|', ['SUBSTRING#0', '<variable>'], ['ASC']],
  ['RETURN SUBSTRING("abc", |', ['SUBSTRING#1'], []],
  ['RETURN concat("a", LENGTH([1, 2]), |', ['CONCAT#2'], ['LENGTH#0']],
  ['RETURN CONCAT("a", [1, |', ['CONCAT#1'], []],
  ['RETURN CONCAT(LENGTH(|', ['LENGTH#0'], ['CONCAT#0']],
  ['RETURN MYNS::MYFUNC(1, |', ['MYNS::MYFUNC#1'], []],
  ['RETURN (1 + |', ['<variable>'], ['#0']],
  ['LET n = (FOR x IN xs RETURN x) RETURN |', ['$n'], ['$x']],
  ['LET n = (FOR x IN xs |', ['SEARCH', 'FILTER', 'RETURN'], []],
  ['LET n = (|', ['FOR', 'LET', 'RETURN', '<variable>'], ['WITH']],
  // strings and comments: nothing
  ['RETURN "FOR u IN |', ['(string)'], ['<collection>', 'FOR']],
  ['RETURN "a|b"', ['(string)'], ['FOR']],
  ["RETURN 'it\\'s |'", ['(string)'], ['FOR']],
  ['FOR u IN users // RETURN |', ['(comment)'], ['RETURN']],
  ['FOR u IN users /* FILTER |', ['(comment)'], ['FILTER']],
  ['FOR u IN users /* x */ |', ['FILTER', 'RETURN'], ['(comment)']],
  ['RETURN "done" |', ['AND'], ['(string)']],
];

describe('completionContext', () => {
  for (const [marked, must, mustNot] of TABLE) {
    it(`${marked.replace(/\n/g, '⏎')}  →  ${must.join(' ')}${mustNot.length > 0 ? `  (not ${mustNot.join(' ')})` : ''}`, () => {
      const words = offered(marked);
      const missing = must.filter((word) => !words.includes(word));
      const wrong = mustNot.filter((word) => words.includes(word));
      assert.deepEqual({ missing, wrong }, { missing: [], wrong: [] }, `offered: ${words.join(' ')}`);
    });
  }

  it('is case-insensitive for keywords', () => {
    assert.ok(offered('for u in users sort u.a |').includes('ASC'));
    assert.ok(offered('for u in |').includes('<collection>'));
  });
});
