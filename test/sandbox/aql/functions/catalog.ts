/**
 * Every AQL function arangod 3.12 knows, with its argument signature as AqlFunctionFeature
 * declares it (`.` any argument, `h` collection name, `,` next argument, `|` start of the
 * optional ones, `+` any number more). The parser uses it for arangod's errors: an unknown name
 * is 1540, a wrong argument count 1541. Functions the sandbox does not implement are still
 * known, so calling them is "not implemented" (501) rather than "unknown".
 */

/** Most arguments a function with `+` in its signature takes (arangod's Function::maxArguments). */
export const MAX_ARGUMENTS = 65536;

const SIGNATURES: Readonly<Record<string, string>> = {
  // type checks and casts
  IS_NULL: '.',
  IS_BOOL: '.',
  IS_NUMBER: '.',
  IS_STRING: '.',
  IS_ARRAY: '.',
  IS_OBJECT: '.',
  IS_DATESTRING: '.',
  IS_IPV4: '.',
  IS_KEY: '.',
  TYPENAME: '.',
  TO_NUMBER: '.',
  TO_STRING: '.',
  TO_BOOL: '.',
  TO_ARRAY: '.',
  // strings
  CONCAT: '.|+',
  CONCAT_SEPARATOR: '.,.|+',
  CHAR_LENGTH: '.',
  LOWER: '.',
  UPPER: '.',
  SUBSTRING: '.,.|.',
  SUBSTRING_BYTES: '.,.|.,.,.',
  CONTAINS: '.,.|.',
  LIKE: '.,.|.',
  REGEX_MATCHES: '.,.|.',
  REGEX_SPLIT: '.,.|.,.',
  REGEX_TEST: '.,.|.',
  REGEX_REPLACE: '.,.,.|.',
  LEFT: '.,.',
  RIGHT: '.,.',
  TRIM: '.|.',
  LTRIM: '.|.',
  RTRIM: '.|.',
  FIND_FIRST: '.,.|.,.',
  FIND_LAST: '.,.|.,.',
  SPLIT: '.|.,.',
  SUBSTITUTE: '.,.|.,.',
  IPV4_TO_NUMBER: '.',
  IPV4_FROM_NUMBER: '.',
  MD5: '.',
  SHA1: '.',
  SHA256: '.',
  SHA512: '.',
  CRC32: '.',
  FNV64: '.',
  HASH: '.',
  TO_BASE64: '.',
  TO_HEX: '.',
  ENCODE_URI_COMPONENT: '.',
  SOUNDEX: '.',
  LEVENSHTEIN_DISTANCE: '.,.',
  LEVENSHTEIN_MATCH: '.,.,.|.,.,.',
  NGRAM_MATCH: '.,.|.,.',
  NGRAM_SIMILARITY: '.,.,.',
  NGRAM_POSITIONAL_SIMILARITY: '.,.,.',
  MINHASH_MATCH: '.,.,.|.',
  IN_RANGE: '.,.,.,.,.',
  RANDOM_TOKEN: '.',
  UUID: '',
  REPEAT: '.,.|.',
  STARTS_WITH: '.,.|.',
  // numbers
  FLOOR: '.',
  CEIL: '.',
  ROUND: '.',
  ABS: '.',
  SQRT: '.',
  POW: '.,.',
  LOG: '.',
  LOG2: '.',
  LOG10: '.',
  EXP: '.',
  EXP2: '.',
  SIN: '.',
  COS: '.',
  TAN: '.',
  ASIN: '.',
  ACOS: '.',
  ATAN: '.',
  ATAN2: '.,.',
  RADIANS: '.',
  DEGREES: '.',
  PI: '',
  BIT_AND: '.|.',
  BIT_OR: '.|.',
  BIT_XOR: '.|.',
  BIT_NEGATE: '.,.',
  BIT_TEST: '.,.',
  BIT_POPCOUNT: '.',
  BIT_SHIFT_LEFT: '.,.,.',
  BIT_SHIFT_RIGHT: '.,.,.',
  BIT_CONSTRUCT: '.',
  BIT_DECONSTRUCT: '.',
  BIT_TO_STRING: '.,.',
  BIT_FROM_STRING: '.',
  MINHASH_ERROR: '.',
  MINHASH_COUNT: '.',
  RAND: '',
  // arrays
  RANGE: '.,.|.',
  UNION: '.,.|+',
  UNION_DISTINCT: '.,.|+',
  MINUS: '.,.|+',
  OUTERSECTION: '.,.|+',
  INTERSECTION: '.,.|+',
  JACCARD: '.,.',
  FLATTEN: '.|.',
  LENGTH: '.',
  MIN: '.',
  MAX: '.',
  SUM: '.',
  MEDIAN: '.',
  PERCENTILE: '.,.|.',
  AVERAGE: '.',
  VARIANCE_SAMPLE: '.',
  VARIANCE_POPULATION: '.',
  STDDEV_SAMPLE: '.',
  STDDEV_POPULATION: '.',
  COUNT_DISTINCT: '.',
  PRODUCT: '.',
  UNIQUE: '.',
  SORTED_UNIQUE: '.',
  SORTED: '.',
  SLICE: '.,.|.',
  REVERSE: '.',
  FIRST: '.',
  LAST: '.',
  NTH: '.,.',
  POSITION: '.,.|.',
  PUSH: '.,.|.',
  APPEND: '.,.|.',
  POP: '.',
  SHIFT: '.',
  UNSHIFT: '.,.|.',
  REMOVE_VALUE: '.,.|.',
  REMOVE_VALUES: '.,.',
  REMOVE_NTH: '.,.',
  REPLACE_NTH: '.,.,.|.',
  INTERLEAVE: '.,.|+',
  DECAY_GAUSS: '.,.,.,.,.',
  DECAY_EXP: '.,.,.,.,.',
  DECAY_LINEAR: '.,.,.,.,.',
  MINHASH: '.,.',
  COSINE_SIMILARITY: '.,.',
  L1_DISTANCE: '.,.',
  L2_DISTANCE: '.,.',
  CALL: '.|.+',
  APPLY: '.|.',
  // documents
  HAS: '.,.',
  ATTRIBUTES: '.|.,.',
  VALUES: '.|.',
  VALUE: '.,.',
  ENTRIES: '.',
  MERGE: '.|+',
  MERGE_RECURSIVE: '.|+',
  MATCHES: '.,.|.',
  UNSET: '.,.|+',
  UNSET_RECURSIVE: '.,.|+',
  KEEP: '.,.|+',
  KEEP_RECURSIVE: '.,.|+',
  TRANSLATE: '.,.|.',
  ZIP: '.,.',
  JSON_STRINGIFY: '.',
  JSON_PARSE: '.',
  DOCUMENT: 'h.|.',
  // geo
  DISTANCE: '.,.,.,.',
  IS_IN_POLYGON: '.,.|.',
  GEO_DISTANCE: '.,.|.',
  GEO_CONTAINS: '.,.',
  GEO_INTERSECTS: '.,.',
  GEO_EQUALS: '.,.',
  GEO_AREA: '.|.',
  GEO_IN_RANGE: '.,.,.,.|.,.,.',
  GEO_POINT: '.,.',
  GEO_MULTIPOINT: '.',
  GEO_POLYGON: '.',
  GEO_MULTIPOLYGON: '.',
  GEO_LINESTRING: '.',
  GEO_MULTILINESTRING: '.',
  // dates
  DATE_TIMESTAMP: '.|.,.,.,.,.,.',
  DATE_ISO8601: '.|.,.,.,.,.,.',
  DATE_DAYOFWEEK: '.|.',
  DATE_YEAR: '.|.',
  DATE_MONTH: '.|.',
  DATE_DAY: '.|.',
  DATE_HOUR: '.|.',
  DATE_MINUTE: '.|.',
  DATE_SECOND: '.',
  DATE_MILLISECOND: '.',
  DATE_DAYOFYEAR: '.|.',
  DATE_ISOWEEK: '.|.',
  DATE_ISOWEEKYEAR: '.|.',
  DATE_LEAPYEAR: '.|.',
  DATE_QUARTER: '.|.',
  DATE_DAYS_IN_MONTH: '.|.',
  DATE_ADD: '.,.|.,.',
  DATE_SUBTRACT: '.,.|.,.',
  DATE_DIFF: '.,.,.|.',
  DATE_COMPARE: '.,.,.|.,.,.',
  DATE_FORMAT: '.,.|.',
  DATE_TRUNC: '.,.|.',
  DATE_UTCTOLOCAL: '.,.|.',
  DATE_LOCALTOUTC: '.,.|.',
  DATE_TIMEZONE: '',
  DATE_TIMEZONES: '',
  DATE_ROUND: '.,.,.|.',
  DATE_NOW: '',
  // miscellaneous
  PASSTHRU: '.',
  NOT_NULL: '.|+',
  FIRST_LIST: '.|+',
  FIRST_DOCUMENT: '.|+',
  PARSE_IDENTIFIER: '.',
  PARSE_KEY: '.',
  PARSE_COLLECTION: '.',
  IS_SAME_COLLECTION: '.h,.h',
  SHARD_ID: '.,.',
  DECODE_REV: '.',
  SCHEMA_GET: '.',
  SCHEMA_VALIDATE: '.,.',
  VERSION: '',
  FAIL: '|.',
  NOOPT: '.',
  NOEVAL: '.',
  SLEEP: '.',
  COLLECTIONS: '',
  CURRENT_USER: '',
  CURRENT_DATABASE: '',
  CHECK_DOCUMENT: '.',
  COLLECTION_COUNT: '.h',
  PREGEL_RESULT: '.|.',
  ASSERT: '.,.',
  WARN: '.,.',
  NEAR: '.h,.,.|.,.',
  WITHIN: '.h,.,.,.|.',
  WITHIN_RECTANGLE: 'h.,.,.,.,.',
  FULLTEXT: '.h,.,.|.',
  // ArangoSearch functions (only meaningful inside SEARCH)
  TOKENS: '.|.',
  ANALYZER: '.,.',
  BOOST: '.,.',
  EXISTS: '.|.,.',
  PHRASE: '.,.|+',
  MIN_MATCH: '.,.|+',
  BM25: '.|.,.',
  TFIDF: '.|.',
};

