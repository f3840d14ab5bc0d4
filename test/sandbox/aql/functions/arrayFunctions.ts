/**
 * Array functions, following arangod's implementations (which warnings they register for
 * non-array arguments, how they treat null). Where arangod builds a result from a hash table
 * (UNION_DISTINCT, MINUS, INTERSECTION, OUTERSECTION) the order is unspecified; the sandbox
 * keeps first-seen order.
 */
import { ArangoError, ErrorNum } from '../../errors';
import {
  compareValues,
  equalityKey,
  formatNumber,
  isArray,
  isObject,
  isTruthy,
  numberOrNull,
  toNumber,
  valuesEqual,
} from '../values';
import { functionWarning, invalidArgument, toInteger, WarningCode, type AqlFunction, type FunctionContext } from './functionContext';

/** Largest array a function may build at once (arangod's Range::throwIfTooBigForMaterialization). */
export const MAX_MATERIALIZED_ELEMENTS = 10_000_000;

function arrayOrWarn(value: unknown, context: FunctionContext, name: string, code: number = WarningCode.ARRAY_EXPECTED): unknown[] | undefined {
  if (isArray(value)) {
    return value;
  }
  functionWarning(context, name, code);
  return undefined;
}

/** The numbers of an array without its nulls, or undefined when another type is in it. */
function numbersOf(values: readonly unknown[]): number[] | undefined {
  const numbers: number[] = [];
  for (const value of values) {
    if (value === null) {
      continue;
    }
    if (typeof value !== 'number') {
      return undefined;
    }
    numbers.push(value);
  }
  return numbers;
}

/** Welford's running variance over the non-null numbers (arangod's `variance` helper). */
export function variance(values: readonly unknown[]): { sum: number; count: number } | undefined {
  const numbers = numbersOf(values);
  if (numbers === undefined) {
    return undefined;
  }
  let mean = 0;
  let sum = 0;
  let count = 0;
  for (const value of numbers) {
    count += 1;
    const delta = value - mean;
    mean += delta / count;
    sum += delta * (value - mean);
  }
  return { sum, count };
}

function varianceFunction(name: string, sample: boolean, root: boolean): AqlFunction {
  return ([list], context) => {
    const values = arrayOrWarn(list, context, name);
    if (values === undefined) {
      return null;
    }
    const result = variance(values);
    if (result === undefined) {
      return functionWarning(context, name, WarningCode.INVALID_ARITHMETIC_VALUE);
    }
    const divisor = sample ? result.count - 1 : result.count;
    if (divisor < 1) {
      return null;
    }
    const value = result.sum / divisor;
    return numberOrNull(root ? Math.sqrt(value) : value);
  };
}

/** LENGTH of any value: characters of strings and of a number's printed form, attributes of objects. */
export function lengthOf(value: unknown): number {
  if (isArray(value)) {
    return value.length;
  }
  if (isObject(value)) {
    return Object.keys(value).length;
  }
  switch (typeof value) {
    case 'string':
      return Array.from(value).length;
    case 'number':
      return formatNumber(value).length;
    case 'boolean':
      return value ? 1 : 0;
    default:
      return 0;
  }
}

/** Distinct values in first-seen order (AQL equality). */
export function distinct(values: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  const result: unknown[] = [];
  for (const value of values) {
    const key = equalityKey(value);
    if (!seen.has(key)) {
      seen.add(key);
      result.push(value);
    }
  }
  return result;
}

export function sortValues(values: readonly unknown[]): unknown[] {
  return [...values].sort(compareValues);
}

function flatten(values: readonly unknown[], depth: number, into: unknown[]): void {
  for (const value of values) {
    if (isArray(value) && depth > 0) {
      flatten(value, depth - 1, into);
    } else {
      into.push(value);
    }
  }
}

function contains(values: readonly unknown[], search: unknown): number {
  return values.findIndex((value) => valuesEqual(value, search));
}

/** RANGE(start, stop[, step]) and `start..stop`: inclusive, ascending or descending. */
export function numericRange(from: number, to: number, step: number): unknown[] {
  const count = Math.floor(Math.abs(to - from) / Math.abs(step)) + 1;
  if (count > MAX_MATERIALIZED_ELEMENTS) {
    throw new ArangoError(400, ErrorNum.QUERY_NUMBER_OUT_OF_RANGE, 'range is too big to be materialized');
  }
  const result = new Array<number>(count);
  for (let i = 0; i < count; i += 1) {
    result[i] = from + i * step;
  }
  return result;
}

