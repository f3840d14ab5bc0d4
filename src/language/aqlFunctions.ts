/**
 * The built-in AQL functions of ArangoDB 3.12: parameters, return type, a one-line description in
 * our own words and the documentation page, for completion, hover and signature help.
 *
 * Names and pages follow ArangoDB's 3.12 documentation (`aql/functions/*`); argument counts agree
 * with arangod's own declarations as the sandbox mirrors them (`test/sandbox/aql/functions/catalog.ts`),
 * which a unit test checks. Signatures read `name: type`, `name?: type` for an optional
 * parameter and `...name: type` for one that repeats (at least once; `...name?:` zero or more).
 */

/** The documentation page a function is described on (the last part of its URL). */
export type AqlFunctionPage =
  | 'arangosearch'
  | 'array'
  | 'bit'
  | 'date'
  | 'document-object'
  | 'fulltext'
  | 'geo'
  | 'miscellaneous'
  | 'numeric'
  | 'string'
  | 'type-check-and-cast'
  | 'vector';

export interface AqlFunctionInfo {
  /** Upper-case name as arangod registers it. */
  readonly name: string;
  /** Parameters, e.g. `value: string, offset: number, length?: number`. */
  readonly signature: string;
  /** What it returns, e.g. `string`, `number|null`, `array`. */
  readonly returns: string;
  readonly description: string;
  readonly page: AqlFunctionPage;
  /** The documentation page and heading. */
  readonly link: string;
  /** For an alias, the function it stands for. */
  readonly aliasOf?: string;
}

export interface AqlParameter {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  readonly repeated: boolean;
}

/** Where every link points under. */
export const AQL_FUNCTIONS_DOCS = 'https://docs.arangodb.com/3.12/aql/functions/';

type Entry = readonly [name: string, signature: string, returns: string, description: string, aliasOf?: string];

// Headings that hold two functions get one anchor for both.
const SHARED_ANCHORS: Readonly<Record<string, string>> = {
  ASSERT: 'assert--warn',
  WARN: 'assert--warn',
  NOOPT: 'noopt--noeval',
  NOEVAL: 'noopt--noeval',
};

function onPage(page: AqlFunctionPage, entries: readonly Entry[]): AqlFunctionInfo[] {
  return entries.map(([name, signature, returns, description, aliasOf]) => ({
    name,
    signature,
    returns,
    description,
    page,
    link: `${AQL_FUNCTIONS_DOCS}${page}/#${SHARED_ANCHORS[name] ?? name.toLowerCase()}`,
    ...(aliasOf === undefined ? {} : { aliasOf }),
  }));
}

const TYPE_FUNCTIONS: readonly Entry[] = [
  ['TO_BOOL', 'value: any', 'bool', 'Turns any value into true or false by AQL truthiness rules.'],
  ['TO_NUMBER', 'value: any', 'number', 'Turns a value into a number; text that is not numeric gives 0.'],
  ['TO_STRING', 'value: any', 'string', 'Turns a value into text; arrays and objects become JSON.'],
  ['TO_ARRAY', 'value: any', 'array', 'Wraps a value in an array; an object gives its attribute values, null an empty array.'],
  ['TO_LIST', 'value: any', 'array', 'Same as TO_ARRAY().', 'TO_ARRAY'],
  ['IS_NULL', 'value: any', 'bool', 'Tells whether a value is null.'],
  ['IS_BOOL', 'value: any', 'bool', 'Tells whether a value is true or false.'],
  ['IS_NUMBER', 'value: any', 'bool', 'Tells whether a value is a number.'],
  ['IS_STRING', 'value: any', 'bool', 'Tells whether a value is a string.'],
  ['IS_ARRAY', 'value: any', 'bool', 'Tells whether a value is an array.'],
  ['IS_LIST', 'value: any', 'bool', 'Same as IS_ARRAY().', 'IS_ARRAY'],
  ['IS_OBJECT', 'value: any', 'bool', 'Tells whether a value is an object (a document).'],
  ['IS_DOCUMENT', 'value: any', 'bool', 'Same as IS_OBJECT().', 'IS_OBJECT'],
  ['IS_DATESTRING', 'value: any', 'bool', 'Tells whether a string is a date the date functions accept.'],
  ['IS_IPV4', 'value: any', 'bool', 'Tells whether a string is a dotted IPv4 address.'],
  ['IS_KEY', 'value: any', 'bool', 'Tells whether a string may serve as a document key.'],
  ['TYPENAME', 'value: any', 'string', 'Names the type of a value: null, bool, number, string, array or object.'],
];

