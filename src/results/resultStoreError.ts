/** Why the result store refused or failed an operation. */
export type ResultStoreErrorCode =
  /** The job key was empty. */
  | 'RESULT_INVALID_JOB_KEY'
  /** The options given to the store are out of range. */
  | 'RESULT_INVALID_OPTIONS'
  /** The cursor ended with fewer or more rows than the server's `count`. */
  | 'RESULT_INCOMPLETE'
  /** A row the server sent is not JSON, so no tab could show it. */
  | 'RESULT_INVALID_ROWS'
  /** A stored result's files disagree with its entry (changed or cut short outside the extension). */
  | 'RESULT_DAMAGED';

/**
 * An error of the result store itself (file-system errors are passed on as they are).
 * Callers branch on `code`.
 */
export class ResultStoreError extends Error {
  override readonly name = 'ResultStoreError';

  constructor(
    readonly code: ResultStoreErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
