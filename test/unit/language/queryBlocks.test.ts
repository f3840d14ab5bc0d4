import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { OPTIMIZER_RULES, RULES_THAT_CANNOT_BE_DISABLED } from '../../../src/language/optimizerRules';
import type { QueryBlock } from '../../../src/language/queryBlocks';
import { blockAt, blockBindVars, blockHeader, locateQuery, parseQueryBlocks, queryRunOptions } from '../../../src/language/queryBlocks';
import { goldenFolder } from '../../support/goldenTranscripts';

function only(text: string): QueryBlock {
  const blocks = parseQueryBlocks(text);
  assert.equal(blocks.length, 1, `expected one block, got ${blocks.length}`);
  return blocks[0]!;
}

/** The diagnostics of a block as `severity line:from-to text-under-it: message`. */
function problems(text: string, block: QueryBlock = only(text)): string[] {
  return block.diagnostics.map((d) => {
    const { start, end } = d.span.range;
    return `${d.severity} ${start.line}:${start.character}-${end.character} ${text.slice(d.span.start, d.span.end)}: ${d.message}`;
  });
}

describe('parseQueryBlocks', () => {
  it('takes a file without headers as one unnamed block with default options', () => {
    const text = 'FOR s IN students\nRETURN s\n';
    const block = only(text);
    assert.equal(block.name, undefined);
    assert.equal(block.header, undefined);
    assert.deepEqual([block.span.start, block.span.end], [0, text.length]);
    assert.equal(block.queryText, text);
    assert.deepEqual(block.options, {});
    assert.deepEqual(block.diagnostics, []);
  });

  it('splits at each // @query line and keeps the header out of the query text', () => {
    const text = ['// notes about this file', '', '// @query first', 'RETURN 1', '  // @query second maxRuntime=5', 'RETURN 2', ''].join('\n');
    const blocks = parseQueryBlocks(text);
    assert.deepEqual(blocks.map((b) => b.name), ['first', 'second']);
    const [first, second] = blocks as [QueryBlock, QueryBlock];
    assert.equal(first.queryText, 'RETURN 1\n');
    assert.deepEqual(first.span.range, { start: { line: 2, character: 0 }, end: { line: 4, character: 0 } });
    assert.deepEqual(first.querySpan.range.start, { line: 3, character: 0 });
    assert.equal(second.queryText, 'RETURN 2\n');
    assert.deepEqual(second.header?.range, { start: { line: 4, character: 2 }, end: { line: 4, character: 31 } });
    assert.deepEqual(second.options, { maxRuntime: 5 });
    assert.equal(second.span.end, text.length);
  });

  it('keeps a query written before the first header as an unnamed block', () => {
    const blocks = parseQueryBlocks('RETURN 0\n// @query next\nRETURN 1');
    assert.deepEqual(blocks.map((b) => [b.name, b.queryText]), [[undefined, 'RETURN 0\n'], ['next', 'RETURN 1']]);
  });

  it('does not take // @query inside a string, a block comment or after code for a header', () => {
    const text = ['RETURN "', '// @query no', '"', '/*', '// @query neither', '*/', 'RETURN 1 // @query nor this'].join('\n');
    assert.equal(only(text).name, undefined);
    assert.equal(parseQueryBlocks('// @queryish\nRETURN 1').length, 1);
  });

  it('reads every option into the client option shape', () => {
    const text =
      '// @query all maxRuntime=60 memoryLimit=1e9 failOnWarning=true batchSize=500 profile=2 optimizer.rules=-use-indexes,+all fullCount stream=false ttl=30.5 bind.name="Ann" bind.@coll=users bind.filter={"a": [1, 2]}\n' +
      'FOR d IN @@coll FILTER d.name == @name && d.x == @filter RETURN d';
    const block = only(text);
    assert.deepEqual(problems(text), []);
    assert.deepEqual(block.options, {
      maxRuntime: 60,
      memoryLimit: 1e9,
      failOnWarning: true,
      batchSize: 500,
      profile: 2,
      optimizerRules: ['-use-indexes', '+all'],
      fullCount: true,
      stream: false,
      ttl: 30.5,
      bindVars: { name: 'Ann', '@coll': 'users', filter: { a: [1, 2] } },
    });
  });

  it('points at the exact wrong part of a header, with a message saying what is allowed', () => {
    const text = '// @query bad maxRuntime=soon memoryLimit=1.5 profile=3 batchSize=0 failOnWarning=yes\nRETURN 1';
    assert.deepEqual(problems(text), [
      'error 0:25-29 soon: maxRuntime must be a number of seconds above 0, not soon.',
      'error 0:42-45 1.5: memoryLimit must be a whole number of bytes, 0 or more (1e9 is fine), not 1.5.',
      'error 0:54-55 3: profile must be 0, 1 or 2, not 3.',
      'error 0:66-67 0: batchSize must be a whole number of at least 1, not 0.',
      'error 0:82-85 yes: failOnWarning is true or false (or just failOnWarning), not yes.',
    ]);
    assert.deepEqual(only(text).options, {});
  });

  it('names unknown options and optimizer rules, suggesting the likely one', () => {
    const text = '// @query q maxRunTime=5 optimizer.rules=-use-indexs,use-index-for-sort,-splice-subqueries\nRETURN 1';
    assert.deepEqual(problems(text), [
      'error 0:12-22 maxRunTime: Unknown option maxRunTime. Did you mean maxRuntime? Known options: maxRuntime, memoryLimit, failOnWarning, batchSize, profile, optimizer.rules, fullCount, stream, ttl, bind.<name>.',
      'error 0:42-52 use-indexs: ArangoDB 3.12 has no optimizer rule use-indexs. Did you mean use-indexes?',
      'error 0:53-71 use-index-for-sort: Start each rule with - (disable) or + (enable): -use-index-for-sort or +use-index-for-sort.',
      'warning 0:72-90 -splice-subqueries: splice-subqueries cannot be disabled; arangod ignores -splice-subqueries.',
    ]);
    assert.deepEqual(only(text).options, { optimizerRules: ['-splice-subqueries'] });
  });

  it('reports positions on the header line of a later block, not of the file', () => {
    const text = '// @query a\nRETURN 1\n// @query b ttl=-1\nRETURN 2';
    const second = parseQueryBlocks(text)[1]!;
    assert.deepEqual(problems(text, second), ['error 2:16-18 -1: ttl must be a number of seconds above 0, not -1.']);
  });

  it('asks for a name, refuses a twice-given option and flags duplicate names and empty blocks', () => {
    assert.deepEqual(problems('// @query maxRuntime=5\nRETURN 1'), [
      'error 0:0-22 // @query maxRuntime=5: // @query needs a name first (letters, digits, _ . : -), e.g. // @query top-students maxRuntime=60.',
    ]);
    assert.deepEqual(problems('// @query q ttl=1 ttl=2\nRETURN 1'), ['error 0:18-21 ttl: ttl is given twice in this header; keep one.']);
    const text = '// @query same\nRETURN 1\n// @query same\n// nothing here\n';
    const second = parseQueryBlocks(text)[1]!;
    assert.deepEqual(problems(text, second), [
      'warning 2:0-14 // @query same: Block same holds no query.',
      'warning 2:10-14 same: Another block of this file is already named same; history and jobs would not tell them apart.',
    ]);
  });

  it('checks bind values as JSON and warns about values the query does not use', () => {
    const text = '// @query q bind.a=Ann bind.b=1 bind.@c="users"\nFOR d IN @@c FILTER d.a == @a RETURN d';
    assert.deepEqual(problems(text), [
      'error 0:19-22 Ann: Ann is not JSON. To pass it as text, put it in double quotes: "Ann".',
      "warning 0:23-29 bind.b: This block's query does not use @b; the value is not sent.",
    ]);
    assert.deepEqual(only(text).options.bindVars, { '@c': 'users' });
  });

  it('finds the block under a cursor', () => {
    const text = '// @query a\nRETURN 1\n// @query b\nRETURN 2';
    const blocks = parseQueryBlocks(text);
    assert.equal(blockAt(blocks, 0)?.name, 'a');
    assert.equal(blockAt(blocks, text.indexOf('// @query b') - 1)?.name, 'a');
    assert.equal(blockAt(blocks, text.indexOf('// @query b'))?.name, 'b');
    assert.equal(blockAt(blocks, text.length)?.name, 'b');
  });
});