const STRING_FUNCTIONS: readonly Entry[] = [
  ['CHAR_LENGTH', 'value: string', 'number', 'Counts the characters (not bytes) of a string.'],
  ['CONCAT', '...values: any', 'string', 'Joins values into one string, skipping nulls.'],
  ['CONCAT_SEPARATOR', 'separator: string, ...values: any', 'string', 'Joins values into one string with a separator between them.'],
  ['CONTAINS', 'text: string, search: string, returnIndex?: bool', 'bool|number', 'Tells whether text contains a substring, or where it starts.'],
  ['CRC32', 'text: string', 'string', 'Computes the CRC32 checksum of a string as hex.'],
  ['ENCODE_URI_COMPONENT', 'value: string', 'string', 'Percent-encodes a string for use inside a URI.'],
  ['FIND_FIRST', 'text: string, search: string, start?: number, end?: number', 'number', 'Finds the first position of a substring, or -1.'],
  ['FIND_LAST', 'text: string, search: string, start?: number, end?: number', 'number', 'Finds the last position of a substring, or -1.'],
  ['FNV64', 'text: string', 'string', 'Computes the FNV-1A 64-bit hash of a string as hex.'],
  ['IPV4_FROM_NUMBER', 'numericAddress: number', 'string|null', 'Writes a numeric IPv4 address in dotted form.'],
  ['IPV4_TO_NUMBER', 'stringAddress: string', 'number|null', 'Reads a dotted IPv4 address as a number.'],
  ['JSON_PARSE', 'text: string', 'any', 'Reads a JSON text into a value; invalid JSON gives null.'],
  ['JSON_STRINGIFY', 'value: any', 'string', 'Writes a value as JSON text.'],
  ['LEFT', 'value: string, n: number', 'string', 'Takes the first n characters of a string.'],
  ['LEVENSHTEIN_DISTANCE', 'value1: string, value2: string', 'number', 'Counts the edits that turn one string into another.'],
  ['LIKE', 'text: string, pattern: string, caseInsensitive?: bool', 'bool', 'Matches a string against a pattern with % and _ wildcards.'],
  ['LOWER', 'value: string', 'string', 'Lower-cases a string.'],
  ['LTRIM', 'value: string, chars?: string', 'string', 'Strips whitespace (or given characters) from the start of a string.'],
  ['MD5', 'text: string', 'string', 'Computes the MD5 digest of a string as hex.'],
  ['NGRAM_POSITIONAL_SIMILARITY', 'input: string, target: string, ngramSize: number', 'number', 'Scores how alike two strings are by n-grams, taking positions into account.'],
  ['NGRAM_SIMILARITY', 'input: string, target: string, ngramSize: number', 'number', 'Scores how alike two strings are by shared n-grams.'],
  ['RANDOM_TOKEN', 'length: number', 'string', 'Makes a random alphanumeric string of the given length.'],
  ['REGEX_MATCHES', 'text: string, regex: string, caseInsensitive?: bool', 'array|null', 'Returns the match and capture groups of a regular expression.'],
  ['REGEX_SPLIT', 'text: string, splitExpression: string, caseInsensitive?: bool, limit?: number', 'array', 'Splits a string where a regular expression matches.'],
  ['REGEX_TEST', 'text: string, search: string, caseInsensitive?: bool', 'bool', 'Tells whether a regular expression matches somewhere in a string.'],
  ['REGEX_REPLACE', 'text: string, search: string, replacement: string, caseInsensitive?: bool', 'string', 'Replaces every match of a regular expression.'],
  ['REPEAT', 'value: string, count: number, separator?: string', 'string', 'Repeats a string a number of times, optionally with a separator.'],
  ['REVERSE', 'value: string|array', 'string|array', 'Reverses the characters of a string or the elements of an array.'],
  ['RIGHT', 'value: string, n: number', 'string', 'Takes the last n characters of a string.'],
  ['RTRIM', 'value: string, chars?: string', 'string', 'Strips whitespace (or given characters) from the end of a string.'],
  ['SHA1', 'text: string', 'string', 'Computes the SHA-1 digest of a string as hex.'],
  ['SHA256', 'text: string', 'string', 'Computes the SHA-256 digest of a string as hex.'],
  ['SHA512', 'text: string', 'string', 'Computes the SHA-512 digest of a string as hex.'],
  ['SOUNDEX', 'value: string', 'string', 'Computes the Soundex code, which is alike for words that sound alike.'],
  ['SPLIT', 'value: string, separator?: string|array, limit?: number', 'array', 'Splits a string at a separator into an array of parts.'],
  ['STARTS_WITH', 'text: string, prefix: string|array, minMatchCount?: number', 'bool', 'Tells whether a string begins with a prefix (or enough of several).'],
  ['SUBSTITUTE', 'value: string, search: string|array|object, replace?: string|array, limit?: number', 'string', 'Replaces literal substrings, one or many at once.'],
  ['SUBSTRING', 'value: string, offset: number, length?: number', 'string', 'Cuts a part out of a string by character offset and length.'],
  ['SUBSTRING_BYTES', 'value: string, offset: number, length?: number, left?: number, right?: number', 'string|null', 'Cuts a part out of a string by UTF-8 byte offset, with optional context around it.'],
  ['TOKENS', 'input: string|array, analyzer?: string', 'array', 'Splits text into tokens the way an Analyzer does.'],
  ['TO_BASE64', 'value: string', 'string', 'Encodes a string in Base64.'],
  ['TO_HEX', 'value: string', 'string', 'Writes the bytes of a string as hex.'],
  ['TRIM', 'value: string, typeOrChars?: number|string', 'string', 'Strips whitespace (or given characters) from both ends of a string.'],
  ['UPPER', 'value: string', 'string', 'Upper-cases a string.'],
  ['UUID', '', 'string', 'Makes a new universally unique identifier.'],
];

