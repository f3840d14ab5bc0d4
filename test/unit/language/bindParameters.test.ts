import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BindVarsFileError,
  bindVarsFileFor,
  findBindParameters,
  mergeBindVars,
  parseBindValue,
  readBindVarsFile,
  requiredBindVarKeys,
} from '../../../src/language/bindParameters';

describe('findBindParameters', () => {
  it('lists value and collection parameters once each, in order of first appearance', () => {
    const found = findBindParameters('FOR d IN @@coll FILTER d.a == @b && d.c == @a && d.e == @b FOR x IN @@other RETURN @@coll');
    assert.deepEqual(found, { values: ['b', 'a'], collections: ['@coll', '@other'] });
  });

  it('names collection parameters by their bindVars key, which keeps one @', () => {
    const found = findBindParameters('FOR d IN @@users RETURN d');
    assert.deepEqual(requiredBindVarKeys(found), ['@users']);
  });

  it('ignores parameters inside strings, quoted names and comments', () => {
    const query = [
      `RETURN ['@a', "@b", \`@c\`, ´@d´] // @e`,
      '/* @f',
      '   @g */ @real',
    ].join('\n');
    assert.deepEqual(findBindParameters(query), { values: ['real'], collections: [] });
  });

  it('does not end a string at an escaped quote', () => {
    assert.deepEqual(findBindParameters(`RETURN ["it\\'s @no", "say \\"@no\\"", @yes]`).values, ['yes']);
  });

  it('treats everything after an unterminated string or comment as inside it', () => {
    assert.deepEqual(findBindParameters('RETURN @a + "open @b').values, ['a']);
    assert.deepEqual(findBindParameters('RETURN @a /* open @b').values, ['a']);
  });

  it('reads names as the lexer does: letters, digits and underscores, possibly leading digits or underscores', () => {
    const found = findBindParameters('RETURN [@a1_b.c, @1st, @_x, @__y2, @a-b, @@c_1]');
    assert.deepEqual(found, { values: ['a1_b', '1st', '_x', '__y2', 'a'], collections: ['@c_1'] });
  });

  it('does not take a lone @ or @ followed only by underscores for a parameter', () => {
    assert.deepEqual(findBindParameters('RETURN @ + @__ + @@'), { values: [], collections: [] });
  });

  it('keeps a value parameter and a collection parameter of the same name apart', () => {
    assert.deepEqual(findBindParameters('FOR d IN @@x FILTER d.v == @x RETURN d'), { values: ['x'], collections: ['@x'] });
  });

  it('does not mistake a division or a // inside a string for a comment', () => {
    assert.deepEqual(findBindParameters('RETURN [@a / @b, "http://x", @c]').values, ['a', 'b', 'c']);
  });
});

describe('parseBindValue', () => {
  it('reads JSON values of every type', () => {
    assert.deepEqual(parseBindValue('42'), { ok: true, value: 42 });
    assert.deepEqual(parseBindValue(' "alice" '), { ok: true, value: 'alice' });
    assert.deepEqual(parseBindValue('null'), { ok: true, value: null });
    assert.deepEqual(parseBindValue('[1, {"a": true}]'), { ok: true, value: [1, { a: true }] });
  });

  it('refuses a bare word and shows how to quote it', () => {
    const parsed = parseBindValue('alice');
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok && parsed.message.includes('alice is not JSON'), JSON.stringify(parsed));
    assert.ok(!parsed.ok && parsed.message.includes('"alice"'), JSON.stringify(parsed));
  });

  it('refuses an empty value with an example of what to enter', () => {
    const parsed = parseBindValue('   ');
    assert.ok(!parsed.ok && /JSON value/.test(parsed.message));
  });

  it('takes a bare collection name for a collection parameter', () => {
    assert.deepEqual(parseBindValue('users', 'collection'), { ok: true, value: 'users' });
    assert.deepEqual(parseBindValue(' my-coll_2 ', 'collection'), { ok: true, value: 'my-coll_2' });
  });

  it('takes a JSON string for a collection parameter too', () => {
    assert.deepEqual(parseBindValue('"users"', 'collection'), { ok: true, value: 'users' });
  });

  it('refuses a collection parameter value that is not a name', () => {
    assert.equal(parseBindValue('42', 'collection').ok, false);
    assert.equal(parseBindValue('{"a": 1}', 'collection').ok, false);
    assert.equal(parseBindValue('two words', 'collection').ok, false);
    assert.equal(parseBindValue('""', 'collection').ok, false);
  });
});

