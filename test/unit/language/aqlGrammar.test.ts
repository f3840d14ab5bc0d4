import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Grammar, GrammarRule, LineToken } from './textMateTokenizer';
import { TextMateTokenizer, compileGrammarRegex } from './textMateTokenizer';

const ROOT = path.resolve(__dirname, '../../../..');
const grammar = JSON.parse(readFileSync(path.join(ROOT, 'media/aql.tmLanguage.json'), 'utf8')) as Grammar;
const tokenizer = new TextMateTokenizer(grammar);

function allRules(): GrammarRule[] {
  const rules: GrammarRule[] = [];
  const visit = (rule: GrammarRule): void => {
    rules.push(rule);
    rule.patterns?.forEach(visit);
  };
  grammar.patterns.forEach(visit);
  Object.values(grammar.repository).forEach(visit);
  return rules;
}

function tokens(line: string): LineToken[] {
  return tokenizer.tokenizeLines([line])[0]!;
}

/** The scopes of the first token whose text is exactly `text`. */
function scopesOf(line: string, text: string, lineTokens = tokens(line)): string[] {
  const token = lineTokens.find((candidate) => candidate.text === text);
  assert.ok(token !== undefined, `no token ${JSON.stringify(text)} in ${JSON.stringify(lineTokens)}`);
  return token.scopes;
}

function assertScope(line: string, text: string, scope: string): void {
  const scopes = scopesOf(line, text);
  assert.ok(scopes.includes(scope), `${JSON.stringify(text)} in ${JSON.stringify(line)} has ${scopes.join(' ')}, not ${scope}`);
}

function assertNoScope(line: string, text: string, scopePrefix: string): void {
  const scopes = scopesOf(line, text);
  assert.ok(!scopes.some((scope) => scope.startsWith(scopePrefix)), `${JSON.stringify(text)} has ${scopes.join(' ')}`);
}