const NUMERIC_FUNCTIONS: readonly Entry[] = [
  ['ABS', 'value: number', 'number', 'The absolute value of a number.'],
  ['ACOS', 'value: number', 'number|null', 'The arccosine of a number, in radians.'],
  ['ASIN', 'value: number', 'number|null', 'The arcsine of a number, in radians.'],
  ['ATAN', 'value: number', 'number', 'The arctangent of a number, in radians.'],
  ['ATAN2', 'y: number, x: number', 'number', 'The angle of the point (x, y), in radians.'],
  ['AVERAGE', 'numArray: array', 'number|null', 'The mean of the numbers in an array, nulls skipped.'],
  ['AVG', 'numArray: array', 'number|null', 'Same as AVERAGE().', 'AVERAGE'],
  ['CEIL', 'value: number', 'number', 'Rounds a number up to a whole number.'],
  ['COS', 'value: number', 'number', 'The cosine of an angle in radians.'],
  ['COSINE_SIMILARITY', 'x: array, y: array', 'number|array', 'The cosine of the angle between two vectors (or one against many).'],
  ['DECAY_EXP', 'value: number|array, origin: number, scale: number, offset: number, decay: number', 'number|array', 'Scores values by exponential decay away from an origin.'],
  ['DECAY_GAUSS', 'value: number|array, origin: number, scale: number, offset: number, decay: number', 'number|array', 'Scores values by Gaussian decay away from an origin.'],
  ['DECAY_LINEAR', 'value: number|array, origin: number, scale: number, offset: number, decay: number', 'number|array', 'Scores values by linear decay away from an origin.'],
  ['DEGREES', 'rad: number', 'number', 'Converts radians to degrees.'],
  ['EXP', 'value: number', 'number', 'Euler\'s number raised to a power.'],
  ['EXP2', 'value: number', 'number', '2 raised to a power.'],
  ['FLOOR', 'value: number', 'number', 'Rounds a number down to a whole number.'],
  ['L1_DISTANCE', 'x: array, y: array', 'number|array', 'The Manhattan distance between two vectors (or one against many).'],
  ['L2_DISTANCE', 'x: array, y: array', 'number|array', 'The Euclidean distance between two vectors (or one against many).'],
  ['LOG', 'value: number', 'number|null', 'The natural logarithm of a number.'],
  ['LOG2', 'value: number', 'number|null', 'The base-2 logarithm of a number.'],
  ['LOG10', 'value: number', 'number|null', 'The base-10 logarithm of a number.'],
  ['MAX', 'anyArray: array', 'any', 'The greatest element of an array, nulls skipped.'],
  ['MEDIAN', 'numArray: array', 'number|null', 'The middle value of the numbers in an array.'],
  ['MIN', 'anyArray: array', 'any', 'The smallest element of an array, nulls skipped.'],
  ['PERCENTILE', 'numArray: array, n: number, method?: string', 'number|null', 'The nth percentile of the numbers in an array ("rank" or "interpolation").'],
  ['PI', '', 'number', 'The number pi.'],
  ['POW', 'base: number, exp: number', 'number', 'Raises a number to a power.'],
  ['PRODUCT', 'numArray: array', 'number', 'Multiplies the numbers in an array.'],
  ['RADIANS', 'deg: number', 'number', 'Converts degrees to radians.'],
  ['RAND', '', 'number', 'A pseudo-random number from 0 up to (not including) 1.'],
  ['RANGE', 'start: number, stop: number, step?: number', 'array', 'Makes an array of numbers from start to stop.'],
  ['ROUND', 'value: number', 'number', 'Rounds a number to the nearest whole number.'],
  ['SIN', 'value: number', 'number', 'The sine of an angle in radians.'],
  ['SQRT', 'value: number', 'number', 'The square root of a number.'],
  ['STDDEV_POPULATION', 'numArray: array', 'number|null', 'The population standard deviation of the numbers in an array.'],
  ['STDDEV_SAMPLE', 'numArray: array', 'number|null', 'The sample standard deviation of the numbers in an array.'],
  ['STDDEV', 'numArray: array', 'number|null', 'Same as STDDEV_POPULATION().', 'STDDEV_POPULATION'],
  ['SUM', 'numArray: array', 'number', 'Adds up the numbers in an array.'],
  ['TAN', 'value: number', 'number', 'The tangent of an angle in radians.'],
  ['VARIANCE_POPULATION', 'numArray: array', 'number|null', 'The population variance of the numbers in an array.'],
  ['VARIANCE_SAMPLE', 'numArray: array', 'number|null', 'The sample variance of the numbers in an array.'],
  ['VARIANCE', 'numArray: array', 'number|null', 'Same as VARIANCE_POPULATION().', 'VARIANCE_POPULATION'],
];

