/**
 * Completion and hover over a whole `.aql` file: the cursor's block, then what fits there — from
 * the cached schema, the sample and the file's bind parameters only (nothing here waits).
 */
import assert from 'node:assert/strict';
import { completeAql, quotedName } from '../../../src/language/aqlCompletion';
import type { CompletionSources } from '../../../src/language/aqlCompletion';
import { hoverAql } from '../../../src/language/aqlHover';
import type { CollectionSample, DatabaseSchema } from '../../../src/language/schemaCatalog';

const schema: DatabaseSchema = {
  database: 'shop',
  collections: [
    { name: 'users', type: 'document', isSystem: false },
    { name: 'knows', type: 'edge', isSystem: false },
    { name: 'my-orders', type: 'document', isSystem: false },
  ],
  views: [{ name: 'usersView', type: 'arangosearch' }],
  graphs: [{ name: 'social', edgeCollections: ['knows'] }],
  analyzers: [{ name: 'text_en', type: 'text' }],
  userFunctions: [{ name: 'MY::DOUBLE', isDeterministic: true }],
  collectionNames: ['users', 'knows', 'my-orders'],
  fetchedAt: 0,
};

const usersSample: CollectionSample = {
  collection: 'users',
  sampled: 3,
  attributes: [
    { name: 'name', count: 3, children: [] },
    { name: 'address', count: 2, children: ['city', 'zip'] },
    { name: 'first name', count: 1, children: [] },
  ],
};

const sources: CompletionSources = {
  schema,
  sample: (collection) => (collection === 'users' ? usersSample : undefined),
  bindVarKeys: ['limit', '@target'],
  bindValue: (key) => (key === '@target' ? 'users' : undefined),
};

/** Completes where `|` stands in `text`. */
function complete(textWithCursor: string, with_: CompletionSources = sources) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const list = completeAql(text, offset, with_);
  return { ...list, labels: list.items.map((item) => item.label), text, offset };
}

