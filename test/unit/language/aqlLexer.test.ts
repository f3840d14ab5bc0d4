import assert from 'node:assert/strict';
import { bindVarKeyOf, scanAql } from '../../../src/language/aqlLexer';

function kindsAndTexts(query: string): [string, string][] {
  return scanAql(query)
    .filter((token) => token.kind !== 'whitespace')
    .map((token) => [token.kind, token.text]);
}

describe('scanAql', () => {
  it('covers every character of the query exactly once, in order', () => {
    const query = 'FOR d IN @@c /* x */ FILTER d.`a b` == "q\\"uote" && ´t´ >= .5e3 // end\nRETURN 😀 @';
    const tokens = scanAql(query);
    assert.equal(tokens.map((token) => token.text).join(''), query);
    for (const [index, token] of tokens.entries()) {
      assert.equal(token.start, index === 0 ? 0 : tokens[index - 1]!.end);
      assert.equal(query.slice(token.start, token.end), token.text);
    }
  });

  it('reads numbers, ranges and operators as arangod does', () => {
    assert.deepEqual(kindsAndTexts('1..100 .5 2.5e-3 0x1F 0b10 a==b c::d'), [
      ['number', '1'],
      ['operator', '..'],
      ['number', '100'],
      ['number', '.5'],
      ['number', '2.5e-3'],
      ['number', '0x1F'],
      ['number', '0b10'],
      ['identifier', 'a'],
      ['operator', '=='],
      ['identifier', 'b'],
      ['identifier', 'c'],
      ['operator', '::'],
      ['identifier', 'd'],
    ]);
  });

  it('reads identifiers with a leading $ or underscores followed by a letter, and nothing else', () => {
    assert.deepEqual(kindsAndTexts('$x __y _1'), [
      ['identifier', '$x'],
      ['identifier', '__y'],
      ['other', '_'],
      ['number', '1'],
    ]);
  });

  it('gives collection parameters their bindVars key with one @', () => {
    const [collection, , value] = scanAql('@@coll @v');
    assert.equal(collection?.kind, 'collectionParameter');
    assert.equal(bindVarKeyOf(collection), '@coll');
    assert.equal(value?.kind, 'valueParameter');
    assert.equal(bindVarKeyOf(value), 'v');
  });
});