const BIT_FUNCTIONS: readonly Entry[] = [
  ['BIT_AND', 'numbersOrFirst: array|number, second?: number', 'number|null', 'Bitwise AND of the numbers in an array, or of two numbers.'],
  ['BIT_CONSTRUCT', 'positions: array', 'number|null', 'Makes a number with the bits at the given positions set.'],
  ['BIT_DECONSTRUCT', 'number: number', 'array|null', 'Lists the positions of the bits set in a number.'],
  ['BIT_FROM_STRING', 'bitstring: string', 'number|null', 'Reads a string of 0s and 1s as a number.'],
  ['BIT_NEGATE', 'number: number, bits: number', 'number|null', 'Flips the lowest bits of a number.'],
  ['BIT_OR', 'numbersOrFirst: array|number, second?: number', 'number|null', 'Bitwise OR of the numbers in an array, or of two numbers.'],
  ['BIT_POPCOUNT', 'number: number', 'number|null', 'Counts the bits set in a number.'],
  ['BIT_SHIFT_LEFT', 'number: number, shift: number, bits: number', 'number|null', 'Shifts bits to the left within a width.'],
  ['BIT_SHIFT_RIGHT', 'number: number, shift: number, bits: number', 'number|null', 'Shifts bits to the right within a width.'],
  ['BIT_TEST', 'number: number, index: number', 'bool|null', 'Tells whether the bit at a position is set.'],
  ['BIT_TO_STRING', 'number: number, bits: number', 'string|null', 'Writes the lowest bits of a number as 0s and 1s.'],
  ['BIT_XOR', 'numbersOrFirst: array|number, second?: number', 'number|null', 'Bitwise XOR of the numbers in an array, or of two numbers.'],
];

const ARRAY_FUNCTIONS: readonly Entry[] = [
  ['APPEND', 'anyArray: array, values: any, unique?: bool', 'array', 'Adds one value or all elements of another array at the end.'],
  ['CONTAINS_ARRAY', 'anyArray: array, search: any, returnIndex?: bool', 'bool|number', 'Same as POSITION().', 'POSITION'],
  ['COUNT', 'value: any', 'number', 'Same as LENGTH().', 'LENGTH'],
  ['COUNT_DISTINCT', 'anyArray: array', 'number', 'Counts the different values in an array.'],
  ['COUNT_UNIQUE', 'anyArray: array', 'number', 'Same as COUNT_DISTINCT().', 'COUNT_DISTINCT'],
  ['FIRST', 'anyArray: array', 'any', 'The first element of an array, or null.'],
  ['FLATTEN', 'anyArray: array, depth?: number', 'array', 'Unnests arrays inside an array, one level or more.'],
  ['INTERLEAVE', 'array1: array, ...arrays: array', 'array', 'Takes elements from several arrays in turn.'],
  ['INTERSECTION', 'array1: array, ...arrays: array', 'array', 'The elements present in every given array.'],
  ['JACCARD', 'array1: array, array2: array', 'number', 'The Jaccard similarity of two arrays taken as sets.'],
  ['LAST', 'anyArray: array', 'any', 'The last element of an array, or null.'],
  ['LENGTH', 'value: any', 'number', 'The number of elements, attributes, characters or documents of a value.'],
  ['MINUS', 'array1: array, ...arrays: array', 'array', 'The elements of the first array found in none of the others.'],
  ['NTH', 'anyArray: array, position: number', 'any', 'The element at a position (0-based), or null.'],
  ['OUTERSECTION', 'array1: array, ...arrays: array', 'array', 'The elements found in exactly one of the given arrays.'],
  ['POP', 'anyArray: array', 'array', 'An array without its last element.'],
  ['POSITION', 'anyArray: array, search: any, returnIndex?: bool', 'bool|number', 'Tells whether an array holds a value, or at which position.'],
  ['PUSH', 'anyArray: array, value: any, unique?: bool', 'array', 'Adds a value at the end of an array.'],
  ['REMOVE_NTH', 'anyArray: array, position: number', 'array', 'An array without the element at a position.'],
  ['REMOVE_VALUE', 'anyArray: array, value: any, limit?: number', 'array', 'An array without the occurrences of a value.'],
  ['REMOVE_VALUES', 'anyArray: array, values: array', 'array', 'An array without any of the given values.'],
  ['REPLACE_NTH', 'anyArray: array, position: number, replaceValue: any, defaultPaddingValue?: any', 'array', 'Replaces the element at a position, padding the array if needed.'],
  ['SHIFT', 'anyArray: array', 'array', 'An array without its first element.'],
  ['SLICE', 'anyArray: array, start: number, length?: number', 'array', 'Takes a part of an array by start and length.'],
  ['SORTED', 'anyArray: array', 'array', 'The elements of an array in AQL sort order.'],
  ['SORTED_UNIQUE', 'anyArray: array', 'array', 'The different elements of an array, sorted.'],
  ['UNION', 'array1: array, ...arrays: array', 'array', 'All elements of several arrays in one, duplicates kept.'],
  ['UNION_DISTINCT', 'array1: array, ...arrays: array', 'array', 'All elements of several arrays in one, each once.'],
  ['UNIQUE', 'anyArray: array', 'array', 'The different elements of an array.'],
  ['UNSHIFT', 'anyArray: array, value: any, unique?: bool', 'array', 'Adds a value at the start of an array.'],
];

