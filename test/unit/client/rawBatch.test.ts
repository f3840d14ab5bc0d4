/**
 * RawBatch: a cursor answer scanned for its rows' boundaries instead of parsed. Whatever the
 * bytes, the rows it yields must be exactly `JSON.parse(body).result`, and its JSON Lines must
 * parse back to the same rows, one per line.
 */
import assert from 'node:assert/strict';
import { RawBatch, RawBodyError } from '../../../src/client/rawBatch';
import { seededRandom } from '../../sandbox/server/faults';
import { loadTranscripts } from '../../support/goldenTranscripts';

const TRICKY_ROWS: unknown[] = [
  1,
  -0.5,
  1e21,
  null,
  true,
  false,
  '',
  'plain',
  'quote " and backslash \\ and \\" both',
  'brackets ] } [ { and , commas : colons inside a string',
  'ends in a backslash \\',
  'unicode: ärger, 日本, emoji 🙂, \u2028 line separator',
  'control \n newline \t tab \u0001',
  [],
  {},
  [[[]], [{}], { a: [] }],
  { _key: 'k1', nested: { deep: [1, { deeper: 'x]' }] }, list: [1, 2, 3] },
];

function lines(buffer: Buffer): unknown[] {
  const text = buffer.toString('utf8');
  assert.ok(text === '' || text.endsWith('\n'), 'every line ends in a newline');
  return text === '' ? [] : text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as unknown);
}

function randomValue(random: () => number, depth: number): unknown {
  const pick = Math.floor(random() * (depth > 3 ? 5 : 7));
  switch (pick) {
    case 0:
      return Math.round((random() - 0.5) * 1e6) / 100;
    case 1:
      return random() < 0.5 ? null : random() < 0.5;
    case 2:
    case 3:
    case 4: {
      const alphabet = 'ab"\\]}[{,: \n\té🙂';
      let text = '';
      for (let i = Math.floor(random() * 12); i > 0; i -= 1) text += [...alphabet][Math.floor(random() * [...alphabet].length)];
      return text;
    }
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i -= 1) object[`k${i}"]`] = randomValue(random, depth + 1);
      return object;
    }
  }
}

