import assert from 'node:assert/strict';
import { variableAt } from '../../../src/language/aqlScopes';
import { signatureHelpAt } from '../../../src/language/signatureHelp';

function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

function help(marked: string): string | undefined {
  const { text, offset } = at(marked);
  const found = signatureHelpAt(text, offset);
  if (found === undefined) return undefined;
  return `${found.fn.name}: ${found.activeParameter === undefined ? '(too many)' : found.parameters[found.activeParameter]?.name ?? ''}`;
}

describe('signatureHelpAt', () => {
  it('names the function and the parameter the cursor is in', () => {
    assert.equal(help('RETURN SUBSTRING(|'), 'SUBSTRING: value');
    assert.equal(help('RETURN substring("abc", 1, |'), 'SUBSTRING: length');
    assert.equal(help('RETURN SUBSTRING("a,b", |'), 'SUBSTRING: offset');
    assert.equal(help('RETURN SUBSTRING([1, 2], |'), 'SUBSTRING: offset');
    assert.equal(help('RETURN SUBSTRING("abc", 1, 2, |'), 'SUBSTRING: (too many)');
  });

  it('stays on a repeated parameter however many arguments follow', () => {
    assert.equal(help('RETURN CONCAT_SEPARATOR(", ", 1, 2, 3, |'), 'CONCAT_SEPARATOR: values');
  });

  it('follows the innermost call and knows aliases', () => {
    assert.equal(help('RETURN CONCAT(LENGTH(|'), 'LENGTH: value');
    assert.equal(help('RETURN CONCAT(LENGTH([1]), |'), 'CONCAT: values');
    assert.equal(help('RETURN KEYS(doc, |'), 'KEYS: removeSystemAttrs');
  });

  it('gives nothing outside a call, in a string, or for user functions', () => {
    assert.equal(help('RETURN (1 + |'), undefined);
    assert.equal(help('RETURN LENGTH("(|'), undefined);
    assert.equal(help('RETURN MY::FUNC(|'), undefined);
  });
});

describe('variableAt', () => {
  it('finds where a variable used at the cursor is bound, and the declaration under the cursor', () => {
    const { text, offset } = at('FOR u IN users LET n = u.name RETURN n|');
    assert.deepEqual(variableAt(text, offset)?.declaredAt, { start: 19, end: 20 });
    assert.equal(variableAt(text, 5)?.name, 'u');
    assert.deepEqual(variableAt(text, text.indexOf('u.name') + 1)?.declaredAt, { start: 4, end: 5 });
  });

  it('takes the innermost of two variables with one name, and NEW/OLD in any case', () => {
    const { text, offset } = at('FOR a IN users LET b = (FOR a IN orders RETURN a|) RETURN b');
    assert.equal(variableAt(text, offset)?.source?.name, 'orders');
    const update = at('FOR u IN users UPDATE u WITH {} IN users RETURN new|');
    assert.equal(variableAt(update.text, update.offset)?.kind, 'NEW');
  });

  it('gives nothing for a name that is not a variable', () => {
    const { text, offset } = at('FOR u IN users RETURN x|');
    assert.equal(variableAt(text, offset), undefined);
  });
});
