/**
 * The errors the data store raises, worded as arangod 3.12 words them (`lib/Basics/errors.dat`).
 * Numbers missing from the shared table in `../errors.ts` are defined here.
 */
import { ArangoError, ErrorNum } from '../errors';

/** Error numbers of `errors.dat` that the shared table does not list. */
export const StoreErrorNum = {
  DOCUMENT_KEY_UNEXPECTED: 1222,
  DOCUMENT_KEY_MISSING: 1226,
  INVALID_EDGE_ATTRIBUTE: 1233,
} as const;

export function duplicateDatabaseName(): ArangoError {
  return new ArangoError(409, ErrorNum.DUPLICATE_NAME, 'duplicate database name');
}

export function invalidDatabaseName(): ArangoError {
  return new ArangoError(400, ErrorNum.DATABASE_NAME_INVALID, 'database name invalid');
}

export function databaseNotFound(): ArangoError {
  return new ArangoError(404, ErrorNum.DATABASE_NOT_FOUND, 'database not found');
}

/** arangod refuses to drop `_system` with a plain `forbidden` (DatabaseFeature::dropDatabase). */
export function systemDatabaseUndroppable(): ArangoError {
  return new ArangoError(403, ErrorNum.FORBIDDEN, 'forbidden');
}

export function duplicateCollectionName(): ArangoError {
  return new ArangoError(409, ErrorNum.DUPLICATE_NAME, 'duplicate name');
}

export function illegalCollectionName(): ArangoError {
  return new ArangoError(400, ErrorNum.ILLEGAL_NAME, 'illegal name');
}

export function collectionNotFound(): ArangoError {
  return new ArangoError(404, ErrorNum.DATA_SOURCE_NOT_FOUND, 'collection or view not found');
}

export function documentNotFound(): ArangoError {
  return new ArangoError(404, ErrorNum.DOCUMENT_NOT_FOUND, 'document not found');
}

export function uniqueConstraintViolated(key: string): ArangoError {
  return new ArangoError(
    409,
    ErrorNum.UNIQUE_CONSTRAINT_VIOLATED,
    `unique constraint violated - in index primary of type primary over '_key'; conflicting key: ${key}`,
  );
}

export function illegalDocumentKey(): ArangoError {
  return new ArangoError(400, ErrorNum.DOCUMENT_KEY_BAD, 'illegal document key');
}

export function unexpectedDocumentKey(): ArangoError {
  return new ArangoError(400, StoreErrorNum.DOCUMENT_KEY_UNEXPECTED, 'unexpected document key');
}

export function invalidDocumentType(): ArangoError {
  return new ArangoError(400, ErrorNum.DOCUMENT_TYPE_INVALID, 'invalid document type');
}

export function invalidEdgeAttribute(): ArangoError {
  return new ArangoError(400, StoreErrorNum.INVALID_EDGE_ATTRIBUTE, 'edge attribute missing or invalid');
}

export function revisionConflict(): ArangoError {
  return new ArangoError(409, ErrorNum.CONFLICT, 'conflict, _rev values do not match');
}
