/**
 * ArangoDB's error numbers and the error every part of the sandbox throws.
 * Numbers and messages follow arangod's `lib/Basics/errors.dat` (3.12).
 */
export const ErrorNum = {
  NO_ERROR: 0,
  FAILED: 1,
  BAD_PARAMETER: 10,
  FORBIDDEN: 11,
  REQUEST_CANCELED: 21,
  RESOURCE_LIMIT: 32,
  HTTP_BAD_PARAMETER: 400,
  HTTP_UNAUTHORIZED: 401,
  HTTP_FORBIDDEN: 403,
  HTTP_NOT_FOUND: 404,
  HTTP_METHOD_NOT_ALLOWED: 405,
  HTTP_CORRUPTED_JSON: 600,
  DOCUMENT_NOT_FOUND: 1202,
  DATA_SOURCE_NOT_FOUND: 1203,
  DUPLICATE_NAME: 1207,
  ILLEGAL_NAME: 1208,
  UNIQUE_CONSTRAINT_VIOLATED: 1210,
  DOCUMENT_KEY_BAD: 1221,
  DOCUMENT_TYPE_INVALID: 1227,
  DATABASE_NOT_FOUND: 1228,
  DATABASE_NAME_INVALID: 1229,
  DOCUMENT_HANDLE_BAD: 1205,
  CONFLICT: 1200,
  QUERY_KILLED: 1500,
  QUERY_PARSE: 1501,
  QUERY_EMPTY: 1502,
  QUERY_NUMBER_OUT_OF_RANGE: 1504,
  QUERY_VARIABLE_NAME_UNKNOWN: 1512,
  QUERY_COLLECTION_LOCK_FAILED: 1521,
  QUERY_FUNCTION_NAME_UNKNOWN: 1540,
  QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH: 1541,
  QUERY_FUNCTION_ARGUMENT_TYPE_MISMATCH: 1542,
  QUERY_BIND_PARAMETER_MISSING: 1551,
  QUERY_BIND_PARAMETER_UNDECLARED: 1552,
  QUERY_BIND_PARAMETER_TYPE: 1553,
  QUERY_ARRAY_EXPECTED: 1563,
  QUERY_DIVISION_BY_ZERO: 1562,
  QUERY_NOT_FOUND: 1591,
  CURSOR_NOT_FOUND: 1600,
  QUEUE_FULL: 21003,
  QUEUE_TIME_REQUIREMENT_VIOLATED: 21004,
} as const;

/** An error as ArangoDB reports it: HTTP status, errorNum and errorMessage. */
export class ArangoError extends Error {
  constructor(
    readonly httpCode: number,
    readonly errorNum: number,
    message: string,
  ) {
    super(message);
    this.name = 'ArangoError';
  }

  /** The JSON body ArangoDB sends for this error, keys in arangod's order. */
  toBody(): { code: number; error: true; errorMessage: string; errorNum: number } {
    return { code: this.httpCode, error: true, errorMessage: this.message, errorNum: this.errorNum };
  }
}