describe('the AQL grammar (media/aql.tmLanguage.json)', () => {
  it('is the source.aql grammar and every include names a repository entry', () => {
    assert.equal(grammar.scopeName, 'source.aql');
    for (const rule of allRules()) {
      if (rule.include !== undefined) {
        assert.ok(rule.include.replace(/^#/, '') in grammar.repository, rule.include);
      }
    }
  });

  it('uses only regexes that mean the same in JavaScript and Oniguruma', () => {
    const sources = allRules().flatMap((rule) => [rule.match, rule.begin, rule.end].filter((source) => source !== undefined));
    assert.ok(sources.length > 20);
    for (const source of sources) {
      assert.doesNotThrow(() => compileGrammarRegex(source), source);
      // (?i) is only safe at the very start, where it equals the i flag; \h \A \z \G and
      // possessive or atomic groups exist in Oniguruma alone.
      assert.ok(!source.slice(1).includes('(?i)'), source);
      assert.ok(!/\\[hHAzZG]|\(\?>|[+*?]\+/.test(source), source);
    }
  });

  it('colours keywords in any case, high-level operations apart', () => {
    const line = 'for doc IN users Filter doc.a SORT doc.b DESC LIMIT 2 COLLECT x = 1 AGGREGATE n = 2 return distinct doc';
    for (const keyword of ['for', 'Filter', 'SORT', 'LIMIT', 'COLLECT', 'return']) {
      assertScope(line, keyword, 'keyword.control.aql');
    }
    for (const keyword of ['IN', 'DESC', 'AGGREGATE', 'distinct']) {
      assertScope(line, keyword, 'keyword.other.aql');
    }
  });

  it('colours graph, modification and logical keywords and constants', () => {
    const line = 'FOR v IN 1..3 OUTBOUND K_SHORTEST_PATHS x ANY GRAPH g UPSERT a INSERT b UPDATE c INTO d';
    for (const keyword of ['OUTBOUND', 'K_SHORTEST_PATHS', 'ANY', 'GRAPH', 'INTO']) {
      assertScope(line, keyword, 'keyword.other.aql');
    }
    for (const keyword of ['UPSERT', 'INSERT', 'UPDATE']) {
      assertScope(line, keyword, 'keyword.control.aql');
    }
    const logic = 'FILTER a AND NOT b OR c LIKE d && e || !f RETURN [true, FALSE, Null]';
    for (const keyword of ['AND', 'NOT', 'OR', 'LIKE', '&&', '||', '!']) {
      assertScope(logic, keyword, 'keyword.operator.logical.aql');
    }
    for (const constant of ['true', 'FALSE', 'Null']) {
      assertScope(logic, constant, 'constant.language.aql');
    }
  });

  it('colours contextual keywords but not the same words as attribute names or object keys', () => {
    const line = 'COLLECT WITH COUNT INTO n KEEP x OPTIONS { count: 1 } PRUNE p RETURN doc.count';
    for (const keyword of ['COUNT', 'KEEP', 'OPTIONS', 'PRUNE']) {
      assertScope(line, keyword, 'keyword.other.contextual.aql');
    }
    const lineTokens = tokens(line);
    const lowercase = lineTokens.filter((token) => token.text.includes('count'));
    assert.ok(lowercase.length > 0 && lowercase.every((token) => !token.scopes.some((scope) => scope.startsWith('keyword'))), JSON.stringify(lowercase));
    assertScope('FILTER x AT LEAST (2) IN y', 'AT LEAST', 'keyword.other.contextual.aql');
  });

  it('colours NEW, OLD and CURRENT only in capitals, as AQL reads them', () => {
    assertScope('RETURN [NEW, OLD, CURRENT]', 'NEW', 'variable.language.aql');
    assertScope('RETURN [NEW, OLD, CURRENT]', 'CURRENT', 'variable.language.aql');
    assertNoScope('RETURN new', ' new', 'variable.language');
  });

  it('colours function calls, namespaced ones too, but not keywords before a parenthesis', () => {
    const line = 'LET x = CONCAT(a, b) + myns::fn (1) + LIKE(s, "a%") + count(y) FILTER (x) RETURN NOT(x)';
    assertScope(line, 'CONCAT', 'entity.name.function.aql');
    assertScope(line, 'myns::fn', 'entity.name.function.aql');
    assertScope(line, 'LIKE', 'entity.name.function.aql');
    assertScope(line, 'count', 'entity.name.function.aql');
    assertScope(line, 'FILTER', 'keyword.control.aql');
    assertScope(line, 'NOT', 'keyword.operator.logical.aql');
  });

  it('colours strings with their escapes, and keeps parameters and comments inside them plain', () => {
    const line = `RETURN ["a \\"@x\\" // b", 'it\\'s @y', "\\u00e9"]`;
    const lineTokens = tokens(line);
    assert.ok(scopesOf(line, 'a ', lineTokens).includes('string.quoted.double.aql'));
    assert.ok(scopesOf(line, '\\"', lineTokens).includes('constant.character.escape.aql'));
    assert.ok(scopesOf(line, '@x', lineTokens).includes('string.quoted.double.aql'));
    assert.ok(!scopesOf(line, '@x', lineTokens).some((scope) => scope.startsWith('variable.parameter')));
    assert.ok(scopesOf(line, ' // b', lineTokens).includes('string.quoted.double.aql'));
    assert.ok(scopesOf(line, "\\'", lineTokens).includes('string.quoted.single.aql'));
    assert.ok(scopesOf(line, '\\u00e9', lineTokens).includes('constant.character.escape.unicode.aql'));
  });

  it('colours names in backticks and forward ticks as names', () => {
    const line = 'FOR d IN `my-coll` RETURN d.´sort order´';
    assertScope(line, 'my-coll', 'variable.other.quoted.backtick.aql');
    assertScope(line, 'sort order', 'variable.other.quoted.forwardtick.aql');
  });

  it('tells value parameters from collection parameters', () => {
    const line = 'FOR d IN @@coll FILTER d.a == @value1 && d.b == @_x RETURN d';
    assertScope(line, 'coll', 'variable.parameter.collection.aql');
    assertScope(line, '@@', 'punctuation.definition.parameter.aql');
    const lineTokens = tokens(line);
    const value = lineTokens.filter((token) => token.scopes.includes('variable.parameter.aql')).map((token) => token.text);
    assert.deepEqual(value, ['@', 'value1', '@', '_x']);
  });

  it('colours every form of number, and the range operator between two', () => {
    const line = 'RETURN [1, 1.5, .5e-3, 2E10, 0xFF, 0b101, 7..100]';
    for (const number of ['1', '1.5', '.5e-3', '2E10', '7', '100']) {
      assertScope(line, number, 'constant.numeric.decimal.aql');
    }
    assertScope(line, '0xFF', 'constant.numeric.hex.aql');
    assertScope(line, '0b101', 'constant.numeric.binary.aql');
    assertScope(line, '..', 'keyword.operator.range.aql');
    assertNoScope('RETURN x1', ' x1', 'constant.numeric');
  });

  it('colours line comments and block comments across lines', () => {
    const [first, second, third] = tokenizer.tokenizeLines(['RETURN 1 // "x" @y', '/* FOR @z', 'still */ RETURN 2']);
    assert.ok(scopesOf('', ' "x" @y', first).includes('comment.line.double-slash.aql'));
    assert.ok(scopesOf('', ' FOR @z', second).includes('comment.block.aql'));
    assert.ok(scopesOf('', 'still ', third).includes('comment.block.aql'));
    assert.ok(scopesOf('', 'RETURN', third).includes('keyword.control.aql'));
  });

  it('colours operators, with == and != ahead of = and !', () => {
    const line = 'FILTER a == b AND c != d AND e =~ f AND g <= h LET i = j * 2 % 3 - 4 / 5 RETURN k ? l : m';
    for (const operator of ['==', '!=', '=~', '<=']) {
      assertScope(line, operator, 'keyword.operator.comparison.aql');
    }
    assertScope(line, '=', 'keyword.operator.assignment.aql');
    for (const operator of ['*', '%', '-', '/']) {
      assertScope(line, operator, 'keyword.operator.arithmetic.aql');
    }
    assertScope(line, '?', 'keyword.operator.ternary.aql');
  });
});

describe('the AQL language configuration (media/language-configuration.json)', () => {
  const configuration = JSON.parse(readFileSync(path.join(ROOT, 'media', 'language-configuration.json'), 'utf8')) as {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string }[];
    surroundingPairs: [string, string][];
    wordPattern: string;
  };

  it('declares AQL comments and brackets', () => {
    assert.deepEqual(configuration.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
    assert.deepEqual(configuration.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
  });

  it('closes and surrounds with brackets, quotes and ticks', () => {
    const opened = configuration.autoClosingPairs.map((pair) => pair.open);
    for (const open of ['{', '[', '(', '"', "'", '`', '´']) {
      assert.ok(opened.includes(open), open);
      assert.ok(configuration.surroundingPairs.some(([surround]) => surround === open), open);
    }
  });

  it('keeps @name and @@name whole as words', () => {
    const words = 'FOR d IN @@coll FILTER d.x == @val_1 && $y RETURN myns::fn(d)'.match(new RegExp(configuration.wordPattern, 'g'));
    assert.deepEqual(words, ['FOR', 'd', 'IN', '@@coll', 'FILTER', 'd', 'x', '@val_1', '$y', 'RETURN', 'myns', 'fn', 'd']);
  });
});
