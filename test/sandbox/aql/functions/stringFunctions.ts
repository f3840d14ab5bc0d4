/**
 * String functions. Positions and lengths count characters (code points), as arangod's ICU-based
 * implementations do; non-string arguments are converted with TO_STRING's rules.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { isObject, isTruthy, toNumber, toStringValue } from '../values';
import { functionWarning, invalidArgument, toInteger, WarningCode, type AqlFunction, type FunctionContext } from './functionContext';
import { compileRegex, escapeRegex, likeRegex } from './patterns';

const DEFAULT_TRIM_CHARACTERS = ' \t\r\n';

function characters(value: unknown): string[] {
  return Array.from(toStringValue(value));
}

/** CONCAT's and CONCAT_SEPARATOR's members: one array argument stands for its members; nulls vanish. */
function concatMembers(args: readonly unknown[]): string[] {
  const members = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  return members.filter((member) => member !== null && member !== undefined).map(toStringValue);
}

function trimSet(chars: unknown): Set<string> {
  return new Set(Array.from(typeof chars === 'string' ? chars : DEFAULT_TRIM_CHARACTERS));
}

function trim(text: string, set: Set<string>, left: boolean, right: boolean): string {
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (left && start < end && set.has(chars[start]!)) {
    start += 1;
  }
  while (right && end > start && set.has(chars[end - 1]!)) {
    end -= 1;
  }
  return chars.slice(start, end).join('');
}

/** Index of `search` in `text` counted in code points, or -1. */
function codePointIndex(text: string, search: string, fromIndex: number, last: boolean): number {
  const units = last ? text.lastIndexOf(search) : text.indexOf(search, fromIndex);
  return units < 0 ? -1 : Array.from(text.slice(0, units)).length;
}

function findIn(args: readonly unknown[], last: boolean): number {
  const chars = characters(args[0]);
  const search = toStringValue(args[1]);
  const start = args[2] === undefined || args[2] === null ? 0 : Math.max(0, toInteger(toNumber(args[2])));
  const end = args[3] === undefined || args[3] === null ? chars.length : Math.min(chars.length, toInteger(toNumber(args[3])) + 1);
  if (search.length === 0 || start > end) {
    return search.length === 0 && start <= end ? start : -1;
  }
  const window = chars.slice(start, end).join('');
  const found = codePointIndex(window, search, 0, last);
  return found < 0 ? -1 : found + start;
}

function hash(algorithm: string): AqlFunction {
  return ([value]) => createHash(algorithm).update(toStringValue(value), 'utf8').digest('hex');
}

/** CRC-32C (Castagnoli), which arangod's CRC32() computes; printed as upper-case hex. */
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) {
      c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32c(text: string): string {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).toUpperCase();
}