const DOCUMENT_FUNCTIONS: readonly Entry[] = [
  ['ATTRIBUTES', 'document: object, removeSystemAttrs?: bool, sort?: bool', 'array', 'The attribute names of an object.'],
  ['ENTRIES', 'document: object', 'array', 'The [name, value] pairs of an object.'],
  ['HAS', 'document: object, attributeName: string', 'bool', 'Tells whether an object has an attribute (even one that is null).'],
  ['IS_SAME_COLLECTION', 'collectionName: string, documentIdentifier: string|object', 'bool', 'Tells whether a document id belongs to a collection.'],
  ['KEEP', 'document: object, ...attributeNames: string|array', 'object', 'An object with only the given top-level attributes.'],
  ['KEEP_RECURSIVE', 'document: object, ...attributeNames: string|array', 'object', 'An object with only the given attributes, at every depth.'],
  ['KEYS', 'document: object, removeSystemAttrs?: bool, sort?: bool', 'array', 'Same as ATTRIBUTES().', 'ATTRIBUTES'],
  ['MATCHES', 'document: object, examples: object|array, returnIndex?: bool', 'bool|number', 'Tells whether an object matches an example (or which of several).'],
  ['MERGE', '...documents: object|array', 'object', 'Merges objects; later attributes win.'],
  ['MERGE_RECURSIVE', '...documents: object|array', 'object', 'Merges objects at every depth; later attributes win.'],
  ['PARSE_COLLECTION', 'documentIdentifier: string|object', 'string|null', 'The collection part of a document id.'],
  ['PARSE_IDENTIFIER', 'documentIdentifier: string|object', 'object', 'Splits a document id into collection and key.'],
  ['PARSE_KEY', 'documentIdentifier: string|object', 'string|null', 'The key part of a document id.'],
  ['TRANSLATE', 'value: any, lookupDocument: object, defaultValue?: any', 'any', 'Looks a value up in an object, with a fallback.'],
  ['UNSET', 'document: object, ...attributeNames: string|array', 'object', 'An object without the given top-level attributes.'],
  ['UNSET_RECURSIVE', 'document: object, ...attributeNames: string|array', 'object', 'An object without the given attributes, at every depth.'],
  ['VALUE', 'document: object, path: array', 'any', 'The value at a path of attribute names and array positions.'],
  ['VALUES', 'document: object, removeSystemAttrs?: bool', 'array', 'The attribute values of an object.'],
  ['ZIP', 'keys: array, values: array', 'object', 'Makes an object from an array of names and an array of values.'],
];