describe('client: RawBatch, a cursor batch scanned rather than parsed', () => {
  it('finds every row of a compact answer and parses them only when asked', () => {
    const body = { result: TRICKY_ROWS, hasMore: true, id: '123', nextBatchId: '2', count: 40, extra: { stats: { scannedFull: 3 } }, cached: false, error: false, code: 201 };
    const { fields, batch } = RawBatch.scanCursorBody(Buffer.from(JSON.stringify(body)));
    assert.deepEqual(fields, { hasMore: true, id: '123', nextBatchId: '2', count: 40, extra: { stats: { scannedFull: 3 } }, cached: false, error: false, code: 201 });
    assert.equal(batch.rowCount, TRICKY_ROWS.length);
    assert.deepEqual(batch.rows(), TRICKY_ROWS);
    assert.deepEqual(batch.rows(8, 10), TRICKY_ROWS.slice(8, 10));
    assert.deepEqual(lines(batch.jsonLines()), TRICKY_ROWS);
    assert.equal(batch.jsonLines().toString('utf8'), TRICKY_ROWS.map((row) => `${JSON.stringify(row)}\n`).join(''));
  });

  it('reads the fields in any order, result last or in the middle', () => {
    const text = '{"hasMore":false,"result":[{"a":1},[2]],"count":2,"extra":{"warnings":[{"code":1562,"message":"division by zero"}]}}';
    const { fields, batch } = RawBatch.scanCursorBody(Buffer.from(text));
    assert.deepEqual(fields, { hasMore: false, count: 2, extra: { warnings: [{ code: 1562, message: 'division by zero' }] } });
    assert.deepEqual(batch.rows(), [{ a: 1 }, [2]]);
  });

  it('turns a pretty-printed answer into one compact line per row', () => {
    const body = { result: TRICKY_ROWS, hasMore: false };
    const { batch } = RawBatch.scanCursorBody(Buffer.from(JSON.stringify(body, null, 2)));
    assert.deepEqual(batch.rows(), TRICKY_ROWS);
    assert.deepEqual(lines(batch.jsonLines()), TRICKY_ROWS);
  });

  it('copies rows separated by whitespace one by one', () => {
    const { batch } = RawBatch.scanCursorBody(Buffer.from('{ "result" : [ 1 ,\n"two",  {"three":3}\t] , "hasMore" : false }'));
    assert.equal(batch.jsonLines().toString('utf8'), '1\n"two"\n{"three":3}\n');
  });

  it('keeps every digit of a number too big for JavaScript', () => {
    const { batch } = RawBatch.scanCursorBody(Buffer.from('{"result":[12345678901234567890,{"n":9007199254740993}],"hasMore":false}'));
    assert.equal(batch.jsonLines().toString('utf8'), '12345678901234567890\n{"n":9007199254740993}\n');
  });

  it('handles an empty result and a batch of rows parsed already', () => {
    const { batch } = RawBatch.scanCursorBody(Buffer.from('{"result":[],"hasMore":false}'));
    assert.equal(batch.rowCount, 0);
    assert.equal(batch.jsonLines().length, 0);
    const parsed = RawBatch.fromRows([{ a: 1 }, undefined, 'x']);
    assert.equal(parsed.rowCount, 3);
    assert.equal(parsed.jsonLines().toString('utf8'), '{"a":1}\nnull\n"x"\n');
    assert.deepEqual(parsed.rows(1, 3), [undefined, 'x']);
  });

  it('agrees with JSON.parse on 300 random answers, compact and pretty', () => {
    const random = seededRandom(2026);
    for (let round = 0; round < 300; round += 1) {
      const rows = Array.from({ length: Math.floor(random() * 20) }, () => randomValue(random, 0));
      const body = { hasMore: false, result: rows, extra: { stats: {} } };
      for (const text of [JSON.stringify(body), JSON.stringify(body, null, round % 5)]) {
        const { batch } = RawBatch.scanCursorBody(Buffer.from(text));
        assert.deepEqual(batch.rows(), rows, text);
        assert.deepEqual(lines(batch.jsonLines()), rows, text);
      }
    }
  });

  it('reads every cursor answer recorded from a real ArangoDB (golden transcripts, key order kept) as JSON.parse does', () => {
    let answers = 0;
    for (const { file, transcript } of loadTranscripts()) {
      for (const step of transcript.steps) {
        const body = step.response?.body;
        if (typeof body !== 'object' || body === null || !Array.isArray((body as { result?: unknown }).result) || !('hasMore' in body)) continue;
        const { result, ...rest } = body as unknown as { result: unknown[] };
        const { fields, batch } = RawBatch.scanCursorBody(Buffer.from(JSON.stringify(body)));
        assert.deepEqual(batch.rows(), result, file);
        assert.deepEqual(fields, rest, file);
        assert.deepEqual(lines(batch.jsonLines()), result, file);
        answers += 1;
      }
    }
    assert.ok(answers >= 5, `only ${answers} cursor answers in the golden transcripts`);
  });

  it('refuses what is not a whole cursor object, naming where it stopped', () => {
    const body = JSON.stringify({ result: TRICKY_ROWS, hasMore: false });
    for (const cut of [1, 10, Math.floor(body.length / 2), body.length - 1]) {
      assert.throws(() => RawBatch.scanCursorBody(Buffer.from(body.slice(0, cut))), RawBodyError, `cut at ${cut}`);
    }
    const rowsOf = (rows: string) => `{"result":[${rows}],"hasMore":false}`;
    const badRows = ['1 2', '1,,2', ',1', '1,', '"a""b"', '{}{}', '"a"1', '1"a"', '[1]2', '{"a":1}}'].map(rowsOf);
    for (const text of ['', '[]', '{"result":[1],"hasMore":fals}', '{"result":[1]} trailing', '{"result":[1,"open', ...badRows]) {
      assert.throws(
        () => RawBatch.scanCursorBody(Buffer.from(text)),
        (error: unknown) => error instanceof RawBodyError && !error.validJson && /^expected .* at byte \d+ of \d+$/.test(error.message),
        text,
      );
    }
    // The scan finds rows without checking each byte of them; reading them names the bad one.
    const garbled = RawBatch.scanCursorBody(Buffer.from('{"result":[1,\u0018,{"a":tru}],"hasMore":false}')).batch;
    assert.equal(garbled.rowCount, 3);
    assert.throws(() => garbled.rows(), (error: unknown) => error instanceof RawBodyError && !error.validJson && error.message === 'expected a JSON value in row 2 at byte 13 of 42');
    assert.deepEqual(garbled.rows(0, 1), [1]);
    assert.throws(() => garbled.rows(2, 3), /in row 3 at byte 15/);
    for (const text of ['{"hasMore":false}', '{"result":{},"hasMore":false}']) {
      assert.throws(() => RawBatch.scanCursorBody(Buffer.from(text)), (error: unknown) => error instanceof RawBodyError && error.validJson, text);
    }
  });
});