/** Aliases and the function they stand for (AqlFunctionFeature::addAlias). */
const ALIASES: Readonly<Record<string, string>> = {
  IS_LIST: 'IS_ARRAY',
  IS_DOCUMENT: 'IS_OBJECT',
  TO_LIST: 'TO_ARRAY',
  COUNT: 'LENGTH',
  AVG: 'AVERAGE',
  VARIANCE: 'VARIANCE_POPULATION',
  STDDEV: 'STDDEV_POPULATION',
  COUNT_UNIQUE: 'COUNT_DISTINCT',
  CONTAINS_ARRAY: 'POSITION',
  KEYS: 'ATTRIBUTES',
};

/** What the parser needs to know about a function. */
export interface FunctionSignature {
  /** Canonical name (an alias resolves to its original). */
  name: string;
  minArguments: number;
  maxArguments: number;
  /** Positions of arguments where a collection name is accepted (`h`). */
  collectionArguments: ReadonlySet<number>;
}

/** Minimum and maximum argument counts of a signature, as arangod's Function::initializeArguments. */
export function argumentCounts(signature: string): { minimum: number; maximum: number } {
  let minimum = 0;
  let maximum = 0;
  let optional = false;
  let found = false;
  for (const character of signature) {
    if (character === '|') {
      if (found) {
        minimum += 1;
        maximum += 1;
      }
      optional = true;
      found = false;
    } else if (character === ',') {
      if (!optional) {
        minimum += 1;
      }
      maximum += 1;
      found = false;
    } else if (character === '+') {
      return { minimum, maximum: MAX_ARGUMENTS };
    } else {
      found = true;
    }
  }
  if (found) {
    if (!optional) {
      minimum += 1;
    }
    maximum += 1;
  }
  return { minimum, maximum };
}