describe('blockBindVars', () => {
  it('lets the header win over the .bindvars.json file, and the file over remembered values', () => {
    const block = only('// @query q bind.a=1\nRETURN [@a, @b, @c, @d]');
    const merged = blockBindVars(block, { a: 'file', b: 'file', z: 0 }, { a: 'old', b: 'old', c: 'old' });
    assert.deepEqual(merged, { bindVars: { a: 1, b: 'file', c: 'old' }, missing: ['d'], unused: ['z'] });
  });

  it('works without a file', () => {
    const block = only('// @query q bind.a=1\nRETURN @a');
    assert.deepEqual(blockBindVars(block, undefined, undefined), { bindVars: { a: 1 }, missing: [], unused: [] });
  });
});

describe('queryRunOptions', () => {
  const settings = { batchSize: 1000, cursorTtl: 600, maxRuntime: 0, memoryLimit: 0, profile: false };

  it('runs a block without header options with the settings alone', () => {
    assert.deepEqual(queryRunOptions(settings, only('RETURN 1').options), { count: true, batchSize: 1000, ttl: 600 });
    assert.deepEqual(queryRunOptions({ ...settings, maxRuntime: 30, memoryLimit: 5000, profile: true }), {
      count: true,
      batchSize: 1000,
      ttl: 600,
      maxRuntime: 30,
      memoryLimit: 5000,
      profile: 2,
    });
  });

  it('lets each header option override its setting for that block, and keeps bind values out of the options', () => {
    const block = only('// @query top maxRuntime=60 memoryLimit=1e9 failOnWarning=true optimizer.rules=-use-indexes batchSize=10 bind.a=1\nRETURN @a');
    assert.deepEqual(queryRunOptions({ ...settings, maxRuntime: 30, memoryLimit: 5000, profile: true }, block.options), {
      count: true,
      batchSize: 10,
      ttl: 600,
      maxRuntime: 60,
      memoryLimit: 1e9,
      profile: 2,
      failOnWarning: true,
      optimizerRules: ['-use-indexes'],
    });
  });

  it('lifts a memory limit set in the settings with memoryLimit=0, and turns profiling off with profile=0', () => {
    const block = only('// @query q memoryLimit=0 profile=0\nRETURN 1');
    const options = queryRunOptions({ ...settings, memoryLimit: 5000, profile: true }, block.options);
    assert.equal(options.memoryLimit, 0);
    assert.equal(options.profile, 0);
  });

  it('asks a streaming block for no count', () => {
    const options = queryRunOptions(settings, only('// @query q stream\nRETURN 1').options);
    assert.equal(options.stream, true);
    assert.equal('count' in options, false);
  });
});