describe('bindVarsFileFor', () => {
  it('puts the file next to the query, named after it without .aql', () => {
    assert.equal(bindVarsFileFor('/w/reports/q.aql'), '/w/reports/q.bindvars.json');
    assert.equal(bindVarsFileFor('/w/Q.AQL'), '/w/Q.bindvars.json');
  });

  it('keeps any other extension, so two queries never share a file', () => {
    assert.equal(bindVarsFileFor('/w/q.txt'), '/w/q.txt.bindvars.json');
    assert.equal(bindVarsFileFor('/w/q'), '/w/q.bindvars.json');
  });
});

describe('readBindVarsFile', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'bindvars-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function fileWith(text: string): Promise<string> {
    const file = path.join(directory, 'q.bindvars.json');
    await writeFile(file, text);
    return file;
  }

  it('resolves undefined when there is no file', async () => {
    assert.equal(await readBindVarsFile(path.join(directory, 'none.bindvars.json')), undefined);
  });

  it('reads an object of values, collection keys with their @', async () => {
    const file = await fileWith('\uFEFF{"id": 7, "@coll": "users"}');
    assert.deepEqual(await readBindVarsFile(file), { id: 7, '@coll': 'users' });
  });

  it('rejects text that is not JSON, naming the file', async () => {
    const file = await fileWith('{id: 7}');
    await assert.rejects(readBindVarsFile(file), (error: unknown) => {
      assert.ok(error instanceof BindVarsFileError);
      assert.equal(error.code, 'BINDVARS_NOT_JSON');
      assert.ok(error.message.startsWith(`${file} is not valid JSON`), error.message);
      return true;
    });
  });

  it('rejects JSON that is not an object, saying what it holds', async () => {
    for (const [text, holds] of [['[1, 2]', 'an array'], ['null', 'null'], ['"x"', 'a string']] as const) {
      const file = await fileWith(text);
      await assert.rejects(readBindVarsFile(file), (error: unknown) => {
        assert.ok(error instanceof BindVarsFileError);
        assert.equal(error.code, 'BINDVARS_NOT_OBJECT');
        assert.ok(error.message.includes(`holds ${holds}`), error.message);
        return true;
      });
    }
  });

  it('rejects a path it cannot read as unreadable', async () => {
    const folder = path.join(directory, 'folder.bindvars.json');
    await mkdir(folder);
    await assert.rejects(readBindVarsFile(folder), { name: 'BindVarsFileError', code: 'BINDVARS_UNREADABLE' });
  });
});

describe('mergeBindVars', () => {
  it('prefers the file, fills gaps from remembered values and lists what is missing', () => {
    const merged = mergeBindVars({ a: 1, '@c': 'users' }, { a: 9, b: 2 }, ['a', 'b', 'd', '@c', '@e']);
    assert.deepEqual(merged, { bindVars: { a: 1, b: 2, '@c': 'users' }, missing: ['d', '@e'], unused: [] });
  });

  it('leaves out file keys the query does not declare and reports them', () => {
    const merged = mergeBindVars({ a: 1, stale: 0 }, undefined, ['a']);
    assert.deepEqual(merged.bindVars, { a: 1 });
    assert.deepEqual(merged.unused, ['stale']);
  });

  it('keeps values that are null or false, which are values all the same', () => {
    assert.deepEqual(mergeBindVars({ a: null }, { b: false }, ['a', 'b']).bindVars, { a: null, b: false });
  });

  it('stores a parameter called __proto__ as a plain key', () => {
    const merged = mergeBindVars(JSON.parse('{"__proto__": 5}') as Record<string, unknown>, undefined, ['__proto__']);
    assert.deepEqual(Object.keys(merged.bindVars), ['__proto__']);
    assert.equal(JSON.stringify(merged.bindVars), '{"__proto__":5}');
  });
});