function collectionPositions(signature: string): Set<number> {
  const positions = new Set<number>();
  let position = 0;
  for (const character of signature) {
    if (character === ',' || character === '|') {
      position += 1;
    } else if (character === 'h') {
      positions.add(position);
    }
  }
  return positions;
}

/** The signature of a function by its upper-case name, or undefined when arangod has no such function. */
export function findFunction(upperCaseName: string): FunctionSignature | undefined {
  const name = ALIASES[upperCaseName] ?? upperCaseName;
  const signature = SIGNATURES[name];
  if (signature === undefined) {
    return undefined;
  }
  const { minimum, maximum } = argumentCounts(signature);
  return { name, minArguments: minimum, maxArguments: maximum, collectionArguments: collectionPositions(signature) };
}

/** Functions allowed in `COLLECT ... AGGREGATE` (arangod's Aggregator::isValid), by canonical name. */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'LENGTH',
  'MIN',
  'MAX',
  'SUM',
  'AVERAGE',
  'VARIANCE_POPULATION',
  'VARIANCE_SAMPLE',
  'STDDEV_POPULATION',
  'STDDEV_SAMPLE',
  'UNIQUE',
  'SORTED_UNIQUE',
  'COUNT_DISTINCT',
  'BIT_AND',
  'BIT_OR',
  'BIT_XOR',
  'PUSH',
  'MERGE',
]);