describe('blockHeader', () => {
  const settings = { batchSize: 1000, cursorTtl: 600, maxRuntime: 0, memoryLimit: 0, profile: false };

  it('writes a header that reads back as the same options and bind values', () => {
    const options = { ...queryRunOptions(settings), maxRuntime: 60, memoryLimit: 1e9, failOnWarning: true, optimizerRules: ['-use-indexes', '+all'], profile: 2, fullCount: true };
    const bindVars = { name: 'Ann "the" Admin', '@coll': 'users', filter: { a: [1, 2], b: 'two words' }, n: null };
    const header = blockHeader('top', options, bindVars, queryRunOptions(settings));
    const block = only(`${header}\nFOR d IN @@coll FILTER d.name == @name && d.x == @filter && d.n == @n RETURN d`);
    assert.deepEqual(block.diagnostics, []);
    assert.equal(block.name, 'top');
    assert.deepEqual(queryRunOptions(settings, block.options), options);
    assert.deepEqual(block.options.bindVars, bindVars);
  });

  it('leaves out what the settings give anyway', () => {
    assert.equal(blockHeader('q', queryRunOptions(settings), undefined, queryRunOptions(settings)), '// @query q');
    assert.equal(blockHeader('q', { ...queryRunOptions(settings), batchSize: 10 }, { a: 1 }, queryRunOptions(settings)), '// @query q batchSize=10 bind.a=1');
  });

  it('names a block "query" when the name it had cannot stand in a header', () => {
    assert.equal(blockHeader('two words', undefined, undefined), '// @query query');
  });
});

