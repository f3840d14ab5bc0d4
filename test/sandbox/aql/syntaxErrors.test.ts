import assert from 'node:assert/strict';
import { Lexer } from './lexer';
import { assertError, checkError, freshDatabase } from './queryTestKit';
import { queryRegion } from './syntaxErrors';
import type { Token } from './tokens';

function tokens(query: string): Token[] {
  const lexer = new Lexer(query);
  const found: Token[] = [];
  for (let token = lexer.next(); token.kind !== 'END'; token = lexer.next()) {
    found.push(token);
  }
  return found;
}

describe('AQL tokens', () => {
  it('recognizes keywords in any case, identifiers, quoted names and bind parameters', () => {
    assert.deepEqual(
      tokens('for `Name` In @val @@coll _key $x').map((token) => [token.kind, token.text]),
      [
        ['FOR', 'for'],
        ['IDENTIFIER', 'Name'],
        ['IN', 'In'],
        ['PARAMETER', 'val'],
        ['DATASOURCE_PARAMETER', '@coll'],
        ['IDENTIFIER', '_key'],
        ['IDENTIFIER', '$x'],
      ],
    );
  });

  it('reads integers, decimals, exponents, hexadecimal and binary numbers', () => {
    assert.deepEqual(
      tokens('1 2.5 1e3 .5 0x1F 0b101 1..3').map((token) => [token.kind, token.number ?? token.text]),
      [
        ['INTEGER', 1],
        ['DOUBLE', 2.5],
        ['DOUBLE', 1000],
        ['DOUBLE', 0.5],
        ['INTEGER', 31],
        ['INTEGER', 5],
        ['INTEGER', 1],
        ['RANGE', '..'],
        ['INTEGER', 3],
      ],
    );
  });

  it('unescapes strings and names', () => {
    assert.deepEqual(
      tokens(String.raw`"a\"b\n" 'it\'s \u00e9' ` + '`we\\`ird`').map((token) => token.text),
      ['a"b\n', "it's é", 'we`ird'],
    );
  });

  it('skips comments and reads NOT IN as one operator', () => {
    assert.deepEqual(
      tokens('a /* x */ NOT  IN // y\n b').map((token) => token.kind),
      ['IDENTIFIER', 'NOT_IN', 'IDENTIFIER'],
    );
  });

  it('puts a string token at its closing quote, as flex does', () => {
    const [, string] = tokens('RETURN "abc"');
    assert.deepEqual(string!.location, { line: 1, column: 11 });
  });

  it('counts columns in bytes', () => {
    const [, , third] = tokens('RETURN "é" x');
    assert.deepEqual(third!.location, { line: 1, column: 12 });
  });
});

describe('the region of a syntax error', () => {
  it('is the rest of the query from the position, cut after 32 characters with "..."', () => {
    assert.equal(queryRegion('RETURN 1', { line: 1, column: 7 }), '1');
    assert.equal(queryRegion(`RETURN ${'x'.repeat(40)}`, { line: 1, column: 7 }), `${'x'.repeat(32)}...`);
    assert.equal(queryRegion('FOR\nx IN y', { line: 2, column: 2 }), 'IN y');
  });
});

