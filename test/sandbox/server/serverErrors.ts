/**
 * The errors the sandbox's HTTP layer, job manager and routes raise, each built in one place so a
 * behaviour read from arangod's code (rather than from a recording) can be corrected in one spot.
 * Numbers and messages follow arangod's `lib/Basics/errors.dat` (3.12).
 */
import { ArangoError, ErrorNum } from '../errors';

/** Error numbers the shared `ErrorNum` table lacks. */
export const MoreErrorNum = {
  INTERNAL: 4,
  HTTP_SERVICE_UNAVAILABLE: 503,
  QUERY_BIND_PARAMETERS_INVALID: 1550,
  USE_SYSTEM_DATABASE: 1230,
  CLUSTER_BACKEND_UNAVAILABLE: 1478,
  NOT_IMPLEMENTED: 9,
  HTTP_SUPERFLUOUS_SUFFICES: 601,
  COLLECTION_PARAMETER_MISSING: 1204,
} as const;

export const notAuthorized = (): ArangoError =>
  new ArangoError(401, ErrorNum.FORBIDDEN, 'not authorized to execute this request');

export const wrongCredentials = (): ArangoError =>
  new ArangoError(401, ErrorNum.HTTP_UNAUTHORIZED, 'Wrong credentials');

export const databaseNotFound = (): ArangoError =>
  new ArangoError(404, ErrorNum.DATABASE_NOT_FOUND, 'database not found');

export const queueTimeViolated = (): ArangoError =>
  new ArangoError(412, ErrorNum.QUEUE_TIME_REQUIREMENT_VIOLATED, 'queue time violated');

export const queueFull = (): ArangoError => new ArangoError(503, ErrorNum.QUEUE_FULL, 'queue is full');

export const serviceUnavailable = (): ArangoError =>
  new ArangoError(503, MoreErrorNum.HTTP_SERVICE_UNAVAILABLE, 'service unavailable');

export const backendUnavailable = (): ArangoError =>
  new ArangoError(
    503,
    MoreErrorNum.CLUSTER_BACKEND_UNAVAILABLE,
    'A cluster backend which was required for the operation could not be reached',
  );

/** What a job's stored result says when it was cancelled (errorNum 21, HTTP 410). */
export const canceledRequest = (): ArangoError =>
  new ArangoError(410, ErrorNum.REQUEST_CANCELED, 'canceled request');

/** What a query killed via `DELETE /_api/query/{id}` answers. */
export const queryKilled = (): ArangoError => new ArangoError(410, ErrorNum.QUERY_KILLED, 'query killed');

export const badParameter = (message = 'bad parameter'): ArangoError =>
  new ArangoError(400, ErrorNum.HTTP_BAD_PARAMETER, message);

export const notFound = (message = 'not found'): ArangoError =>
  new ArangoError(404, ErrorNum.HTTP_NOT_FOUND, message);

export const methodNotAllowed = (): ArangoError =>
  new ArangoError(405, ErrorNum.HTTP_METHOD_NOT_ALLOWED, 'method not supported');

/** What a handler answers a method it has no code for (RestBaseHandler::generateNotImplemented). */
export const notImplemented = (message: string): ArangoError =>
  new ArangoError(501, MoreErrorNum.NOT_IMPLEMENTED, message);

export const superfluousSuffix = (message: string): ArangoError =>
  new ArangoError(400, MoreErrorNum.HTTP_SUPERFLUOUS_SUFFICES, message);

export const collectionParameterMissing = (message: string): ArangoError =>
  new ArangoError(400, MoreErrorNum.COLLECTION_PARAMETER_MISSING, message);

export const unknownPath = (path: string): ArangoError => notFound(`unknown path '${path}'`);

export const internalError = (message = 'internal error'): ArangoError =>
  new ArangoError(500, MoreErrorNum.INTERNAL, message);

/** arangod prefixes velocypack's parser message (RestBaseHandler::parseVPackBody). */
export const corruptedJson = (reason: string): ArangoError =>
  new ArangoError(400, ErrorNum.HTTP_CORRUPTED_JSON, `VPackError error: ${reason}`);

export const queryEmpty = (): ArangoError => new ArangoError(400, ErrorNum.QUERY_EMPTY, 'query is empty');

export const invalidBindParameters = (): ArangoError =>
  new ArangoError(400, MoreErrorNum.QUERY_BIND_PARAMETERS_INVALID, 'invalid structure of bind parameters');

export const cursorNotFound = (): ArangoError => new ArangoError(404, ErrorNum.CURSOR_NOT_FOUND, 'cursor not found');

export const queryNotFound = (): ArangoError =>
  new ArangoError(404, ErrorNum.QUERY_NOT_FOUND, 'query ID not found in query list');

export const collectionNotFound = (name?: string): ArangoError =>
  new ArangoError(
    404,
    ErrorNum.DATA_SOURCE_NOT_FOUND,
    name === undefined ? 'collection or view not found' : `collection or view not found: ${name}`,
  );

export const documentNotFound = (): ArangoError => new ArangoError(404, ErrorNum.DOCUMENT_NOT_FOUND, 'document not found');

export const useSystemDatabase = (): ArangoError =>
  new ArangoError(403, MoreErrorNum.USE_SYSTEM_DATABASE, 'operation only allowed in system database');

export const forbidden = (): ArangoError => new ArangoError(403, ErrorNum.FORBIDDEN, 'forbidden');

/** The job manager's answer to cancelling an unknown or finished job (AsyncJobManager::cancelJob). */
export const jobNotFoundForCancel = (id: string): ArangoError =>
  new ArangoError(404, ErrorNum.HTTP_NOT_FOUND, `could not find job (${id}) in AsyncJobManager during cancel operation`);
