import * as assert from 'node:assert/strict';
import type { RunningQuery } from '../../../src/client/aql';
import { parseQueryBlocks } from '../../../src/language/queryBlocks';
import { jobServerNote, queryDescription, queryDocumentText, runTimeMs } from '../../../src/views/serverActivityText';

const READ_AT = Date.parse('2026-12-04T17:00:10Z');

function query(overrides: Partial<RunningQuery> = {}): RunningQuery {
  return {
    id: '1734',
    database: 'shop',
    user: 'root',
    query: 'FOR o IN @@orders\n  FILTER o.total > @min AND o.note != @note\n  RETURN o',
    bindVars: { '@orders': 'orders', min: 10, note: 'two words "quoted"\nand a line' },
    started: '2026-12-04T17:00:05Z',
    runTime: 4.25,
    state: 'executing',
    stream: false,
    coordinator: 'http://127.0.0.1:8529',
    ...overrides,
  };
}

describe('Server Activity: what is said about the server\'s queries', () => {
  it('ticks a running query\'s run time on from when it was read, and keeps a slow query\'s as the server gave it', () => {
    assert.equal(runTimeMs(query(), 'running', READ_AT, READ_AT + 2000), 6250);
    assert.equal(runTimeMs(query({ state: 'finished' }), 'slow', READ_AT, READ_AT + 2000), 4250);
    assert.equal(queryDescription(query(), 'running', READ_AT, READ_AT + 2000), 'executing · 6.3 s · root');
  });

  it('names our own job instead of the user for a linked query, and the killed state with its errorNum', () => {
    assert.equal(queryDescription(query(), 'running', READ_AT, READ_AT, { id: '42' }), '= job 42 · executing · 4.3 s');
    const killed = queryDescription(query({ state: 'killed', exitCode: 1500, runTime: 10.1 }), 'slow', READ_AT, READ_AT);
    assert.match(killed, /^killed \(errorNum 1500\) · 10\.1 s · root · \d\d:\d\d:\d\d$/);
    assert.equal(jobServerNote(query(), READ_AT, READ_AT + 1000), 'running on server: executing, 5.3 s');
  });

  it('opens a query as a block whose header carries its bind parameters, which read back as they were', () => {
    const listed = query();
    const text = queryDocumentText(listed);
    assert.equal(text.split('\n')[0]?.startsWith('// @query server-1734 '), true, text);
    const [block, ...others] = parseQueryBlocks(text);
    assert.equal(others.length, 0);
    assert.deepEqual(block?.diagnostics, []);
    assert.equal(block?.queryText.trim(), listed.query);
    assert.deepEqual(block?.options.bindVars, listed.bindVars);
  });

  it('opens a query without bind parameters as the query alone', () => {
    assert.equal(queryDocumentText(query({ bindVars: {} })), 'FOR o IN @@orders\n  FILTER o.total > @min AND o.note != @note\n  RETURN o\n');
  });
});
