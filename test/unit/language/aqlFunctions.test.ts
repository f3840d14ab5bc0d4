import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  AQL_FUNCTIONS,
  AQL_FUNCTIONS_DOCS,
  argumentRange,
  findAqlFunction,
  formatSignature,
  parameterAt,
  parseSignature,
} from '../../../src/language/aqlFunctions';
import { ARRAY_FUNCTIONS } from '../../sandbox/aql/functions/arrayFunctions';
import { argumentCounts, findFunction, MAX_ARGUMENTS } from '../../sandbox/aql/functions/catalog';
import { DOCUMENT_FUNCTIONS } from '../../sandbox/aql/functions/documentFunctions';
import { MISC_FUNCTIONS } from '../../sandbox/aql/functions/miscFunctions';
import { NUMERIC_FUNCTIONS } from '../../sandbox/aql/functions/numericFunctions';
import { STRING_FUNCTIONS } from '../../sandbox/aql/functions/stringFunctions';
import { TYPE_FUNCTIONS } from '../../sandbox/aql/functions/typeFunctions';

/** Every name the sandbox's catalogue declares (its signature table and aliases), read from its source. */
function sandboxDeclaredNames(): string[] {
  const source = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'sandbox', 'aql', 'functions', 'catalog.ts'), 'utf8');
  return [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]*): '/gm)].map((match) => match[1] ?? '');
}

// Names the 3.12 documentation no longer lists but arangod's function table (and so the sandbox) still has.
const NOT_IN_312_DOCUMENTATION = new Set(['PREGEL_RESULT']);

describe('AQL function catalogue', () => {
  it('has every function the sandbox implements', () => {
    const implemented = Object.keys({ ...TYPE_FUNCTIONS, ...STRING_FUNCTIONS, ...NUMERIC_FUNCTIONS, ...ARRAY_FUNCTIONS, ...DOCUMENT_FUNCTIONS, ...MISC_FUNCTIONS });
    assert.ok(implemented.length > 100, `expected the sandbox's implementations, found ${implemented.length}`);
    assert.deepEqual(implemented.filter((name) => findAqlFunction(name) === undefined), []);
  });

  it('has every function and alias the sandbox knows by name', () => {
    const declared = sandboxDeclaredNames();
    assert.ok(declared.length > 200, `expected the sandbox's signature table, found ${declared.length}`);
    assert.deepEqual(declared.filter((name) => findAqlFunction(name) === undefined), []);
  });

  it('takes as many arguments as arangod declares for each function', () => {
    const disagreements: string[] = [];
    for (const fn of AQL_FUNCTIONS) {
      const known = findFunction(fn.name);
      if (known === undefined) continue;
      const ours = argumentRange(parseSignature(fn.signature));
      const theirs = { minimum: known.minArguments, maximum: known.maxArguments === MAX_ARGUMENTS ? Infinity : known.maxArguments };
      if (ours.minimum !== theirs.minimum || ours.maximum !== theirs.maximum) {
        disagreements.push(`${fn.name}: ours ${ours.minimum}..${ours.maximum}, arangod ${theirs.minimum}..${theirs.maximum}`);
      }
    }
    assert.deepEqual(disagreements, []);
  });

  it('names each function once, in upper case, with a description and a return type', () => {
    const names = AQL_FUNCTIONS.map((fn) => fn.name);
    assert.equal(new Set(names).size, names.length, `duplicates: ${names.filter((n, i) => names.indexOf(n) !== i).join(', ')}`);
    for (const fn of AQL_FUNCTIONS) {
      assert.match(fn.name, /^[A-Z][A-Z0-9_]*$/);
      assert.match(fn.returns, /^[a-z]+(\|[a-z]+)*$/, fn.name);
      assert.ok(fn.description.length > 10 && fn.description.length <= 120 && !fn.description.includes('\n'), `${fn.name}: one short line`);
    }
  });

  it('links every function to its heading in the ArangoDB 3.12 documentation', () => {
    for (const fn of AQL_FUNCTIONS) {
      assert.ok(fn.link.startsWith(AQL_FUNCTIONS_DOCS), fn.link);
      assert.match(fn.link, /^https:\/\/docs\.arangodb\.com\/3\.12\/aql\/functions\/[a-z-]+\/#[a-z0-9_-]+$/, fn.name);
      assert.ok(fn.link.includes(`/${fn.page}/`), fn.name);
    }
    assert.equal(findAqlFunction('ASSERT')?.link, 'https://docs.arangodb.com/3.12/aql/functions/miscellaneous/#assert--warn');
  });

  it('parses every signature, and aliases match the function they stand for', () => {
    for (const fn of AQL_FUNCTIONS) {
      const parameters = parseSignature(fn.signature);
      assert.equal(new Set(parameters.map((p) => p.name)).size, parameters.length, `${fn.name}: parameter names repeat`);
      if (fn.aliasOf !== undefined) {
        const original = findAqlFunction(fn.aliasOf);
        assert.ok(original !== undefined && original.aliasOf === undefined, `${fn.name} → ${fn.aliasOf}`);
        assert.equal(fn.signature, original.signature, fn.name);
      }
    }
    assert.equal([...NOT_IN_312_DOCUMENTATION].filter((name) => findAqlFunction(name) === undefined).length, 0);
  });

  it('reads optional and repeated parameters and refuses a malformed signature', () => {
    assert.deepEqual(parseSignature('separator: string, ...values: any'), [
      { name: 'separator', type: 'string', optional: false, repeated: false },
      { name: 'values', type: 'any', optional: false, repeated: true },
    ]);
    assert.deepEqual(argumentRange(parseSignature('functionName: string, ...arguments?: any')), { minimum: 1, maximum: Infinity });
    assert.deepEqual(argumentRange(parseSignature('value: string, offset: number, length?: number')), { minimum: 2, maximum: 3 });
    assert.deepEqual(parseSignature(''), []);
    assert.throws(() => parseSignature('value string'), /Cannot read the parameter "value string"/);
    assert.equal(argumentCounts('.,.|+').minimum, 2);
  });

  it('finds functions in any case and tells which parameter an argument falls on', () => {
    const concat = findAqlFunction('concat_separator');
    assert.equal(concat?.name, 'CONCAT_SEPARATOR');
    const parameters = parseSignature(concat?.signature ?? '');
    assert.equal(parameterAt(parameters, 0)?.name, 'separator');
    assert.equal(parameterAt(parameters, 5)?.name, 'values');
    assert.equal(parameterAt(parseSignature('value: string, length?: number'), 2), undefined);
    assert.equal(formatSignature(findAqlFunction('LEFT')!), 'LEFT(value: string, n: number) → string');
  });
});
