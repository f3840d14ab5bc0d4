/**
 * Document lookups, control functions and dates: DOCUMENT, COLLECTION_COUNT, FAIL, ASSERT, WARN,
 * NOT_NULL, PARSE_IDENTIFIER, DATE_NOW, DATE_ISO8601, DATE_TIMESTAMP, ...
 */
import { ArangoError, ErrorNum } from '../../errors';
import { AqlErrorNum, collectionNotFoundInQuery } from '../aqlErrors';
import { isObject, isTruthy, toNumber, toStringValue } from '../values';
import { functionWarning, invalidArgument, WarningCode, type AqlFunction, type FunctionContext } from './functionContext';

/** The version the sandbox reports (as `GET /_api/version`). */
export const SANDBOX_VERSION = '3.12.10';

function splitIdentifier(value: unknown): { collection: string; key: string } | undefined {
  const id = isObject(value) ? value['_id'] : value;
  if (typeof id !== 'string') {
    return undefined;
  }
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) {
    return undefined;
  }
  return { collection: id.slice(0, slash), key: id.slice(slash + 1) };
}

function lookup(context: FunctionContext, collection: string, key: string): unknown {
  return context.database.collection(collection)?.peek(key);
}

/** DOCUMENT(id), DOCUMENT([ids]), DOCUMENT(collection, key-or-id), DOCUMENT(collection, [keys]). */
function document(args: readonly unknown[], context: FunctionContext): unknown {
  if (args.length === 1) {
    const ids = args[0];
    if (Array.isArray(ids)) {
      return ids.map((id) => splitIdentifier(id)).flatMap((parts) => (parts === undefined ? [] : [lookup(context, parts.collection, parts.key)])).filter((doc) => doc !== undefined);
    }
    const parts = splitIdentifier(ids);
    return parts === undefined ? null : (lookup(context, parts.collection, parts.key) ?? null);
  }
  const collection = args[0];
  if (typeof collection !== 'string') {
    return null;
  }
  const keyOf = (value: unknown): string | undefined => {
    if (typeof value !== 'string') {
      return undefined;
    }
    const parts = splitIdentifier(value);
    if (parts === undefined) {
      return value;
    }
    return parts.collection === collection ? parts.key : undefined;
  };
  const keys = args[1];
  if (Array.isArray(keys)) {
    return keys.map(keyOf).flatMap((key) => (key === undefined ? [] : [lookup(context, collection, key)])).filter((doc) => doc !== undefined);
  }
  const key = keyOf(keys);
  return key === undefined ? null : (lookup(context, collection, key) ?? null);
}

const MAX_DATE = 253402300799999;
const MIN_DATE = -62167219200000;

/** A date argument as milliseconds since the epoch, or undefined when invalid (arangod's parseDateTime). */
function dateMilliseconds(args: readonly unknown[]): number | undefined {
  let milliseconds: number;
  if (args.length > 1) {
    const parts = args.map((part) => toNumber(part));
    milliseconds = Date.UTC(parts[0]!, (parts[1] ?? 1) - 1, parts[2] ?? 1, parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0, parts[6] ?? 0);
  } else if (typeof args[0] === 'number') {
    milliseconds = args[0];
  } else if (typeof args[0] === 'string' && /^\s*[+-]?\d{4,6}-\d\d(-\d\d)?([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?\s*(Z|[+-]\d\d:?\d\d)?\s*$/u.test(args[0])) {
    const text = args[0].trim().replace(' ', 'T');
    milliseconds = Date.parse(/[T]/u.test(text) && !/(Z|[+-]\d\d:?\d\d)$/u.test(text) ? `${text}Z` : text);
  } else {
    return undefined;
  }
  if (!Number.isFinite(milliseconds) || milliseconds > MAX_DATE || milliseconds < MIN_DATE) {
    return undefined;
  }
  return milliseconds;
}

function fail(args: readonly unknown[]): never {
  const message = typeof args[0] === 'string' ? args[0] : '';
  throw new ArangoError(400, AqlErrorNum.FAIL_CALLED, `FAIL(${message}) called`);
}

export const MISC_FUNCTIONS: Readonly<Record<string, AqlFunction>> = {
  DOCUMENT: (args, context) => document(args, context),
  COLLECTION_COUNT: ([name], context) => {
    const collection = typeof name === 'string' ? context.database.collection(name) : undefined;
    if (collection === undefined) {
      throw collectionNotFoundInQuery(toStringValue(name));
    }
    return collection.count();
  },
  COLLECTIONS: (_args, context) => context.database.collections().map((collection) => ({ _id: collection.id, name: collection.name })),
  CURRENT_DATABASE: (_args, context) => context.database.name,
  CURRENT_USER: () => null,
  VERSION: () => SANDBOX_VERSION,
  PASSTHRU: ([value]) => value,
  NOOPT: ([value]) => value,
  NOEVAL: ([value]) => value,
  NOT_NULL: (args) => args.find((value) => value !== null && value !== undefined) ?? null,
  FIRST_LIST: (args) => args.find((value) => Array.isArray(value)) ?? null,
  FIRST_DOCUMENT: (args) => args.find((value) => isObject(value)) ?? null,
  PARSE_IDENTIFIER: ([value], context) => {
    const parts = splitIdentifier(value);
    return parts === undefined ? invalidArgument(context, 'PARSE_IDENTIFIER') : { collection: parts.collection, key: parts.key };
  },
  PARSE_KEY: ([value], context) => splitIdentifier(value)?.key ?? invalidArgument(context, 'PARSE_KEY'),
  PARSE_COLLECTION: ([value], context) => splitIdentifier(value)?.collection ?? invalidArgument(context, 'PARSE_COLLECTION'),
  IS_SAME_COLLECTION: ([collection, value], context) => {
    const parts = splitIdentifier(value);
    return parts === undefined ? invalidArgument(context, 'IS_SAME_COLLECTION') : parts.collection === toStringValue(collection);
  },
  CHECK_DOCUMENT: ([value]) => isObject(value),
  FAIL: (args) => fail(args),
  ASSERT: ([condition, message]) => {
    if (!isTruthy(condition)) {
      throw new ArangoError(400, AqlErrorNum.USER_ASSERT, toStringValue(message));
    }
    return true;
  },
  WARN: ([condition, message], context) => {
    if (!isTruthy(condition)) {
      context.warn(AqlErrorNum.USER_WARN, toStringValue(message));
      return false;
    }
    return true;
  },
  DATE_NOW: () => Date.now(),
  DATE_TIMESTAMP: (args, context) => dateMilliseconds(args) ?? functionWarning(context, 'DATE_TIMESTAMP', WarningCode.INVALID_DATE_VALUE),
  DATE_ISO8601: (args, context) => {
    const milliseconds = dateMilliseconds(args);
    return milliseconds === undefined ? functionWarning(context, 'DATE_ISO8601', WarningCode.INVALID_DATE_VALUE) : new Date(milliseconds).toISOString();
  },
  /** SLEEP waits on a timer; the executor runs it, never this synchronous stand-in. */
  SLEEP: () => {
    throw new ArangoError(500, ErrorNum.FAILED, 'SLEEP must be run by the executor');
  },
};
