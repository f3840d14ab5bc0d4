import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CheckDiagnostic, ParseOutcome, RuleCatalog } from '../../../src/language/queryCheckDiagnostics';
import { hasQuery, headerDiagnostics, isQueryError, parseDiagnostics, ruleCatalogFrom, unusedFileBindVars } from '../../../src/language/queryCheckDiagnostics';
import { parseQueryBlocks } from '../../../src/language/queryBlocks';
import { goldenFolder } from '../../support/goldenTranscripts';

interface Step {
  request: { body?: { query?: string } };
  response: { status: number; body: Record<string, unknown> | Record<string, unknown>[] };
}

function recording(name: string): Step {
  const transcript = JSON.parse(readFileSync(path.join(goldenFolder(), 'later', `${name}.json`), 'utf8')) as { steps: Step[] };
  return transcript.steps[0]!;
}

/** What the glue makes of a parse answer: the client's result, or the error it throws. */
function outcomeOf(step: Step): ParseOutcome {
  const body = step.response.body as Record<string, unknown>;
  if (step.response.status === 200) {
    return { kind: 'parsed', collections: body['collections'] as string[], bindVars: body['bindVars'] as string[] };
  }
  return { kind: 'failed', errorNum: body['errorNum'] as number, message: body['errorMessage'] as string };
}

/** Each problem as `severity line:from-to text-under-it [errorNum]: message`. */
function shown(text: string, problems: readonly CheckDiagnostic[]): string[] {
  const lines = text.split('\n');
  return problems.map(({ severity, range, errorNum, message }) => {
    const under = range.start.line === range.end.line ? (lines[range.start.line] ?? '').slice(range.start.character, range.end.character) : '…';
    return `${severity} ${range.start.line}:${range.start.character}-${range.end.character} ${under}${errorNum === undefined ? '' : ` [${errorNum}]`}: ${message}`;
  });
}

function check(text: string, outcomes: readonly ParseOutcome[], values = {}, known?: ReadonlySet<string>): string[] {
  const blocks = parseQueryBlocks(text).filter(hasQuery);
  assert.equal(blocks.length, outcomes.length, 'one outcome per block');
  return shown(text, blocks.flatMap((block, i) => parseDiagnostics(text, block, outcomes[i]!, values, known)));
}

const PARSED_NOTHING: ParseOutcome = { kind: 'parsed', collections: [], bindVars: [] };

describe('parseDiagnostics', () => {
  it("puts RestQueryInvalid's syntax error on the `=` of the block it came from, with the server's message and errorNum", () => {
    const invalid = recording('RestQueryInvalid');
    const query = invalid.request.body!.query!;
    const text = `// @query first\nRETURN 1\n\n// @query second maxRuntime=5\n${query}\n`;
    const message = (invalid.response.body as Record<string, unknown>)['errorMessage'] as string;
    assert.deepEqual(check(text, [PARSED_NOTHING, outcomeOf(invalid)]), [`error 4:25-26 = [1501]: ${message}`]);
  });

  it('finds nothing to say about RestQueryValid', () => {
    const valid = recording('RestQueryValid');
    assert.deepEqual(check(valid.request.body!.query!, [outcomeOf(valid)]), []);
  });

  it('puts an unknown collection the server refused (404/1203) on its name', () => {
    const text = 'FOR u IN users\n  FOR o IN orderz FILTER o.user == u._key RETURN o';
    const outcome: ParseOutcome = { kind: 'failed', errorNum: 1203, message: 'collection or view not found: orderz' };
    assert.deepEqual(check(text, [outcome]), ['error 1:11-17 orderz [1203]: collection or view not found: orderz']);
  });

  it('puts an error without a place on the first line of the query, after its comments', () => {
    const text = '// @query q\n// a note\n\nRETURN 1 // end\nRETURN 2';
    const outcome: ParseOutcome = { kind: 'failed', errorNum: 1500, message: 'query killed' };
    assert.deepEqual(check(text, [outcome]), ['error 3:0-15 RETURN 1 // end [1500]: query killed']);
  });

  it('marks each use of a bind parameter without a value in the header, the file or earlier runs', () => {
    const text = '// @query q bind.min=3\nFOR s IN @@coll FILTER s.age > @min AND s.city == @city\n  RETURN [s, @city]';
    const outcome: ParseOutcome = { kind: 'parsed', collections: [], bindVars: ['min', 'city', '@coll'] };
    assert.deepEqual(check(text, [outcome], { fileName: 'q.bindvars.json', fromFile: { '@coll': 'students' } }), [
      'warning 1:50-55 @city: @city has no value: give one in the block header (bind.city=<json>) or in q.bindvars.json, or when Run AQL Async asks for it.',
      'warning 2:13-18 @city: @city has no value: give one in the block header (bind.city=<json>) or in q.bindvars.json, or when Run AQL Async asks for it.',
    ]);
    assert.deepEqual(check(text, [outcome], { remembered: { city: 'Köln', '@coll': 'students' } }), [], 'remembered values count');
    assert.deepEqual(check('RETURN @@c', [{ kind: 'parsed', collections: [], bindVars: ['@c'] }]), [
      'warning 0:7-10 @@c: @@c has no value: give one in a .bindvars.json file beside it, or when Run AQL Async asks for it.',
    ]);
  });

  it('marks collections the schema lacks at each place they are named, but not attributes of the same name', () => {
    const text = 'FOR o IN orderz\n  FOR x IN `orderz` FILTER x.orderz == o.a RETURN [o, x]\nFOR u IN users RETURN u';
    const outcome: ParseOutcome = { kind: 'parsed', collections: ['orderz', 'users'], bindVars: [] };
    const message = 'No collection or view orderz in this database: running the query fails with 1203 (collection or view not found).';
    assert.deepEqual(check(text, [outcome], {}, new Set(['users'])), [`error 0:9-15 orderz [1203]: ${message}`, `error 1:11-19 \`orderz\` [1203]: ${message}`]);
    assert.deepEqual(check(text, [outcome], {}, undefined), [], 'without a schema nothing is judged');
    assert.deepEqual(check(text, [outcome], {}, new Set(['users', 'orderz'])), []);
    const system: ParseOutcome = { kind: 'parsed', collections: ['_graphs'], bindVars: [] };
    assert.deepEqual(check('FOR g IN _graphs RETURN g', [system], {}, new Set(['users'])), [], 'system collections are not in the lists');
  });
});