describe('AQL completion over a file', function () {
  it('offers collections (quoting names that need it), views and collection parameters after FOR x IN', function () {
    const { items, labels, incomplete } = complete('FOR u IN |\nFOR o IN @@orders RETURN o');
    for (const expected of ['users', 'knows', 'my-orders', 'usersView', '@@orders', '@@target', 'OUTBOUND']) assert.ok(labels.includes(expected), expected);
    assert.equal(items.find((item) => item.label === 'my-orders')?.insertText, '`my-orders`');
    assert.equal(items.find((item) => item.label === 'knows')?.kind, 'edgeCollection');
    assert.ok(!labels.includes('RETURN'), 'no operation keyword where a data source goes');
    assert.equal(incomplete, false);
  });

  it('says the list is incomplete while the schema is being fetched, and offers no collection then', function () {
    const { labels, incomplete } = complete('FOR u IN |', { bindVarKeys: [] });
    assert.equal(incomplete, true);
    assert.ok(!labels.includes('users'));
  });

  it('offers sampled attribute names after doc., most frequent first, and one level down', function () {
    const top = complete('FOR u IN users FILTER u.| RETURN u');
    assert.deepEqual(top.labels, ['name', 'address', 'first name']);
    assert.equal(top.items[2]?.insertText, '`first name`');
    assert.match(top.items[0]?.detail ?? '', /3 of 3 sampled users/);
    assert.deepEqual(complete('FOR u IN users RETURN u.address.|').labels, ['city', 'zip']);
    assert.deepEqual(complete('FOR u IN @@target RETURN u.|').labels, ['name', 'address', 'first name'], 'through the value of @@target');
  });

  it('is incomplete while a sample is pending, and offers nothing with sampling off', function () {
    const pending = complete('FOR k IN knows RETURN k.|');
    assert.deepEqual([pending.labels, pending.incomplete], [[], true]);
    const off = complete('FOR u IN users RETURN u.|', { schema });
    assert.deepEqual([off.labels, off.incomplete], [[], false]);
  });

  it('offers functions as snippets with their signature and documentation link, user functions included', function () {
    const { items, replaceStart, offset } = complete('FOR u IN users RETURN LENG|');
    const length = items.find((item) => item.label === 'LENGTH');
    assert.equal(length?.insertText, 'LENGTH($0)');
    assert.equal(length?.snippet, true);
    assert.match(length?.detail ?? '', /^LENGTH\(value: any\) → number$/);
    assert.match(length?.documentation ?? '', /https:\/\/docs\.arangodb\.com\/3\.12\/aql\/functions\/array\/#length/);
    assert.ok(items.some((item) => item.label === 'MY::DOUBLE' && item.kind === 'userFunction'));
    assert.ok(items.some((item) => item.label === 'u' && item.kind === 'variable'));
    assert.equal(replaceStart, offset - 4);
  });

  it('after NS:: offers only user functions and replaces the whole qualified name', function () {
    const { labels, replaceStart, text } = complete('RETURN MY::DO|');
    assert.deepEqual(labels, ['MY::DOUBLE']);
    assert.equal(replaceStart, text.indexOf('MY::'));
  });

  it('offers only aggregate functions after AGGREGATE x =', function () {
    const { labels } = complete('FOR u IN users COLLECT AGGREGATE total = |');
    assert.ok(labels.includes('SUM') && labels.includes('COUNT_DISTINCT'));
    assert.ok(!labels.includes('CONCAT') && !labels.includes('MY::DOUBLE'));
  });

  it('completes @ with the parameters of the file and of its .bindvars.json', function () {
    const { labels, replaceStart, text } = complete('FOR u IN users FILTER u.age > @min LIMIT @|');
    assert.deepEqual(labels.sort(), ['@@target', '@limit', '@min']);
    assert.equal(replaceStart, text.lastIndexOf('@'));
  });

  it('offers analyzers in the string argument that names one, and graphs in GRAPH "…"', function () {
    assert.deepEqual(complete('RETURN TOKENS("some text", "t|")').labels, ['text_en']);
    assert.deepEqual(complete('FOR v IN 1 OUTBOUND "users/1" GRAPH "|"').labels, ['social']);
    assert.deepEqual(complete('RETURN CONCAT("t|")').labels, [], 'not in other strings');
    const bare = complete('FOR v IN 1 OUTBOUND "users/1" GRAPH |');
    assert.equal(bare.items.find((item) => item.label === 'social')?.insertText, '"social"');
  });

  it('works in the block under the cursor only, and offers nothing in a header line or a comment', function () {
    const file = '// @query first\nFOR a IN users RETURN a\n// @query second\nFOR b IN users RETURN |\n';
    const { labels } = complete(file);
    assert.ok(labels.includes('b') && !labels.includes('a'));
    assert.deepEqual(complete('// @query fi|rst\nRETURN 1').labels, []);
    assert.deepEqual(complete('RETURN 1 // a comment |').labels, []);
  });

  it('offers the OPTIONS keys of the operation at hand', function () {
    const { items } = complete('FOR u IN users OPTIONS { | }');
    assert.ok(items.some((item) => item.label === 'indexHint' && item.insertText === 'indexHint: '));
  });

  it('quotes names that are keywords or not identifiers', function () {
    assert.deepEqual(['users', 'filter', 'a-b', 'x`y'].map(quotedName), ['users', '`filter`', '`a-b`', '`x\\`y`']);
  });
});

describe('AQL hover over a file', function () {
  const hover = (textWithCursor: string, withSchema: DatabaseSchema | undefined = schema) => {
    const offset = textWithCursor.indexOf('|');
    const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
    return { hover: hoverAql(text, offset, withSchema), text };
  };

  it('names the function under the cursor', function () {
    const { hover: found, text } = hover('FOR u IN users RETURN LEN|GTH(u)');
    assert.equal(found?.subject.kind === 'function' && found.subject.fn.name, 'LENGTH');
    assert.deepEqual([found?.start, found?.end], [text.indexOf('LENGTH'), text.indexOf('LENGTH') + 6]);
  });

  it('names a collection with its type, a view and a user function', function () {
    const collection = hover('FOR k IN kn|ows RETURN k').hover?.subject;
    assert.deepEqual(collection, { kind: 'collection', collection: { name: 'knows', type: 'edge', isSystem: false } });
    assert.equal(hover('FOR d IN users|View RETURN d').hover?.subject.kind, 'view');
    const fn = hover('RETURN my::dou|ble(2)').hover;
    assert.deepEqual(fn?.subject, { kind: 'userFunction', name: 'my::double', known: { name: 'MY::DOUBLE', isDeterministic: true } });
  });

  it('names a variable and where it is bound (file offsets), over a collection of the same name', function () {
    const { hover: found, text } = hover('// @query one\nFOR users IN users RETURN use|rs');
    assert.equal(found?.subject.kind, 'variable');
    if (found?.subject.kind !== 'variable') return;
    assert.equal(found.subject.declaredAt.start, text.indexOf('users'));
    assert.equal(found.subject.variable.kind, 'FOR');
  });

  it('names a bind parameter by its bindVars key, with its block', function () {
    const found = hover('// @query one bind.min=3\nFOR u IN @@coll FILTER u.age > @m|in RETURN u').hover?.subject;
    assert.equal(found?.kind === 'bindParameter' && found.key, 'min');
    assert.equal(found?.kind === 'bindParameter' && found.block?.options.bindVars?.['min'], 3);
    const collection = hover('FOR u IN @@co|ll RETURN u').hover?.subject;
    assert.equal(collection?.kind === 'bindParameter' && collection.key, '@coll');
  });

  it('names a graph in GRAPH "…" and an analyzer in a string argument; nothing over unknown words', function () {
    assert.equal(hover('FOR v IN 1 OUTBOUND "u/1" GRAPH "soc|ial" RETURN v').hover?.subject.kind, 'graph');
    assert.equal(hover('RETURN TOKENS("a b", "text|_en")').hover?.subject.kind, 'analyzer');
    assert.equal(hover('FOR x IN unkno|wn RETURN x').hover, undefined);
    assert.equal(hoverAql('FOR k IN knows RETURN k', 11, undefined), undefined, 'no schema yet: nothing to say');
  });
});