function levenshtein(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_unused, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function regexOrWarn(context: FunctionContext, name: string, pattern: unknown, caseInsensitive: unknown, global = false): RegExp | null {
  const regex = compileRegex(toStringValue(pattern), isTruthy(caseInsensitive), global);
  if (regex === null) {
    functionWarning(context, name, WarningCode.INVALID_REGEX);
  }
  return regex;
}

function substitute(args: readonly unknown[]): string {
  const text = toStringValue(args[0]);
  const search = args[1];
  let pairs: [string, string][];
  let limit = Number.POSITIVE_INFINITY;
  if (isObject(search)) {
    pairs = Object.entries(search).map(([from, to]) => [from, toStringValue(to)]);
    if (args[2] !== undefined && args[2] !== null) {
      limit = toInteger(toNumber(args[2]));
    }
  } else {
    const froms = Array.isArray(search) ? search.map(toStringValue) : [toStringValue(search)];
    const replacement = args[2];
    const tos = Array.isArray(replacement) ? replacement.map(toStringValue) : froms.map(() => toStringValue(replacement ?? ''));
    pairs = froms.map((from, i) => [from, tos[i] ?? '']);
    if (args[3] !== undefined && args[3] !== null) {
      limit = toInteger(toNumber(args[3]));
    }
  }
  pairs = pairs.filter(([from]) => from.length > 0);
  if (pairs.length === 0 || limit <= 0) {
    return text;
  }
  const lookup = new Map(pairs);
  const regex = new RegExp(pairs.map(([from]) => escapeRegex(from)).join('|'), 'gu');
  let count = 0;
  return text.replace(regex, (match) => {
    count += 1;
    return count > limit ? match : (lookup.get(match) ?? match);
  });
}

function split(args: readonly unknown[]): unknown {
  const text = toStringValue(args[0]);
  const separator = args[1];
  let parts: string[];
  if (separator === undefined || separator === null) {
    parts = [text];
  } else if (Array.isArray(separator)) {
    const separators = separator.map(toStringValue).filter((s) => s.length > 0);
    parts = separators.length === 0 ? Array.from(text) : text.split(new RegExp(separators.map(escapeRegex).join('|'), 'u'));
  } else {
    const single = toStringValue(separator);
    parts = single.length === 0 ? Array.from(text) : text.split(single);
  }
  if (args[2] !== undefined && args[2] !== null) {
    const limit = toInteger(toNumber(args[2]));
    if (limit >= 0) {
      parts = parts.slice(0, limit);
    }
  }
  return parts;
}

export const STRING_FUNCTIONS: Readonly<Record<string, AqlFunction>> = {
  CONCAT: (args) => {
    if (args.length === 1 && Array.isArray(args[0])) {
      return concatMembers(args).join('');
    }
    let text = '';
    for (const arg of args) {
      if (arg !== null && arg !== undefined) {
        text += typeof arg === 'string' ? arg : toStringValue(arg);
      }
    }
    return text;
  },
  CONCAT_SEPARATOR: (args) => concatMembers(args.slice(1)).join(toStringValue(args[0])),
  CHAR_LENGTH: ([value]) => characters(value).length,
  LOWER: ([value]) => toStringValue(value).toLowerCase(),
  UPPER: ([value]) => toStringValue(value).toUpperCase(),
  SUBSTRING: (args) => {
    const chars = characters(args[0]);
    let offset = toInteger(toNumber(args[1]));
    if (offset < 0) {
      offset = Math.max(0, chars.length + offset);
    }
    let end = chars.length;
    if (args[2] !== undefined && args[2] !== null) {
      const length = toInteger(toNumber(args[2]));
      end = length < 0 ? chars.length + length : offset + length;
    }
    return end <= offset ? '' : chars.slice(offset, end).join('');
  },
  LEFT: ([value, count]) => characters(value).slice(0, Math.max(0, toInteger(toNumber(count)))).join(''),
  RIGHT: ([value, count]) => {
    const chars = characters(value);
    const n = Math.max(0, toInteger(toNumber(count)));
    return n === 0 ? '' : chars.slice(-n).join('');
  },
  TRIM: ([value, how]) => {
    const text = toStringValue(value);
    if (typeof how === 'number' || typeof how === 'boolean') {
      const type = toInteger(toNumber(how));
      return trim(text, trimSet(undefined), type !== 2, type !== 1);
    }
    return trim(text, trimSet(how), true, true);
  },
  LTRIM: ([value, chars]) => trim(toStringValue(value), trimSet(chars), true, false),
  RTRIM: ([value, chars]) => trim(toStringValue(value), trimSet(chars), false, true),
  CONTAINS: ([text, search, returnIndex]) => {
    const index = codePointIndex(toStringValue(text), toStringValue(search), 0, false);
    return isTruthy(returnIndex) ? index : index >= 0;
  },
  FIND_FIRST: (args) => findIn(args, false),
  FIND_LAST: (args) => findIn(args, true),
  SPLIT: (args) => split(args),
  SUBSTITUTE: (args) => substitute(args),
  LIKE: ([text, pattern, caseInsensitive]) => likeRegex(toStringValue(pattern), isTruthy(caseInsensitive)).test(toStringValue(text)),
  REGEX_TEST: ([text, pattern, caseInsensitive], context) => {
    const regex = regexOrWarn(context, 'REGEX_TEST', pattern, caseInsensitive);
    return regex === null ? null : regex.test(toStringValue(text));
  },
  REGEX_REPLACE: ([text, pattern, replacement, caseInsensitive], context) => {
    const regex = regexOrWarn(context, 'REGEX_REPLACE', pattern, caseInsensitive, true);
    return regex === null ? null : toStringValue(text).replace(regex, toStringValue(replacement));
  },
  REGEX_MATCHES: ([text, pattern, caseInsensitive], context) => {
    const regex = regexOrWarn(context, 'REGEX_MATCHES', pattern, caseInsensitive);
    if (regex === null) {
      return null;
    }
    const match = regex.exec(toStringValue(text));
    return match === null ? null : Array.from(match, (group) => group ?? '');
  },
  REGEX_SPLIT: ([text, pattern, caseInsensitive, limit], context) => {
    const regex = regexOrWarn(context, 'REGEX_SPLIT', pattern, caseInsensitive);
    if (regex === null) {
      return null;
    }
    const parts = toStringValue(text).split(regex).filter((part) => part !== undefined);
    return limit === undefined || limit === null ? parts : parts.slice(0, Math.max(0, toInteger(toNumber(limit))));
  },
  STARTS_WITH: ([text, prefixes, minMatchCount]) => {
    const value = toStringValue(text);
    if (!Array.isArray(prefixes)) {
      return value.startsWith(toStringValue(prefixes));
    }
    const needed = minMatchCount === undefined || minMatchCount === null ? 1 : toInteger(toNumber(minMatchCount));
    return prefixes.filter((prefix) => value.startsWith(toStringValue(prefix))).length >= needed;
  },
  REPEAT: ([value, count, separator]) => {
    const times = toInteger(toNumber(count));
    return times <= 0 ? '' : new Array<string>(times).fill(toStringValue(value)).join(separator === undefined || separator === null ? '' : toStringValue(separator));
  },
  MD5: hash('md5'),
  SHA1: hash('sha1'),
  SHA256: hash('sha256'),
  SHA512: hash('sha512'),
  CRC32: ([value]) => crc32c(toStringValue(value)),
  TO_BASE64: ([value]) => Buffer.from(toStringValue(value), 'utf8').toString('base64'),
  TO_HEX: ([value]) => Buffer.from(toStringValue(value), 'utf8').toString('hex'),
  ENCODE_URI_COMPONENT: ([value]) => encodeURIComponent(toStringValue(value)),
  LEVENSHTEIN_DISTANCE: ([a, b]) => levenshtein(characters(a), characters(b)),
  RANDOM_TOKEN: ([length], context) => {
    const n = toInteger(toNumber(length));
    if (n < 0 || n > 65536) {
      return invalidArgument(context, 'RANDOM_TOKEN');
    }
    let token = '';
    for (let i = 0; i < n; i += 1) {
      token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
    }
    return token;
  },
  UUID: () => randomUUID(),
};
