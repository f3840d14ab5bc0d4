/**
 * Object functions: HAS, ATTRIBUTES, VALUES, ENTRIES, MERGE, MERGE_RECURSIVE, MATCHES, UNSET,
 * KEEP (and their recursive forms), TRANSLATE, ZIP, VALUE, JSON_STRINGIFY, JSON_PARSE.
 */
import { setMember } from '../../data/jsonValues';
import { compareStrings, isObject, isTruthy, toJson, toNumber, toStringValue, valuesEqual, type AqlObject } from '../values';
import { invalidArgument, toInteger, type AqlFunction, type FunctionContext } from './functionContext';

/** Attribute names given as separate arguments or as arrays of names (UNSET, KEEP). */
function attributeNames(args: readonly unknown[]): Set<string> {
  const names = new Set<string>();
  for (const arg of args) {
    for (const name of Array.isArray(arg) ? arg : [arg]) {
      if (typeof name === 'string') {
        names.add(name);
      }
    }
  }
  return names;
}

function unset(object: AqlObject, names: Set<string>, recursive: boolean): AqlObject {
  const result: AqlObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (!names.has(key)) {
      setMember(result, key, recursive && isObject(value) ? unset(value, names, true) : value);
    }
  }
  return result;
}

function keep(object: AqlObject, names: Set<string>, recursive: boolean): AqlObject {
  const result: AqlObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (names.has(key)) {
      setMember(result, key, recursive && isObject(value) ? keep(value, names, true) : value);
    }
  }
  return result;
}

function mergeRecursive(target: AqlObject, source: AqlObject): AqlObject {
  const result: AqlObject = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const previous = result[key];
    setMember(result, key, isObject(previous) && isObject(value) ? mergeRecursive(previous, value) : value);
  }
  return result;
}

/** MERGE's operands: one array argument stands for its members; all must be objects. */
function mergeOperands(args: readonly unknown[], context: FunctionContext, name: string): AqlObject[] | null {
  const operands = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const objects: AqlObject[] = [];
  for (const operand of operands) {
    if (!isObject(operand)) {
      return invalidArgument(context, name);
    }
    objects.push(operand);
  }
  return objects;
}

function matchesExample(document: AqlObject, example: unknown): boolean {
  if (!isObject(example)) {
    return false;
  }
  return Object.entries(example).every(([key, value]) => valuesEqual(document[key] ?? null, value));
}

const SYSTEM_ATTRIBUTE = /^_/u;

export const DOCUMENT_FUNCTIONS: Readonly<Record<string, AqlFunction>> = {
  HAS: ([object, name]) => isObject(object) && Object.prototype.hasOwnProperty.call(object, toStringValue(name)),
  ATTRIBUTES: ([object, removeSystem, sort], context) => {
    if (!isObject(object)) {
      return invalidArgument(context, 'ATTRIBUTES');
    }
    let names = Object.keys(object);
    if (isTruthy(removeSystem)) {
      names = names.filter((name) => !SYSTEM_ATTRIBUTE.test(name));
    }
    return isTruthy(sort) ? names.sort(compareStrings) : names;
  },
  VALUES: ([object, removeSystem], context) => {
    if (!isObject(object)) {
      return invalidArgument(context, 'VALUES');
    }
    return Object.entries(object)
      .filter(([name]) => !isTruthy(removeSystem) || !SYSTEM_ATTRIBUTE.test(name))
      .map(([, value]) => value);
  },
  ENTRIES: ([object], context) => (isObject(object) ? Object.entries(object).map(([key, value]) => [key, value]) : invalidArgument(context, 'ENTRIES')),
  MERGE: (args, context) => {
    const objects = mergeOperands(args, context, 'MERGE');
    if (objects === null) {
      return null;
    }
    const merged: AqlObject = {};
    for (const object of objects) {
      for (const [key, value] of Object.entries(object)) {
        setMember(merged, key, value);
      }
    }
    return merged;
  },
  MERGE_RECURSIVE: (args, context) => {
    const objects = mergeOperands(args, context, 'MERGE_RECURSIVE');
    return objects === null ? null : objects.reduce<AqlObject>((merged, object) => mergeRecursive(merged, object), {});
  },
  MATCHES: ([document, examples, returnIndex], context) => {
    if (!isObject(document)) {
      return invalidArgument(context, 'MATCHES');
    }
    const list = Array.isArray(examples) ? examples : [examples];
    const index = list.findIndex((example) => matchesExample(document, example));
    return isTruthy(returnIndex) ? index : index >= 0;
  },
  UNSET: ([object, ...names], context) => (isObject(object) ? unset(object, attributeNames(names), false) : invalidArgument(context, 'UNSET')),
  UNSET_RECURSIVE: ([object, ...names], context) =>
    isObject(object) ? unset(object, attributeNames(names), true) : invalidArgument(context, 'UNSET_RECURSIVE'),
  KEEP: ([object, ...names], context) => (isObject(object) ? keep(object, attributeNames(names), false) : invalidArgument(context, 'KEEP')),
  KEEP_RECURSIVE: ([object, ...names], context) =>
    isObject(object) ? keep(object, attributeNames(names), true) : invalidArgument(context, 'KEEP_RECURSIVE'),
  TRANSLATE: ([value, lookup, fallback], context) => {
    if (!isObject(lookup)) {
      return invalidArgument(context, 'TRANSLATE');
    }
    const key = toStringValue(value);
    if (Object.prototype.hasOwnProperty.call(lookup, key)) {
      return lookup[key];
    }
    return fallback === undefined ? value : fallback;
  },
  ZIP: ([keys, values], context) => {
    if (!Array.isArray(keys) || !Array.isArray(values) || keys.length !== values.length) {
      return invalidArgument(context, 'ZIP');
    }
    const result: AqlObject = {};
    keys.forEach((key, i) => {
      const name = toStringValue(key);
      if (!(name in result)) {
        setMember(result, name, values[i]);
      }
    });
    return result;
  },
  VALUE: ([object, path], context) => {
    if (!isObject(object) || !Array.isArray(path)) {
      return invalidArgument(context, 'VALUE');
    }
    let current: unknown = object;
    for (const step of path) {
      if (typeof step === 'string' && isObject(current)) {
        current = current[step];
      } else if (typeof step === 'number' && Array.isArray(current)) {
        const index = toInteger(toNumber(step));
        current = current[index < 0 ? current.length + index : index];
      } else {
        return null;
      }
    }
    return current ?? null;
  },
  JSON_STRINGIFY: ([value]) => toJson(value ?? null),
  JSON_PARSE: ([text], context) => {
    if (typeof text !== 'string') {
      return invalidArgument(context, 'JSON_PARSE');
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return invalidArgument(context, 'JSON_PARSE');
    }
  },
};
