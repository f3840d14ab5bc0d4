/**
 * The AQL functions the sandbox implements, by canonical name (see `catalog.ts` for all names
 * arangod knows and their argument counts).
 */
import { ARRAY_FUNCTIONS } from './arrayFunctions';
import { DOCUMENT_FUNCTIONS } from './documentFunctions';
import type { AqlFunction } from './functionContext';
import { MISC_FUNCTIONS } from './miscFunctions';
import { NUMERIC_FUNCTIONS } from './numericFunctions';
import { STRING_FUNCTIONS } from './stringFunctions';
import { TYPE_FUNCTIONS } from './typeFunctions';

const IMPLEMENTATIONS: ReadonlyMap<string, AqlFunction> = new Map(
  Object.entries({
    ...TYPE_FUNCTIONS,
    ...STRING_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...ARRAY_FUNCTIONS,
    ...DOCUMENT_FUNCTIONS,
    ...MISC_FUNCTIONS,
  }),
);

/** Functions whose value may differ between calls with the same arguments: never folded. */
export const NON_DETERMINISTIC_FUNCTIONS: ReadonlySet<string> = new Set([
  'RAND',
  'UUID',
  'RANDOM_TOKEN',
  'DATE_NOW',
  'SLEEP',
  'FAIL',
  'ASSERT',
  'WARN',
  'DOCUMENT',
  'COLLECTION_COUNT',
  'COLLECTIONS',
  'NOOPT',
]);

export function isImplemented(name: string): boolean {
  return IMPLEMENTATIONS.has(name);
}

export function implementation(name: string): AqlFunction {
  const found = IMPLEMENTATIONS.get(name);
  if (found === undefined) {
    throw new Error(`no implementation of ${name}()`);
  }
  return found;
}