const DATE_FUNCTIONS: readonly Entry[] = [
  ['DATE_NOW', '', 'number', 'The current time as a Unix timestamp in milliseconds.'],
  ['DATE_ISO8601', 'dateOrYear: number|string, month?: number, day?: number, hour?: number, minute?: number, second?: number, millisecond?: number', 'string', 'A date (or its parts) as an ISO 8601 string in UTC.'],
  ['DATE_TIMESTAMP', 'dateOrYear: number|string, month?: number, day?: number, hour?: number, minute?: number, second?: number, millisecond?: number', 'number', 'A date (or its parts) as a Unix timestamp in milliseconds.'],
  ['DATE_DAYOFWEEK', 'date: number|string, timezone?: string', 'number', 'The weekday of a date, 0 for Sunday.'],
  ['DATE_YEAR', 'date: number|string, timezone?: string', 'number', 'The year of a date.'],
  ['DATE_MONTH', 'date: number|string, timezone?: string', 'number', 'The month of a date, 1 to 12.'],
  ['DATE_DAY', 'date: number|string, timezone?: string', 'number', 'The day of the month of a date.'],
  ['DATE_HOUR', 'date: number|string, timezone?: string', 'number', 'The hour of a date.'],
  ['DATE_MINUTE', 'date: number|string, timezone?: string', 'number', 'The minute of a date.'],
  ['DATE_SECOND', 'date: number|string', 'number', 'The second of a date.'],
  ['DATE_MILLISECOND', 'date: number|string', 'number', 'The millisecond of a date.'],
  ['DATE_DAYOFYEAR', 'date: number|string, timezone?: string', 'number', 'The day of the year of a date, 1 to 366.'],
  ['DATE_ISOWEEK', 'date: number|string, timezone?: string', 'number', 'The ISO 8601 week number of a date.'],
  ['DATE_ISOWEEKYEAR', 'date: number|string, timezone?: string', 'object', 'The ISO week number together with its week-based year.'],
  ['DATE_LEAPYEAR', 'date: number|string, timezone?: string', 'bool', 'Tells whether a date falls in a leap year.'],
  ['DATE_QUARTER', 'date: number|string, timezone?: string', 'number', 'The quarter of the year of a date, 1 to 4.'],
  ['DATE_DAYS_IN_MONTH', 'date: number|string, timezone?: string', 'number', 'How many days the month of a date has.'],
  ['DATE_TRUNC', 'date: number|string, unit: string, timezone?: string', 'string', 'Cuts a date down to a unit (year, month, day, ...).'],
  ['DATE_ROUND', 'date: number|string, amount: number, unit: string, timezone?: string', 'string', 'Rounds a date down to a multiple of a duration.'],
  ['DATE_FORMAT', 'date: number|string, format: string, timezone?: string', 'string', 'Writes a date with %-placeholders such as %yyyy-%mm-%dd.'],
  ['DATE_ADD', 'date: number|string, amountOrDuration: number|string, unit?: string, timezone?: string', 'string', 'Adds an amount of a unit, or an ISO duration, to a date.'],
  ['DATE_SUBTRACT', 'date: number|string, amountOrDuration: number|string, unit?: string, timezone?: string', 'string', 'Subtracts an amount of a unit, or an ISO duration, from a date.'],
  ['DATE_DIFF', 'date1: number|string, date2: number|string, unit: string, asFloat?: bool', 'number', 'The difference between two dates in a unit.'],
  ['DATE_COMPARE', 'date1: number|string, date2: number|string, unitRangeStart: string, unitRangeEnd?: string, timezone1?: string, timezone2?: string', 'bool|null', 'Tells whether two dates agree in a range of units.'],
  ['DATE_UTCTOLOCAL', 'date: number|string, timezone: string, zoneInfo?: bool', 'string|object', 'Converts a UTC date to local time in a time zone.'],
  ['DATE_LOCALTOUTC', 'date: number|string, timezone: string, zoneInfo?: bool', 'string|object', 'Converts a local time in a time zone to UTC.'],
  ['DATE_TIMEZONE', '', 'string', 'The time zone the server runs in.'],
  ['DATE_TIMEZONES', '', 'array', 'Every time zone name the server knows.'],
];

const GEO_FUNCTIONS: readonly Entry[] = [
  ['DISTANCE', 'latitude1: number, longitude1: number, latitude2: number, longitude2: number', 'number', 'The distance in meters between two coordinates.'],
  ['GEO_AREA', 'geoJson: object, ellipsoid?: string', 'number', 'The area of a GeoJSON polygon in square meters.'],
  ['GEO_CONTAINS', 'geoJsonA: object|array, geoJsonB: object|array', 'bool', 'Tells whether one shape fully contains another.'],
  ['GEO_DISTANCE', 'geoJsonA: object|array, geoJsonB: object|array, ellipsoid?: string', 'number', 'The distance in meters between the centres of two shapes.'],
  ['GEO_EQUALS', 'geoJsonA: object, geoJsonB: object', 'bool', 'Tells whether two shapes are the same.'],
  ['GEO_IN_RANGE', 'geoJsonA: object|array, geoJsonB: object|array, low: number, high: number, includeLow?: bool, includeHigh?: bool, ellipsoid?: string', 'bool', 'Tells whether the distance between two shapes lies in a range.'],
  ['GEO_INTERSECTS', 'geoJsonA: object|array, geoJsonB: object|array', 'bool', 'Tells whether two shapes overlap.'],
  ['GEO_LINESTRING', 'points: array', 'object', 'Makes a GeoJSON LineString from [longitude, latitude] pairs.'],
  ['GEO_MULTILINESTRING', 'lines: array', 'object', 'Makes a GeoJSON MultiLineString.'],
  ['GEO_MULTIPOINT', 'points: array', 'object', 'Makes a GeoJSON MultiPoint.'],
  ['GEO_MULTIPOLYGON', 'polygons: array', 'object', 'Makes a GeoJSON MultiPolygon.'],
  ['GEO_POINT', 'longitude: number, latitude: number', 'object', 'Makes a GeoJSON Point.'],
  ['GEO_POLYGON', 'points: array', 'object', 'Makes a GeoJSON Polygon from one or more rings.'],
  ['IS_IN_POLYGON', 'polygon: array, latitudeOrPoint: number|array, longitude?: number', 'bool', 'Tells whether a coordinate lies inside a polygon (older form of GEO_CONTAINS).'],
  ['NEAR', 'collection: collection, latitude: number, longitude: number, limit?: number, distanceName?: string', 'array', 'Documents closest to a coordinate via a geo index (deprecated).'],
  ['WITHIN', 'collection: collection, latitude: number, longitude: number, radius: number, distanceName?: string', 'array', 'Documents within a radius via a geo index (deprecated).'],
  ['WITHIN_RECTANGLE', 'collection: collection, latitude1: number, longitude1: number, latitude2: number, longitude2: number', 'array', 'Documents inside a rectangle via a geo index (deprecated).'],
];

