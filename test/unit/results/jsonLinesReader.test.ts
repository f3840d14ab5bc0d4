import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { prettyJsonArray, readJsonLinesInGroups } from '../../../src/results/jsonLinesReader';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* groupsOf(groups: unknown[][]): AsyncGenerator<unknown[]> {
  for (const group of groups) yield await Promise.resolve(group);
}

describe('JSON Lines read back in groups', () => {
  let folder: string;
  let file: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'json-lines-'));
    file = path.join(folder, 'rows.jsonl');
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  // Rows of every shape, some longer than the 64 KiB block, some with multi-byte characters
  // that a block boundary cuts in two.
  const rows: unknown[] = Array.from({ length: 3000 }, (_, index) =>
    index % 997 === 5 ? { long: 'é'.repeat(50_000), index } : index % 3 === 0 ? { index, text: `ü✓ row ${index}`, nested: [index, { n: null }] } : index % 3 === 1 ? `line\n${index}` : index,
  );
  const text = rows.map((row) => `${JSON.stringify(row)}\n`).join('');

  it('reads every row back, in order, across block boundaries', async () => {
    await writeFile(file, text);
    const groups = await collect(readJsonLinesInGroups(file, Infinity));
    assert.ok(groups.length > 3, `only ${groups.length} groups`);
    assert.deepEqual(groups.flat(), rows);
  });

  it('stops after maxRows, also in the middle of a block', async () => {
    await writeFile(file, text);
    for (const maxRows of [1, 7, 1001, 2999]) {
      assert.deepEqual((await collect(readJsonLinesInGroups(file, maxRows))).flat(), rows.slice(0, maxRows), `maxRows ${maxRows}`);
    }
    assert.deepEqual(await collect(readJsonLinesInGroups(file, 0)), []);
  });

  it('counts a last line without its newline, and reads an empty file as no rows', async () => {
    await writeFile(file, '1\n{"a":2}');
    assert.deepEqual((await collect(readJsonLinesInGroups(file, 10))).flat(), [1, { a: 2 }]);
    await writeFile(file, '');
    assert.deepEqual(await collect(readJsonLinesInGroups(file, 10)), []);
  });

  it('throws SyntaxError for a line that is not JSON', async () => {
    await writeFile(file, '1\n{"a":\n3\n');
    await assert.rejects(collect(readJsonLinesInGroups(file, 10)), SyntaxError);
  });

  it('writes groups out exactly as JSON.stringify(rows, null, 2) writes all rows', async () => {
    const sample = rows.slice(0, 40);
    for (const groups of [[sample], [sample.slice(0, 1), [], sample.slice(1, 13), sample.slice(13)], []]) {
      const expected = `${JSON.stringify(groups.flat(), null, 2)}\n`;
      assert.equal((await collect(prettyJsonArray(groupsOf(groups)))).join(''), expected);
    }
  });
});
