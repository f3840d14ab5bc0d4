import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DocumentRange } from '../../../src/language/errorPosition';
import { goldenFolder } from '../../support/goldenTranscripts';
import {
  findErrorRange,
  parseErrorPosition,
  queryOffsetOf,
  toDocumentRange,
} from '../../../src/language/errorPosition';

const GOLDEN = goldenFolder();

interface GoldenStep {
  request: { body: { query: string } };
  response: { body: { errorNum: number; errorMessage: string } };
}

function goldenError(file: string): { query: string; errorNum: number; message: string } {
  const recording = JSON.parse(readFileSync(path.join(GOLDEN, file), 'utf8')) as { steps: GoldenStep[] };
  const step = recording.steps[0]!;
  return { query: step.request.body.query, errorNum: step.response.body.errorNum, message: step.response.body.errorMessage };
}

function range(line: number, start: number, end: number, endLine = line): DocumentRange {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

const TOP = { line: 0, character: 0 };

describe('parseErrorPosition', () => {
  it('reads the 1-based line and column of a 3.12 syntax error (recorded)', () => {
    const { message } = goldenError('later/RestQueryInvalid.json');
    assert.deepEqual(parseErrorPosition(message), { line: 1, column: 26 });
  });

  it("reads the position inside 3.11's 'AQL: ... (while parsing)' wrapping", () => {
    const message = "AQL: syntax error, unexpected end of query string near '}' at position 1:237 (while parsing)";
    assert.deepEqual(parseErrorPosition(message), { line: 1, column: 237 });
  });

  it('is not misled by the words "at position" inside the quoted query snippet', () => {
    const message = "syntax error, unexpected identifier near 'x at position 9:9 ' at position 2:4";
    assert.deepEqual(parseErrorPosition(message), { line: 2, column: 4 });
  });

  it('finds no position in errors that carry none (recorded 1203, 3.12 and 3.11)', () => {
    assert.equal(parseErrorPosition(goldenError('RestCursorCreateCursorUnknownCollection.json').message), undefined);
    assert.equal(parseErrorPosition(goldenError('v3.11/RestCursorCreateCursorUnknownCollection_311.json').message), undefined);
  });
});

describe('toDocumentRange', () => {
  it('underlines the token the recorded syntax error points at', () => {
    const { query, message } = goldenError('later/RestQueryInvalid.json');
    const found = toDocumentRange(parseErrorPosition(message)!, TOP, query);
    assert.deepEqual(found, range(0, 25, 26));
    // arangod quotes the query from that point on: the same place.
    assert.ok(message.includes(`near '${query.slice(25, 25 + 10)}`));
  });

  it('shifts only the first line when the query is a selection starting mid-line', () => {
    const query = 'FOR d IN c FILTER d.x = 1\n  RETURN d e';
    const start = { line: 4, character: 6 };
    assert.deepEqual(toDocumentRange({ line: 1, column: 23 }, start, query), range(4, 28, 29));
    assert.deepEqual(toDocumentRange({ line: 2, column: 12 }, start, query), range(5, 11, 12));
  });

  it('covers a whole multi-character token', () => {
    const query = 'FOR d IN c FILTER d.x == 1 RETURN d RETURN';
    assert.deepEqual(toDocumentRange({ line: 1, column: 37 }, TOP, query), range(0, 36, 42));
  });

  it('counts columns in UTF-8 bytes, as arangod does, and maps them to UTF-16 characters', () => {
    // "€" is 3 bytes; "😀" is 4 bytes and 2 UTF-16 code units.
    assert.deepEqual(toDocumentRange({ line: 1, column: 14 }, TOP, 'RETURN "€" = 1'), range(0, 11, 12));
    assert.deepEqual(toDocumentRange({ line: 1, column: 15 }, TOP, 'RETURN "😀" = 1'), range(0, 12, 13));
    assert.deepEqual(toDocumentRange({ line: 1, column: 16 }, TOP, 'LET ´ä´ = 1 = 2'), range(0, 12, 13));
  });

  it('counts lines by \\n and ignores the \\r of Windows line ends', () => {
    const query = 'FOR d IN c\r\n  FILTER d.x = 1\r\n  RETURN d';
    assert.deepEqual(toDocumentRange({ line: 2, column: 14 }, TOP, query), range(1, 13, 14));
  });

  it('reads a line break inside a string as arangod does: the next line starts at column 1', () => {
    // After "a\n inside the string, b is at byte column 1 (reported 2), so = at 3 is reported 5.
    assert.deepEqual(toDocumentRange({ line: 2, column: 5 }, TOP, 'RETURN "a\nb" = 1'), range(1, 3, 4));
    assert.deepEqual(toDocumentRange({ line: 2, column: 5 }, TOP, 'RETURN `a\nb` = 1'), range(1, 3, 4));
  });

  it('restarts at column 0 after a line break in a comment', () => {
    assert.deepEqual(toDocumentRange({ line: 2, column: 6 }, TOP, 'RETURN /* a\nb */ = 1'), range(1, 5, 6));
    assert.deepEqual(toDocumentRange({ line: 2, column: 1 }, TOP, 'RETURN 1 // a\n= 1'), range(1, 0, 1));
  });

  it('underlines the last token when the query ended too early (issue #5992: position of the final })', () => {
    const query =
      'WITH pminprogress,pmlibtype,pmattic,pmlibrary,pmconfig,pmvariant,pmsite,pmproject,pmpath,pmuser,pmworkspace,pmproxy,pmrelease,pmvartype FOR v,e,p IN 1..50 OUTBOUND \'pmconfig/31165912\' pm_content OPTIONS {uniqueVertices:"global",bfs:true}';
    assert.deepEqual(toDocumentRange({ line: 1, column: 237 }, TOP, query), range(0, 236, 237));
  });

  it('places an end-of-query error on the last token of a query starting with a line break (arangojs#717)', () => {
    const query = '\n    FOR i IN 1..10\n        INSERT {\n            LaTeX: CONCAT("A_", i),\n            _key: i\n        } IN mynodes-js';
    const message = "AQL: syntax error, unexpected end of query string near 'js' at position 6:22 (while parsing)";
    assert.deepEqual(toDocumentRange(parseErrorPosition(message)!, TOP, query), range(5, 21, 23));
  });

  it('places an error on a non-breaking space, a two-byte character (arangodb#964)', () => {
    const query = 'for edge in edges filter edge._from ==\u00a0@from && edge._to == @to update edge with @newEdge in edges';
    const message = "syntax error, unexpected end of query string near '\u00a0@from && edge._to == @to updat...' at position 1:39";
    assert.deepEqual(toDocumentRange(parseErrorPosition(message)!, TOP, query), range(0, 38, 39));
  });

  it('underlines the last real token when arangod points at trailing whitespace or a comment', () => {
    assert.deepEqual(toDocumentRange({ line: 2, column: 1 }, TOP, 'FOR x IN c RETURN\n   '), range(0, 11, 17));
    assert.deepEqual(toDocumentRange({ line: 1, column: 19 }, TOP, 'FOR x IN c RETURN // done'), range(0, 11, 17));
  });

  it('underlines an unterminated string from its opening quote to the end of its line', () => {
    // arangod reports the last character the lexer read inside the string.
    assert.deepEqual(toDocumentRange({ line: 2, column: 3 }, TOP, 'RETURN "abc\nde'), range(0, 7, 11));
  });

  it('underlines an unterminated block comment from where it opens', () => {
    assert.deepEqual(toDocumentRange({ line: 1, column: 12 }, TOP, 'RETURN 1 /* no end'), range(0, 9, 18));
  });

  it('gives the end of the line for a column past it, and nothing for a line past the query', () => {
    assert.equal(queryOffsetOf({ line: 1, column: 99 }, 'RETURN 1\nx'), 8);
    assert.equal(toDocumentRange({ line: 3, column: 1 }, TOP, 'RETURN 1\nx'), undefined);
  });
});

describe('findErrorRange', () => {
  it('maps a syntax error through its position', () => {
    const { query, errorNum, message } = goldenError('later/RestQueryInvalid.json');
    assert.deepEqual(findErrorRange({ errorNum, message }, query, { line: 2, character: 4 }), range(2, 29, 30));
  });

  it('finds the missing collection of a recorded 1203, in both 3.12 and 3.11 wording', () => {
    for (const file of ['RestCursorCreateCursorUnknownCollection.json', 'v3.11/RestCursorCreateCursorUnknownCollection_311.json']) {
      const { query, errorNum, message } = goldenError(file);
      assert.deepEqual(findErrorRange({ errorNum, message }, query), range(0, 9, 20), file);
    }
  });

  it('skips mentions of a collection in strings and comments, and finds quoted names', () => {
    const query = '/* users */ LET n = "users"\nFOR u IN users RETURN u';
    assert.deepEqual(findErrorRange({ errorNum: 1203, message: 'collection or view not found: users' }, query), range(1, 9, 14));
    const quoted = 'FOR u IN `my-coll` RETURN u';
    assert.deepEqual(findErrorRange({ errorNum: 1203, message: 'collection or view not found: my-coll' }, quoted), range(0, 9, 18));
  });

  it('finds the collection parameter whose value names the missing collection', () => {
    const query = 'FOR u IN @@a FOR v IN @@b RETURN [u, v]';
    const error = { errorNum: 1203, message: 'collection or view not found: ghosts' };
    assert.deepEqual(findErrorRange(error, query, TOP, { '@a': 'users', '@b': 'ghosts' }), range(0, 22, 25));
    assert.equal(findErrorRange(error, query), undefined);
  });

  it('finds the first call of an unknown function, ignoring case, spaces before ( and strings', () => {
    const query = 'LET foo = "FOO(" // FOO(\nRETURN foo (foo)';
    const error = { errorNum: 1540, message: "AQL: usage of unknown function 'FOO()' (while parsing)" };
    assert.deepEqual(findErrorRange(error, query), range(1, 7, 10));
  });

  it('finds a namespaced user function call as one name', () => {
    const query = 'RETURN fn(1) + myns::fn(2)';
    const error = { errorNum: 1540, message: "usage of unknown function 'MYNS::FN()'" };
    assert.deepEqual(findErrorRange(error, query), range(0, 15, 23));
  });

  it('finds a function called with the wrong number of arguments', () => {
    const error = {
      errorNum: 1541,
      message: "invalid number of arguments for function 'LENGTH()', expected number of arguments: minimum: 1, maximum: 1",
    };
    assert.deepEqual(findErrorRange(error, 'RETURN LENGTH()'), range(0, 7, 13));
  });

  it('finds the parameter of a recorded 1551', () => {
    const { query, errorNum, message } = goldenError('later/RestExplainInvalid.json');
    const at = query.indexOf('@id');
    assert.deepEqual(findErrorRange({ errorNum, message }, query), range(0, at, at + 3));
  });

  it('tells a collection parameter (@@x, key @x) from a value parameter (@x)', () => {
    const query = 'FOR d IN @@x FILTER d.v == @x RETURN d';
    const collection = findErrorRange({ errorNum: 1551, message: "no value specified for declared bind parameter '@x'" }, query);
    const value = findErrorRange({ errorNum: 1553, message: "bind parameter 'x' has an invalid value or type" }, query);
    assert.deepEqual(collection, range(0, 9, 12));
    assert.deepEqual(value, range(0, 27, 29));
  });

  it('finds nothing for a parameter the query does not declare (1552)', () => {
    const error = { errorNum: 1552, message: "bind parameter 'extra' was not declared in the query" };
    assert.equal(findErrorRange(error, 'RETURN @x'), undefined);
  });

  it('finds nothing for errors that neither give a position nor name a subject', () => {
    assert.equal(findErrorRange({ errorNum: 1562, message: 'division by zero' }, 'RETURN 1/0'), undefined);
    assert.equal(findErrorRange({ message: 'collection or view not found: x' }, 'FOR d IN x RETURN d'), undefined);
  });
});
