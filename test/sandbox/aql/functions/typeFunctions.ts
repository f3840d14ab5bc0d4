/**
 * Type checks and casts: IS_NULL ... IS_OBJECT, TYPENAME, TO_NUMBER, TO_STRING, TO_BOOL, TO_ARRAY.
 */
import { isValidDocumentKey } from '../../data/documentKeys';
import { isObject, isTruthy, toArray, toNumber, toStringValue, typeName } from '../values';
import type { AqlFunction } from './functionContext';

export const TYPE_FUNCTIONS: Readonly<Record<string, AqlFunction>> = {
  IS_NULL: ([value]) => value === null || value === undefined,
  IS_BOOL: ([value]) => typeof value === 'boolean',
  IS_NUMBER: ([value]) => typeof value === 'number',
  IS_STRING: ([value]) => typeof value === 'string',
  IS_ARRAY: ([value]) => Array.isArray(value),
  IS_OBJECT: ([value]) => isObject(value),
  IS_KEY: ([value]) => isValidDocumentKey(value),
  TYPENAME: ([value]) => typeName(value),
  TO_NUMBER: ([value]) => toNumber(value),
  TO_STRING: ([value]) => toStringValue(value),
  TO_BOOL: ([value]) => isTruthy(value),
  TO_ARRAY: ([value]) => toArray(value),
};