describe('AQL syntax errors (1501)', () => {
  const db = freshDatabase({ products: [] });

  async function syntaxError(query: string): Promise<string> {
    const error = await checkError(db, query);
    assert.equal(error.errorNum, 1501, error.message);
    assert.equal(error.httpCode, 400);
    return error.message;
  }

  it('words the seed example as a syntax error', async () => {
    assert.match(await syntaxError('INVALID QUERY'), /syntax error/u);
    assert.equal(await syntaxError('INVALID QUERY'), "syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1");
  });

  it('matches the recorded 3.12 message for a misplaced assignment (golden RestQueryInvalid)', async () => {
    assert.equal(
      await syntaxError('FOR i IN 1..100 FILTER i = 1 LIMIT 2 RETURN i * 3'),
      "syntax error, unexpected assignment near '= 1 LIMIT 2 RETURN i * 3' at position 1:26",
    );
  });

  it('reports the end of the query at the last token, expecting what bison expects', async () => {
    assert.equal(await syntaxError('FOR x IN 1..3'), "syntax error, unexpected end of query string near '3' at position 1:13");
    assert.equal(await syntaxError('RETURN CONCAT(1'), "syntax error, unexpected end of query string, expecting ) near '1' at position 1:15");
    assert.equal(await syntaxError('RETURN [1, 2'), "syntax error, unexpected end of query string, expecting ] near '2' at position 1:12");
    assert.equal(await syntaxError('RETURN {a: 1'), "syntax error, unexpected end of query string, expecting } near '1' at position 1:12");
    assert.equal(await syntaxError('RETURN (FOR x IN 1..2 RETURN x'), "syntax error, unexpected end of query string, expecting ) near 'x' at position 1:30");
  });

  it('expects the end of the query after the final statement', async () => {
    assert.equal(
      await syntaxError('FOR p IN products RETURN p SORT p.x'),
      "syntax error, unexpected SORT declaration, expecting end of query string near 'SORT p.x' at position 1:28",
    );
    assert.equal(await syntaxError('RETURN 1,2'), 'syntax error, unexpected ",", expecting end of query string near \',2\' at position 1:9');
  });

  it('names the expected keyword or token where bison accepts only a few', async () => {
    assert.equal(await syntaxError('FOR x OF y RETURN x'), "syntax error, unexpected identifier, expecting IN keyword near 'OF y RETURN x' at position 1:7");
    assert.equal(await syntaxError('LET x == 1 RETURN x'), "syntax error, unexpected == operator, expecting assignment near '== 1 RETURN x' at position 1:7");
    assert.equal(await syntaxError('LET 1 = 2 RETURN 1'), "syntax error, unexpected integer number, expecting identifier near '1 = 2 RETURN 1' at position 1:5");
    assert.equal(
      await syntaxError('LET a = 1 RETURN a NOT 1'),
      "syntax error, unexpected integer number, expecting ~= operator or ~! operator or like operator near '1' at position 1:24",
    );
  });

  it('reports line and column on multi-line queries', async () => {
    assert.equal(await syntaxError('FOR i IN 1..3\n  FILTER i\n  RETURN ]'), "syntax error, unexpected ] near ']' at position 3:10");
    assert.equal(await syntaxError('RETURN\n  1 +\n  ]'), "syntax error, unexpected ] near ']' at position 3:3");
  });

  it('cuts a long rest of the query after 32 characters', async () => {
    assert.equal(
      await syntaxError('RETURN 1 1 and this part of the query goes on for a while'),
      "syntax error, unexpected integer number, expecting end of query string near '1 and this part of the query goe...' at position 1:10",
    );
  });

  it('reports unterminated strings, names and comments without "syntax error"', async () => {
    assert.equal(await syntaxError('RETURN "abc'), "unexpected unterminated string literal near 'c' at position 1:11");
    assert.equal(await syntaxError('RETURN `abc'), "unexpected unterminated identifier near 'c' at position 1:11");
    // flex matches the comment's text from the space after `/*`.
    assert.equal(await syntaxError('RETURN 1 /* open'), "unexpected unterminated multi-line comment near ' open' at position 1:12");
  });

  it('rejects DISTINCT outside a FOR loop and names an unexpected qualifier', async () => {
    assert.equal(await syntaxError('RETURN DISTINCT 1'), "cannot use DISTINCT modifier on top-level query element near 'DISTINCT 1' at position 1:8");
    assert.equal(
      await syntaxError('INSERT {} INTO products OPTONS {}'),
      "unexpected qualifier 'OPTONS', expecting 'OPTIONS' near '}' at position 1:33",
    );
    assert.equal(
      await syntaxError('FOR a, b IN 1..2 RETURN a'),
      "Collections and views FOR loops only allow a single return variable near 'FOR a, b IN 1..2 RETURN a' at position 1:1",
    );
  });

  it('treats keywords as keywords, not as names', async () => {
    assert.equal(await syntaxError('LET filter = 1 RETURN filter'), "syntax error, unexpected FILTER declaration, expecting identifier near 'filter = 1 RETURN filter' at position 1:5");
  });

  it('names an empty query "query is empty" (1502)', async () => {
    assertError(await checkError(db, ''), 400, 1502, 'query is empty');
  });
});
