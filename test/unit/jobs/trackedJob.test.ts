import * as assert from 'node:assert/strict';
import { firstLine } from '../../../src/jobs/trackedJob';
import { formatDuration } from '../../../src/views/format';

describe('job labels', () => {
  it('names a job by the first line of AQL, past blank lines and comments', () => {
    assert.equal(firstLine('\n  // slow one\n/* a\n block */\n  FOR i IN 1..3\n RETURN i'), 'FOR i IN 1..3');
    assert.equal(firstLine('/* one-line block */ \nRETURN 1'), 'RETURN 1');
  });

  it('falls back to the comment when a query is nothing but comments, and says so for unknown queries', () => {
    assert.equal(firstLine('// only a comment'), '// only a comment');
    assert.equal(firstLine(undefined), '(submitted elsewhere)');
    assert.equal(firstLine('   '), '(empty query)');
  });

  it('formats durations short enough for a tree item', () => {
    assert.equal(formatDuration(950), '950 ms');
    assert.equal(formatDuration(12_340), '12.3 s');
    assert.equal(formatDuration(245_000), '4 min 05 s');
    assert.equal(formatDuration(7_380_000), '2 h 03 min');
    assert.equal(formatDuration(-5), '0 ms');
  });
});
