/**
 * Which RETURN values must be copied before they leave the interpreter. A query's result must
 * not share objects with the store (or with other rows), but copying a million freshly built
 * `{i, s}` objects costs as much as building them. An expression whose value is a primitive,
 * or a container built anew for every row from such values, needs no copy.
 */
import type { Expression } from './ast';

/** Functions whose result is always a primitive (string, number, boolean or null). */
const PRIMITIVE_RESULTS: ReadonlySet<string> = new Set([
  'IS_NULL', 'IS_BOOL', 'IS_NUMBER', 'IS_STRING', 'IS_ARRAY', 'IS_OBJECT', 'IS_KEY', 'TYPENAME',
  'TO_NUMBER', 'TO_STRING', 'TO_BOOL',
  'CONCAT', 'CONCAT_SEPARATOR', 'CHAR_LENGTH', 'LOWER', 'UPPER', 'SUBSTRING', 'LEFT', 'RIGHT', 'TRIM', 'LTRIM', 'RTRIM',
  'CONTAINS', 'FIND_FIRST', 'FIND_LAST', 'SUBSTITUTE', 'LIKE', 'REGEX_TEST', 'REGEX_REPLACE', 'STARTS_WITH', 'REPEAT',
  'MD5', 'SHA1', 'SHA256', 'SHA512', 'CRC32', 'TO_BASE64', 'TO_HEX', 'ENCODE_URI_COMPONENT', 'LEVENSHTEIN_DISTANCE',
  'RANDOM_TOKEN', 'UUID',
  'FLOOR', 'CEIL', 'ROUND', 'ABS', 'SQRT', 'POW', 'LOG', 'LOG2', 'LOG10', 'EXP', 'EXP2', 'SIN', 'COS', 'TAN', 'ASIN',
  'ACOS', 'ATAN', 'ATAN2', 'RADIANS', 'DEGREES', 'PI', 'RAND',
  'LENGTH', 'SUM', 'AVERAGE', 'PRODUCT', 'MEDIAN', 'PERCENTILE', 'VARIANCE_POPULATION', 'VARIANCE_SAMPLE',
  'STDDEV_POPULATION', 'STDDEV_SAMPLE', 'COUNT_DISTINCT', 'POSITION', 'JACCARD', 'HAS', 'JSON_STRINGIFY',
  'DATE_NOW', 'DATE_ISO8601', 'DATE_TIMESTAMP', 'COLLECTION_COUNT', 'CURRENT_DATABASE', 'CURRENT_USER', 'VERSION',
  'PARSE_KEY', 'PARSE_COLLECTION', 'IS_SAME_COLLECTION', 'CHECK_DOCUMENT', 'ASSERT', 'WARN', 'SLEEP',
]);

/** Whether an expression always yields a primitive (never an array or object). */
export function yieldsPrimitive(expression: Expression, primitiveVariables: ReadonlySet<number>): boolean {
  switch (expression.kind) {
    case 'value':
      return typeof expression.value !== 'object' || expression.value === null;
    case 'reference':
      return primitiveVariables.has(expression.variable.id);
    case 'unary':
    case 'binary':
    case 'arrayComparison':
      return true;
    case 'call':
      return PRIMITIVE_RESULTS.has(expression.name);
    case 'logical':
      return yieldsPrimitive(expression.left, primitiveVariables) && yieldsPrimitive(expression.right, primitiveVariables);
    case 'ternary':
      return (
        (expression.whenTrue === undefined ? yieldsPrimitive(expression.condition, primitiveVariables) : yieldsPrimitive(expression.whenTrue, primitiveVariables)) &&
        yieldsPrimitive(expression.whenFalse, primitiveVariables)
      );
    default:
      return false;
  }
}

/**
 * Whether the value of `expression` may share objects with the store or with other rows: false
 * for primitives and for array and object literals built per row from primitives (constant
 * literals are built once and shared, so they count as sharing).
 */
export function mayShareObjects(expression: Expression, primitiveVariables: ReadonlySet<number>): boolean {
  if (yieldsPrimitive(expression, primitiveVariables)) {
    return false;
  }
  switch (expression.kind) {
    case 'array':
      return !expression.elements.some((element) => element.kind === 'reference') || !expression.elements.every((element) => yieldsPrimitive(element, primitiveVariables));
    case 'object':
      return !expression.members.every((member) => yieldsPrimitive(member.value, primitiveVariables));
    case 'range':
      return false;
    default:
      return true;
  }
}
