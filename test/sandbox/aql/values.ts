/**
 * AQL values and their rules (AQL docs "Type and value order", "Type conversion"; arangod's
 * AqlValue and VelocyPackHelper::compare):
 * null < bool < number < string < array < object; strings compare with ICU collation (arangod
 * uses an ICU collator, upper case first, identical strength); arrays compare position by
 * position with missing positions as null; objects compare over the sorted union of their
 * attribute names with missing attributes as null.
 *
 * Values are plain JSON (`null`, boolean, finite number, string, array, object) and are never
 * modified in place: every operation builds new arrays and objects.
 */
import { setMember } from '../data/jsonValues';

export type AqlObject = Record<string, unknown>;

/** Rank of each type in AQL's type order. */
export const TypeRank = {
  Null: 0,
  Bool: 1,
  Number: 2,
  String: 3,
  Array: 4,
  Object: 5,
} as const;

export type TypeRank = (typeof TypeRank)[keyof typeof TypeRank];

export function typeRank(value: unknown): TypeRank {
  switch (typeof value) {
    case 'boolean':
      return TypeRank.Bool;
    case 'number':
      return TypeRank.Number;
    case 'string':
      return TypeRank.String;
    case 'object':
      if (value === null) {
        return TypeRank.Null;
      }
      return Array.isArray(value) ? TypeRank.Array : TypeRank.Object;
    default:
      return TypeRank.Null;
  }
}

/** Array.isArray without widening to `any[]`. */
export function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

export function isObject(value: unknown): value is AqlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** arangod's collator: upper case before lower case, ties broken by code points (identical strength). */
const collator = new Intl.Collator('en', { caseFirst: 'upper', numeric: false, usage: 'sort' });

export function compareStrings(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  const collated = collator.compare(a, b);
  if (collated !== 0) {
    return collated < 0 ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

/** AQL's total order: negative, zero or positive. */
export function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) {
    return rankA < rankB ? -1 : 1;
  }
  switch (rankA) {
    case TypeRank.Null:
      return 0;
    case TypeRank.Bool:
      return a === b ? 0 : a === false ? -1 : 1;
    case TypeRank.Number:
      return (a as number) === (b as number) ? 0 : (a as number) < (b as number) ? -1 : 1;
    case TypeRank.String:
      return compareStrings(a as string, b as string);
    case TypeRank.Array:
      return compareArrays(a as unknown[], b as unknown[]);
    default:
      return compareObjects(a as AqlObject, b as AqlObject);
  }
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const order = compareValues(i < a.length ? a[i] : null, i < b.length ? b[i] : null);
    if (order !== 0) {
      return order;
    }
  }
  return 0;
}

function compareObjects(a: AqlObject, b: AqlObject): number {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
  for (const name of names) {
    const order = compareValues(name in a ? a[name] : null, name in b ? b[name] : null);
    if (order !== 0) {
      return order;
    }
  }
  return 0;
}

/** AQL `==`: no type casts; fast paths for the common primitive cases. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  const type = typeof a;
  if (type !== 'object' && type === typeof b) {
    return false;
  }
  return compareValues(a, b) === 0;
}

/** AQL truthiness (TO_BOOL): null, false, 0 and "" are false; arrays and objects are true. */
export function isTruthy(value: unknown): boolean {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0;
    case 'string':
      return value.length > 0;
    case 'object':
      return value !== null;
    default:
      return false;
  }
}

const NUMERIC_STRING = /^[\s]*[-+]?(0[xX][0-9a-fA-F]+|([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?)[\s]*$/u;

/** A string's number as arangod reads it (std::stod, surrounding whitespace allowed), or undefined. */
export function parseNumericString(text: string): number | undefined {
  if (text.trim() === '') {
    return undefined;
  }
  if (!NUMERIC_STRING.test(text)) {
    return undefined;
  }
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const unsigned = trimmed.replace(/^[-+]/u, '');
  const value = /^0[xX]/u.test(unsigned) ? Number.parseInt(unsigned.slice(2), 16) : Number(unsigned);
  // std::stod reports out-of-range values as a failure.
  if (!Number.isFinite(value)) {
    return undefined;
  }
  return negative ? -value : value;
}

/** TO_NUMBER: the implicit cast of arithmetic operators. */
export function toNumber(value: unknown): number {
  switch (typeof value) {
    case 'number':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'string':
      return parseNumericString(value) ?? 0;
    case 'object':
      if (Array.isArray(value)) {
        if (value.length === 0) {
          return 0;
        }
        return value.length === 1 ? toNumber(value[0]) : 0;
      }
      return 0;
    default:
      return 0;
  }
}

/** A number as arangod prints it (shortest round-trip form, like JavaScript). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return 'null';
  }
  return Object.is(value, -0) ? '0' : String(value);
}

/** JSON as arangod's velocypack dumper writes it: no spaces, attributes in stored order. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => (typeof member === 'number' && !Number.isFinite(member) ? null : member)) ?? 'null';
}

/** TO_STRING: null is "", arrays and objects become JSON. */
export function toStringValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? '' : toJson(value);
    default:
      return '';
  }
}

/** TYPENAME. */
export function typeName(value: unknown): string {
  return ['null', 'bool', 'number', 'string', 'array', 'object'][typeRank(value)]!;
}

/** TO_ARRAY. */
export function toArray(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  if (value === null || value === undefined) {
    return [];
  }
  if (isObject(value)) {
    return Object.values(value);
  }
  return [value];
}

/** A number result as AQL returns it: NaN and infinities become null. */
export function numberOrNull(value: number): number | null {
  return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
}

/**
 * A string that is equal for exactly the values AQL considers equal, for hashing (DISTINCT,
 * COLLECT, UNIQUE): object attributes are sorted and null attributes of objects are kept, since
 * `{a: null}` and `{}` compare equal only through the missing-is-null rule, handled by `equalKey`.
 */
export function equalityKey(value: unknown): string {
  switch (typeRank(value)) {
    case TypeRank.Null:
      return 'n';
    case TypeRank.Bool:
      return value === true ? 't' : 'f';
    case TypeRank.Number:
      return `#${formatNumber(value as number)}`;
    case TypeRank.String:
      return `s${JSON.stringify(value)}`;
    case TypeRank.Array: {
      const members = (value as unknown[]).map(equalityKey);
      // Trailing nulls do not change equality ([1] == [1, null]).
      while (members.length > 0 && members[members.length - 1] === 'n') {
        members.pop();
      }
      return `[${members.join(',')}]`;
    }
    default: {
      const object = value as AqlObject;
      const names = Object.keys(object)
        .filter((name) => object[name] !== null && object[name] !== undefined)
        .sort();
      return `{${names.map((name) => `${JSON.stringify(name)}:${equalityKey(object[name])}`).join(',')}}`;
    }
  }
}

/** A deep copy of a JSON value (query results must not share objects with the store). */
export function cloneValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    return value === undefined ? null : value;
  }
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) {
      copy[i] = cloneValue(value[i]);
    }
    return copy;
  }
  const copy: AqlObject = {};
  for (const key in value) {
    if (Object.prototype.hasOwnProperty.call(value, key)) {
      setMember(copy, key, cloneValue((value as AqlObject)[key]));
    }
  }
  return copy;
}