describe('unusedFileBindVars', () => {
  it('lists the keys of the file that no block of the file uses', () => {
    const blocks = parseQueryBlocks('// @query a\nRETURN @x\n// @query b\nFOR d IN @@c RETURN d');
    assert.deepEqual(unusedFileBindVars(blocks, { x: 1, '@c': 'c', y: 2, c: 3 }), ['y', 'c']);
  });
});

describe('isQueryError', () => {
  it('takes AQL errors and 1203 as the query’s problem, and connection or permission errors not', () => {
    assert.deepEqual([1501, 1502, 1540, 1203, 11, 1228, 401, undefined].map(isQueryError), [true, true, true, true, false, false, false, false]);
  });
});

describe('headerDiagnostics', () => {
  const rulesBody = recording('RestQueryRules').response.body as { name: string; flags: { canBeDisabled: boolean } }[];
  const serverRules = ruleCatalogFrom(rulesBody);
  const header = (text: string, rules: RuleCatalog | undefined = serverRules) => {
    const [block] = parseQueryBlocks(text);
    return shown(text, headerDiagnostics(text, block!, rules));
  };

  it('builds the catalog from RestQueryRules: names, and the rules that cannot be disabled', () => {
    assert.equal(serverRules.names.length, rulesBody.length);
    assert.ok(serverRules.names.includes('use-indexes'));
    assert.ok(serverRules.cannotBeDisabled.has('splice-subqueries'));
    assert.ok(!serverRules.cannotBeDisabled.has('use-indexes'));
  });

  it("marks an optimizer rule the server does not know at its name, with the closest one", () => {
    assert.deepEqual(header('// @query q optimizer.rules=-use-indexes,-use-indexs,+all\nRETURN 1'), [
      'error 0:42-52 use-indexs: The server has no optimizer rule use-indexs (GET /_api/query/rules). Did you mean use-indexes?',
    ]);
  });

  it("takes the server's word over the built-in list: a rule only the server knows is fine, one only the list knows is not", () => {
    const newer = ruleCatalogFrom([{ name: 'brand-new-rule', flags: { canBeDisabled: true } }]);
    assert.deepEqual(header('// @query q optimizer.rules=-brand-new-rule\nRETURN 1', newer), []);
    const [builtIn] = parseQueryBlocks('// @query q optimizer.rules=-brand-new-rule\nRETURN 1');
    assert.deepEqual(shown('// @query q optimizer.rules=-brand-new-rule\nRETURN 1', headerDiagnostics('// @query q optimizer.rules=-brand-new-rule\nRETURN 1', builtIn!)), [
      'error 0:29-43 brand-new-rule: ArangoDB 3.12 has no optimizer rule brand-new-rule.',
    ]);
    assert.deepEqual(header('// @query q optimizer.rules=-use-indexes\nRETURN 1', newer), [
      'error 0:29-40 use-indexes: The server has no optimizer rule use-indexes (GET /_api/query/rules).',
    ]);
  });

  it('warns about disabling a rule the server says cannot be disabled, and about a rule without its sign', () => {
    assert.deepEqual(header('// @query q optimizer.rules=-splice-subqueries,use-indexes\nRETURN 1'), [
      'warning 0:28-46 -splice-subqueries: splice-subqueries cannot be disabled; the server ignores -splice-subqueries.',
      'error 0:47-58 use-indexes: Start each rule with - (disable) or + (enable): -use-indexes or +use-indexes.',
    ]);
  });

  it("keeps the header's other problems: unknown options, values of the wrong type, bind values the query does not use", () => {
    assert.deepEqual(header('// @query q maxRuntim=60 memoryLimit=lots failOnWarning=yes bind.unused=1 optimizer.rules=-nope\nRETURN 1'), [
      'error 0:12-21 maxRuntim: Unknown option maxRuntim. Did you mean maxRuntime? Known options: maxRuntime, memoryLimit, failOnWarning, batchSize, profile, optimizer.rules, fullCount, stream, ttl, bind.<name>.',
      'error 0:37-41 lots: memoryLimit must be a whole number of bytes, 0 or more (1e9 is fine), not lots.',
      'error 0:56-59 yes: failOnWarning is true or false (or just failOnWarning), not yes.',
      "warning 0:60-71 bind.unused: This block's query does not use @unused; the value is not sent.",
      'error 0:91-95 nope: The server has no optimizer rule nope (GET /_api/query/rules).',
    ]);
  });
});