function setOperation(name: string, args: readonly unknown[], context: FunctionContext, code: number): unknown[][] | undefined {
  const arrays: unknown[][] = [];
  for (const arg of args) {
    if (!isArray(arg)) {
      functionWarning(context, name, code);
      return undefined;
    }
    arrays.push(arg);
  }
  return arrays;
}

export const ARRAY_FUNCTIONS: Readonly<Record<string, AqlFunction>> = {
  LENGTH: ([value]) => lengthOf(value),
  MIN: ([list], context) => {
    const values = arrayOrWarn(list, context, 'MIN');
    if (values === undefined) {
      return null;
    }
    let min: unknown = undefined;
    for (const value of values) {
      if (value !== null && (min === undefined || compareValues(value, min) < 0)) {
        min = value;
      }
    }
    return min ?? null;
  },
  MAX: ([list], context) => {
    const values = arrayOrWarn(list, context, 'MAX');
    if (values === undefined) {
      return null;
    }
    let max: unknown = undefined;
    for (const value of values) {
      if (max === undefined || compareValues(value, max) > 0) {
        max = value;
      }
    }
    return max ?? null;
  },
  SUM: ([list], context) => {
    const values = arrayOrWarn(list, context, 'SUM');
    const numbers = values === undefined ? undefined : numbersOf(values);
    return numbers === undefined ? null : numberOrNull(numbers.reduce((sum, value) => sum + value, 0));
  },
  AVERAGE: ([list], context) => {
    const values = arrayOrWarn(list, context, 'AVERAGE');
    const numbers = values === undefined ? undefined : numbersOf(values);
    if (numbers === undefined || numbers.length === 0) {
      return null;
    }
    return numberOrNull(numbers.reduce((sum, value) => sum + value, 0) / numbers.length);
  },
  PRODUCT: ([list], context) => {
    const values = arrayOrWarn(list, context, 'PRODUCT');
    const numbers = values === undefined ? undefined : numbersOf(values);
    return numbers === undefined ? null : numberOrNull(numbers.reduce((product, value) => product * value, 1));
  },
  MEDIAN: ([list], context) => {
    const values = arrayOrWarn(list, context, 'MEDIAN');
    if (values === undefined) {
      return null;
    }
    const numbers = numbersOf(values);
    if (numbers === undefined) {
      return functionWarning(context, 'MEDIAN', WarningCode.INVALID_ARITHMETIC_VALUE);
    }
    if (numbers.length === 0) {
      return null;
    }
    numbers.sort((a, b) => a - b);
    const middle = Math.floor(numbers.length / 2);
    return numbers.length % 2 === 0 ? (numbers[middle - 1]! + numbers[middle]!) / 2 : numbers[middle]!;
  },
  PERCENTILE: ([list, border, method], context) => {
    const values = arrayOrWarn(list, context, 'PERCENTILE');
    if (values === undefined) {
      return null;
    }
    if (typeof border !== 'number' || border <= 0 || border > 100) {
      return invalidArgument(context, 'PERCENTILE');
    }
    if (method !== undefined && method !== 'rank' && method !== 'interpolation') {
      return invalidArgument(context, 'PERCENTILE');
    }
    const numbers = numbersOf(values);
    if (numbers === undefined) {
      return functionWarning(context, 'PERCENTILE', WarningCode.INVALID_ARITHMETIC_VALUE);
    }
    numbers.sort((a, b) => a - b);
    const l = numbers.length;
    if (l === 0) {
      return null;
    }
    if (l === 1) {
      return numbers[0]!;
    }
    if (method === 'interpolation') {
      const index = (border * (l + 1)) / 100;
      const position = Math.floor(index);
      if (position >= l) {
        return numbers[l - 1]!;
      }
      if (position <= 0) {
        return null;
      }
      return (index - position) * (numbers[position]! - numbers[position - 1]!) + numbers[position - 1]!;
    }
    const position = Math.ceil((border * l) / 100);
    if (position >= l) {
      return numbers[l - 1]!;
    }
    return position <= 0 ? null : numbers[position - 1]!;
  },
  VARIANCE_POPULATION: varianceFunction('VARIANCE_POPULATION', false, false),
  VARIANCE_SAMPLE: varianceFunction('VARIANCE_SAMPLE', true, false),
  STDDEV_POPULATION: varianceFunction('STDDEV_POPULATION', false, true),
  STDDEV_SAMPLE: varianceFunction('STDDEV_SAMPLE', true, true),
  COUNT_DISTINCT: ([list], context) => {
    const values = arrayOrWarn(list, context, 'COUNT_DISTINCT');
    return values === undefined ? null : distinct(values).length;
  },
  UNIQUE: ([list], context) => {
    const values = arrayOrWarn(list, context, 'UNIQUE');
    return values === undefined ? null : distinct(values);
  },
  SORTED_UNIQUE: ([list], context) => {
    const values = arrayOrWarn(list, context, 'SORTED_UNIQUE');
    return values === undefined ? null : sortValues(distinct(values));
  },
  SORTED: ([list], context) => {
    const values = arrayOrWarn(list, context, 'SORTED');
    return values === undefined ? null : sortValues(values);
  },
  FLATTEN: ([list, depth], context) => {
    const values = arrayOrWarn(list, context, 'FLATTEN');
    if (values === undefined) {
      return null;
    }
    const levels = depth === undefined ? 1 : Math.max(1, toInteger(toNumber(depth)));
    const result: unknown[] = [];
    flatten(values, levels, result);
    return result;
  },
  FIRST: ([list], context) => {
    const values = arrayOrWarn(list, context, 'FIRST');
    return values === undefined || values.length === 0 ? null : values[0];
  },
  LAST: ([list], context) => {
    const values = arrayOrWarn(list, context, 'LAST');
    return values === undefined || values.length === 0 ? null : values[values.length - 1];
  },
  NTH: ([list, position], context) => {
    const values = arrayOrWarn(list, context, 'NTH');
    if (values === undefined) {
      return null;
    }
    const index = toInteger(toNumber(position));
    return index < 0 || index >= values.length ? null : values[index];
  },
  POSITION: ([list, search, returnIndex], context) => {
    const values = arrayOrWarn(list, context, 'POSITION');
    if (values === undefined) {
      return null;
    }
    const index = contains(values, search);
    return isTruthy(returnIndex) ? index : index >= 0;
  },
  REVERSE: ([value], context) => {
    if (isArray(value)) {
      return [...value].reverse();
    }
    if (typeof value === 'string') {
      return Array.from(value).reverse().join('');
    }
    return functionWarning(context, 'REVERSE', WarningCode.ARRAY_EXPECTED);
  },
  SLICE: ([list, start, length], context) => {
    if (!isArray(list)) {
      return invalidArgument(context, 'SLICE');
    }
    let from = toInteger(toNumber(start));
    if (from < 0) {
      from = Math.max(0, list.length + from);
    }
    let to = list.length;
    if (length !== undefined && length !== null) {
      const count = toInteger(toNumber(length));
      to = count >= 0 ? from + count : Math.max(0, list.length + count);
    }
    return list.slice(from, to);
  },
  PUSH: ([list, value, unique], context) => {
    if (list === null || list === undefined) {
      return [value];
    }
    if (!isArray(list)) {
      return invalidArgument(context, 'PUSH');
    }
    return isTruthy(unique) && contains(list, value) >= 0 ? [...list] : [...list, value];
  },
  APPEND: ([list, values, unique], context) => {
    if (values === null || values === undefined || (isArray(values) && values.length === 0)) {
      return list;
    }
    if (list === null || list === undefined) {
      return values;
    }
    if (!isArray(list)) {
      return invalidArgument(context, 'APPEND');
    }
    const appended = [...list, ...(isArray(values) ? values : [values])];
    return isTruthy(unique) ? distinct(appended) : appended;
  },
  POP: ([list], context) => {
    if (list === null || list === undefined) {
      return null;
    }
    return isArray(list) ? list.slice(0, -1) : invalidArgument(context, 'POP');
  },
  SHIFT: ([list], context) => {
    if (list === null || list === undefined) {
      return null;
    }
    return isArray(list) ? list.slice(1) : invalidArgument(context, 'SHIFT');
  },
  UNSHIFT: ([list, value, unique], context) => {
    if (list !== null && list !== undefined && !isArray(list)) {
      return invalidArgument(context, 'UNSHIFT');
    }
    const values = isArray(list) ? list : [];
    return isTruthy(unique) && contains(values, value) >= 0 ? [...values] : [value, ...values];
  },
  REMOVE_VALUE: ([list, value, limit], context) => {
    if (list === null || list === undefined) {
      return [];
    }
    if (!isArray(list)) {
      return invalidArgument(context, 'REMOVE_VALUE');
    }
    let remaining = limit === undefined || limit === null ? Number.POSITIVE_INFINITY : toInteger(toNumber(limit));
    return list.filter((member) => {
      if (remaining > 0 && valuesEqual(member, value)) {
        remaining -= 1;
        return false;
      }
      return true;
    });
  },
  REMOVE_VALUES: ([list, values], context) => {
    if (values === null || values === undefined) {
      return list;
    }
    if (list === null || list === undefined) {
      return [];
    }
    if (!isArray(list) || !isArray(values)) {
      return invalidArgument(context, 'REMOVE_VALUES');
    }
    return list.filter((member) => contains(values, member) < 0);
  },
  REMOVE_NTH: ([list, position], context) => {
    if (list === null || list === undefined) {
      return [];
    }
    if (!isArray(list)) {
      return invalidArgument(context, 'REMOVE_NTH');
    }
    let index = toNumber(position);
    if (index >= list.length || index < -list.length) {
      return list;
    }
    index = Math.trunc(index < 0 ? index + list.length : index);
    return list.filter((_member, i) => i !== index);
  },
  REPLACE_NTH: ([list, position, value, padding], context) => {
    if (!isArray(list)) {
      return invalidArgument(context, 'REPLACE_NTH');
    }
    let index = toInteger(toNumber(position));
    if (index < 0) {
      index = Math.max(0, list.length + index);
    }
    const result = [...list];
    if (index >= list.length) {
      for (let i = list.length; i < index; i += 1) {
        result.push(padding ?? null);
      }
    }
    result[index] = value;
    return result;
  },
  RANGE: ([start, stop, step], context) => {
    if (step === undefined || step === null) {
      const from = toInteger(toNumber(start));
      const to = toInteger(toNumber(stop));
      return numericRange(from, to, from <= to ? 1 : -1);
    }
    const from = toNumber(start);
    const to = toNumber(stop);
    const increment = toNumber(step);
    if (increment === 0 || (from < to && increment < 0) || (from > to && increment > 0)) {
      return invalidArgument(context, 'RANGE');
    }
    return numericRange(from, to, increment);
  },
  UNION: (args, context) => setOperation('UNION', args, context, WarningCode.ARGUMENT_TYPE_MISMATCH)?.flat() ?? null,
  UNION_DISTINCT: (args, context) => {
    const arrays = setOperation('UNION_DISTINCT', args, context, WarningCode.ARGUMENT_TYPE_MISMATCH);
    return arrays === undefined ? null : distinct(arrays.flat());
  },
  MINUS: (args, context) => {
    const arrays = setOperation('MINUS', args, context, WarningCode.ARGUMENT_TYPE_MISMATCH);
    if (arrays === undefined) {
      return null;
    }
    const removed = new Set(arrays.slice(1).flat().map(equalityKey));
    return distinct(arrays[0]!).filter((value) => !removed.has(equalityKey(value)));
  },
  INTERSECTION: (args, context) => {
    const arrays = setOperation('INTERSECTION', args, context, WarningCode.ARRAY_EXPECTED);
    if (arrays === undefined) {
      return null;
    }
    const others = arrays.slice(1).map((array) => new Set(array.map(equalityKey)));
    return distinct(arrays[0]!).filter((value) => others.every((set) => set.has(equalityKey(value))));
  },
  OUTERSECTION: (args, context) => {
    const arrays = setOperation('OUTERSECTION', args, context, WarningCode.ARRAY_EXPECTED);
    if (arrays === undefined) {
      return null;
    }
    const counts = new Map<string, { value: unknown; count: number }>();
    for (const value of arrays.flat()) {
      const key = equalityKey(value);
      const entry = counts.get(key);
      if (entry === undefined) {
        counts.set(key, { value, count: 1 });
      } else {
        entry.count += 1;
      }
    }
    return [...counts.values()].filter((entry) => entry.count === 1).map((entry) => entry.value);
  },
  INTERLEAVE: (args, context) => {
    const arrays = setOperation('INTERLEAVE', args, context, WarningCode.ARRAY_EXPECTED);
    if (arrays === undefined) {
      return null;
    }
    const result: unknown[] = [];
    const longest = Math.max(...arrays.map((array) => array.length));
    for (let i = 0; i < longest; i += 1) {
      for (const array of arrays) {
        if (i < array.length) {
          result.push(array[i]);
        }
      }
    }
    return result;
  },
  JACCARD: ([a, b], context) => {
    if (!isArray(a) || !isArray(b)) {
      return invalidArgument(context, 'JACCARD');
    }
    const left = new Set(a.map(equalityKey));
    const right = new Set(b.map(equalityKey));
    const union = new Set([...left, ...right]);
    if (union.size === 0) {
      return 1;
    }
    return [...left].filter((key) => right.has(key)).length / union.size;
  },
};