const FULLTEXT_FUNCTIONS: readonly Entry[] = [
  ['FULLTEXT', 'collection: collection, attribute: string, search: string, limit?: number', 'array', 'Documents whose attribute matches a fulltext query via a fulltext index (deprecated).'],
];

const SEARCH_FUNCTIONS: readonly Entry[] = [
  ['ANALYZER', 'expr: expression, analyzer: string', 'any', 'Sets the Analyzer for the search expression inside it.'],
  ['BM25', 'doc: object, k?: number, b?: number', 'number', 'Scores a search match with the BM25 ranking.'],
  ['BOOST', 'expr: expression, boost: number', 'any', 'Weights a part of a search expression for scoring.'],
  ['EXISTS', 'path: attribute, type?: string, typeArgument?: string', 'bool', 'Matches documents that have an attribute (of a type, or indexed with an Analyzer).'],
  ['IN_RANGE', 'path: any, low: any, high: any, includeLow: bool, includeHigh: bool', 'bool', 'Tells whether a value lies between two bounds.'],
  ['LEVENSHTEIN_MATCH', 'path: attribute, target: string, distance: number, transpositions?: bool, maxTerms?: number, prefix?: string', 'bool', 'Matches values within an edit distance of a target.'],
  ['MINHASH_MATCH', 'path: attribute, target: string, threshold: number, analyzer?: string', 'bool', 'Matches values whose MinHash similarity to a target reaches a threshold.'],
  ['MIN_MATCH', '...expressions: expression, minMatchCount: number', 'bool', 'Tells whether at least a number of the given conditions hold.'],
  ['NGRAM_MATCH', 'path: attribute, target: string, threshold?: number, analyzer?: string', 'bool', 'Matches values sharing enough n-grams with a target.'],
  ['OFFSET_INFO', 'doc: object, paths: string|array', 'array', 'Where search terms matched in the given attributes.'],
  ['PHRASE', 'path: attribute, ...phraseParts: string|array|number', 'bool', 'Matches a sequence of tokens, optionally with gaps.'],
  ['TFIDF', 'doc: object, normalize?: bool', 'number', 'Scores a search match with TF-IDF ranking.'],
];

const VECTOR_FUNCTIONS: readonly Entry[] = [
  ['APPROX_NEAR_COSINE', 'vector1: array, vector2: array, options?: object', 'number', 'Approximate cosine similarity via a vector index; sort descending.'],
  ['APPROX_NEAR_INNER_PRODUCT', 'vector1: array, vector2: array, options?: object', 'number', 'Approximate inner product via a vector index; sort descending (3.12.6+).'],
  ['APPROX_NEAR_L2', 'vector1: array, vector2: array, options?: object', 'number', 'Approximate Euclidean distance via a vector index; sort ascending.'],
];

const MISCELLANEOUS_FUNCTIONS: readonly Entry[] = [
  ['APPLY', 'functionName: string, arguments?: array', 'any', 'Calls a function by name with an array of arguments.'],
  ['ASSERT', 'expr: bool, message: string', 'bool', 'Fails the query with a message when a condition is false.'],
  ['CALL', 'functionName: string, ...arguments?: any', 'any', 'Calls a function by name with the arguments that follow.'],
  ['CHECK_DOCUMENT', 'document: any', 'bool', 'Tells whether a stored document is free of duplicate attribute names.'],
  ['COLLECTION_COUNT', 'collection: collection', 'number', 'The number of documents in a collection.'],
  ['COLLECTIONS', '', 'array', 'The name and id of every collection of the database.'],
  ['CURRENT_DATABASE', '', 'string', 'The name of the database the query runs in.'],
  ['CURRENT_USER', '', 'string|null', 'The user running the query, when authentication is on.'],
  ['DECODE_REV', 'revision: string', 'object|null', 'Splits a _rev value into its date and counter.'],
  ['DOCUMENT', 'collectionOrId: collection|string|array, id?: string|array', 'object|array|null', 'Looks documents up by id, or by collection and key.'],
  ['FAIL', 'reason?: string', 'none', 'Aborts the query with a message.'],
  ['FIRST_DOCUMENT', '...alternatives: any', 'object|null', 'The first argument that is an object.'],
  ['FIRST_LIST', '...alternatives: any', 'array|null', 'The first argument that is an array.'],
  ['HASH', 'value: any', 'number', 'A number hashed from any value.'],
  ['MINHASH', 'values: array, numHashes: number', 'array', 'The MinHash signature of a set of values.'],
  ['MINHASH_COUNT', 'error: number', 'number', 'How many hashes a MinHash signature needs for an error bound.'],
  ['MINHASH_ERROR', 'numHashes: number', 'number', 'The error to expect from a MinHash signature of a size.'],
  ['NOEVAL', 'value: any', 'any', 'Returns its argument but keeps it from being evaluated at compile time.'],
  ['NOOPT', 'value: any', 'any', 'Returns its argument but keeps the optimizer away from it.'],
  ['NOT_NULL', '...alternatives: any', 'any', 'The first argument that is not null.'],
  ['PASSTHRU', 'value: any', 'any', 'Returns its argument unchanged.'],
  ['PREGEL_RESULT', 'jobId: string, withId?: bool', 'array', 'Reads the result of a Pregel job; Pregel left 3.12, so it finds nothing there.'],
  ['SCHEMA_GET', 'collection: string', 'object|null', 'The document schema of a collection.'],
  ['SCHEMA_VALIDATE', 'doc: object, schema: object', 'object|null', 'Checks a document against a schema and says why it fails.'],
  ['SHARD_ID', 'collection: string, shardKeys: object', 'string', 'The shard that holds documents with the given shard key values.'],
  ['SLEEP', 'seconds: number', 'null', 'Waits for a number of seconds.'],
  ['V8', 'expression: any', 'any', 'Evaluates its argument with the JavaScript engine (for testing).'],
  ['VERSION', '', 'string', 'The server\'s version number.'],
  ['WARN', 'expr: bool, message: string', 'bool', 'Adds a warning and gives false when a condition is false.'],
];