describe('locateQuery', () => {
  const query = 'FOR s IN students\n  RETURN s';

  it('finds the query where it was run from', () => {
    const text = `// @query all\n${query}\n`;
    assert.deepEqual(locateQuery(text, `${query}\n`, { line: 1, character: 0 }, 'all'), { kind: 'found', moved: false, start: 14, end: 14 + query.length });
  });

  it('finds it again after lines were added above, and picks the copy nearest to where it was', () => {
    const text = `${query}\n// @query a\nRETURN 1\n\n\n// @query b\n${query}\n`;
    const found = locateQuery(text, query, { line: 6, character: 0 }, 'b');
    assert.equal(found.kind, 'found');
    assert.equal(found.kind === 'found' && found.moved, true);
    assert.equal(found.kind === 'found' && text.slice(0, found.start).split('\n').length - 1, 7);
  });

  it('prefers the copy in the block of that name when several blocks hold the same text', () => {
    const text = `// @query a\n${query}\n// @query b\n${query}\n`;
    const found = locateQuery(`// added\n${text}`, query, { line: 3, character: 0 }, 'b');
    assert.deepEqual(found, { kind: 'found', moved: true, start: text.lastIndexOf(query) + '// added\n'.length, end: text.lastIndexOf(query) + '// added\n'.length + query.length });
  });

  it('counts blank lines the run text began with', () => {
    const text = `// @query a\n\n${query}`;
    const found = locateQuery(text, `\n${query}`, { line: 1, character: 0 }, 'a');
    assert.deepEqual(found.kind === 'found' && found.moved, false);
  });

  it('falls back to the block of that name when its query was edited, and says when it is gone', () => {
    const text = '// @query all\nFOR s IN students FILTER s.age > 20 RETURN s\n';
    const changed = locateQuery(text, query, { line: 1, character: 0 }, 'all');
    assert.deepEqual(changed, { kind: 'block-changed', start: 14, end: text.length });
    assert.deepEqual(locateQuery(text, query, { line: 1, character: 0 }, 'other'), { kind: 'gone' });
    assert.deepEqual(locateQuery(text, query, { line: 1, character: 0 }), { kind: 'gone' });
  });
});

describe('OPTIMIZER_RULES', () => {
  it('equals the rules ArangoDB 3.12 lists in GET /_api/query/rules', () => {
    const recording = JSON.parse(readFileSync(path.join(goldenFolder(), 'later', 'RestQueryRules.json'), 'utf8')) as {
      steps: { response: { body: { name: string; flags: { canBeDisabled: boolean } }[] } }[];
    };
    const rules = recording.steps[0]!.response.body;
    assert.deepEqual(OPTIMIZER_RULES, rules.map((rule) => rule.name));
    assert.deepEqual([...RULES_THAT_CANNOT_BE_DISABLED], rules.filter((rule) => !rule.flags.canBeDisabled).map((rule) => rule.name));
  });
});
