/**
 * The errors AQL raises, worded as arangod 3.12 words them (`lib/Basics/errors.dat`, the parser,
 * the executors). Numbers missing from the shared table in `../errors.ts` are defined here.
 */
import { ArangoError, ErrorNum } from '../errors';

/** Error numbers of `errors.dat` that the shared table does not list. */
export const AqlErrorNum = {
  NOT_IMPLEMENTED: 9,
  VARIABLE_REDECLARED: 1511,
  INVALID_REGEX: 1543,
  INVALID_ARITHMETIC_VALUE: 1561,
  COLLECTION_USED_IN_EXPRESSION: 1568,
  FAIL_CALLED: 1569,
  INVALID_AGGREGATE_EXPRESSION: 1574,
  COMPILE_TIME_OPTIONS: 1575,
  ACCESS_AFTER_MODIFICATION: 1579,
  USER_ASSERT: 1593,
  USER_WARN: 1594,
} as const;

/** Where arangod's README for the sandbox's AQL subset lives, for "not supported" errors. */
const SUBSET_DOCUMENT = 'test/sandbox/aql/README.md';

/** A feature the sandbox's interpreter does not have: 501/9 rather than a wrong answer. */
export function notImplemented(feature: string): ArangoError {
  return new ArangoError(
    501,
    AqlErrorNum.NOT_IMPLEMENTED,
    `not implemented in the sandbox: ${feature} (see ${SUBSET_DOCUMENT} for the supported subset)`,
  );
}

export function collectionNotFoundInQuery(name: string): ArangoError {
  return new ArangoError(404, ErrorNum.DATA_SOURCE_NOT_FOUND, `collection or view not found: ${name}`);
}

export function unknownFunction(upperCaseName: string): ArangoError {
  return new ArangoError(400, ErrorNum.QUERY_FUNCTION_NAME_UNKNOWN, `usage of unknown function '${upperCaseName}()'`);
}

/** arangod names the function as the query spelled it (Ast::createNodeFunctionCall). */
export function wrongArgumentCount(spelledName: string, minimum: number, maximum: number): ArangoError {
  return new ArangoError(
    400,
    ErrorNum.QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH,
    `invalid number of arguments for function '${spelledName}()', expected number of arguments: minimum: ${minimum}, maximum: ${maximum}`,
  );
}

export function bindParameterMissing(name: string): ArangoError {
  return new ArangoError(400, ErrorNum.QUERY_BIND_PARAMETER_MISSING, `no value specified for declared bind parameter '${name}'`);
}

export function bindParameterUndeclared(name: string): ArangoError {
  return new ArangoError(400, ErrorNum.QUERY_BIND_PARAMETER_UNDECLARED, `bind parameter '${name}' was not declared in the query`);
}

export function bindParameterInvalid(name: string): ArangoError {
  return new ArangoError(400, ErrorNum.QUERY_BIND_PARAMETER_TYPE, `bind parameter '${name}' has an invalid value or type`);
}

export function variableRedeclared(name: string): ArangoError {
  return new ArangoError(400, AqlErrorNum.VARIABLE_REDECLARED, `variable '${name}' is assigned multiple times`);
}

export function collectionUsedInExpression(name: string): ArangoError {
  return new ArangoError(400, AqlErrorNum.COLLECTION_USED_IN_EXPRESSION, `collection '${name}' used as expression operand`);
}

export function accessAfterModification(collection: string): ArangoError {
  return new ArangoError(400, AqlErrorNum.ACCESS_AFTER_MODIFICATION, `access after data-modification by collection '${collection}'`);
}

export function limitValueError(message: string): ArangoError {
  return new ArangoError(400, ErrorNum.QUERY_NUMBER_OUT_OF_RANGE, message);
}

/** The message of the query-killed error (1500) for an AbortSignal without an ArangoError reason. */
export const QUERY_KILLED_MESSAGE = 'query killed';

export function queryKilled(): ArangoError {
  return new ArangoError(410, ErrorNum.QUERY_KILLED, QUERY_KILLED_MESSAGE);
}

/** The 3.12 text of the memory-limit error (golden later/RestCursorMemoryLimit.json). */
export const MEMORY_LIMIT_MESSAGE = 'query would use more memory than allowed';

export function memoryLimitExceeded(): ArangoError {
  return new ArangoError(500, ErrorNum.RESOURCE_LIMIT, MEMORY_LIMIT_MESSAGE);
}