/** Every built-in function, in documentation page order, each name once. */
export const AQL_FUNCTIONS: readonly AqlFunctionInfo[] = [
  ...onPage('arangosearch', SEARCH_FUNCTIONS),
  ...onPage('array', ARRAY_FUNCTIONS),
  ...onPage('bit', BIT_FUNCTIONS),
  ...onPage('date', DATE_FUNCTIONS),
  ...onPage('document-object', DOCUMENT_FUNCTIONS),
  ...onPage('fulltext', FULLTEXT_FUNCTIONS),
  ...onPage('geo', GEO_FUNCTIONS),
  ...onPage('miscellaneous', MISCELLANEOUS_FUNCTIONS),
  ...onPage('numeric', NUMERIC_FUNCTIONS),
  ...onPage('string', STRING_FUNCTIONS),
  ...onPage('type-check-and-cast', TYPE_FUNCTIONS),
  ...onPage('vector', VECTOR_FUNCTIONS),
];

const BY_NAME: ReadonlyMap<string, AqlFunctionInfo> = new Map(AQL_FUNCTIONS.map((fn) => [fn.name, fn]));

/** A function by name, in any case (AQL function names are case-insensitive). */
export function findAqlFunction(name: string): AqlFunctionInfo | undefined {
  return BY_NAME.get(name.toUpperCase());
}

const PARAMETER = /^(\.\.\.)?([A-Za-z][A-Za-z0-9]*)(\?)?: ([a-z]+(?:\|[a-z]+)*)$/;

/**
 * Reads a signature into its parameters; throws on a signature that does not follow the form
 * (`name: type`, `name?: type`, `...name: type`), so a typo in the catalogue fails its test.
 *
 * @example
 * parseSignature('value: string, length?: number');
 * // [{ name: 'value', type: 'string', optional: false, repeated: false }, { name: 'length', ..., optional: true }]
 */
export function parseSignature(signature: string): AqlParameter[] {
  if (signature.trim() === '') return [];
  return signature.split(', ').map((part) => {
    const match = PARAMETER.exec(part);
    if (match === null) throw new Error(`Cannot read the parameter "${part}" of the signature "${signature}".`);
    return { name: match[2] ?? '', type: match[4] ?? '', optional: match[3] === '?', repeated: match[1] === '...' };
  });
}

/** The fewest and most arguments a signature takes (`Infinity` with a repeated parameter). */
export function argumentRange(parameters: readonly AqlParameter[]): { minimum: number; maximum: number } {
  const minimum = parameters.filter((p) => !p.optional).length;
  return { minimum, maximum: parameters.some((p) => p.repeated) ? Infinity : parameters.length };
}

/** The parameter an argument index falls on (the repeated one covers every index past it). */
export function parameterAt(parameters: readonly AqlParameter[], argumentIndex: number): AqlParameter | undefined {
  const repeated = parameters.findIndex((p) => p.repeated);
  // Past a repeated parameter followed by fixed ones (MIN_MATCH), typing cannot tell which is meant: keep the repeated one.
  return repeated < 0 || argumentIndex <= repeated ? parameters[argumentIndex] : parameters[repeated];
}

/** `NAME(a: t, b?: t) → returns`, as signature help shows it. */
export function formatSignature(fn: AqlFunctionInfo): string {
  return `${fn.name}(${fn.signature}) → ${fn.returns}`;
}
