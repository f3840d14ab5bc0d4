/**
 * The multi-document form of the document API: an array body, one answer per element in the same
 * order, and an element's error in its place as `{error, errorNum, errorMessage}`, counted by
 * errorNum in the `x-arango-error-codes` header (the HTTP API docs' "Multiple document operations").
 */
import { ArangoError } from '../errors';
import { jsonResponse, type HeaderValue, type SandboxResponse } from '../server/messages';

/** An element's error as arangod puts it in place of its result. */
export function errorInPlace(error: ArangoError): Record<string, unknown> {
  return { error: true, errorNum: error.errorNum, errorMessage: error.message };
}

/**
 * Runs `operation` on every element. With `silent`, successes leave nothing behind and only the
 * errors are listed (so the answer to an all-good silent request is `[]`).
 */
export function batchResponse(
  status: number,
  elements: readonly unknown[],
  operation: (element: unknown) => unknown,
  silent = false,
): SandboxResponse {
  const results: unknown[] = [];
  const errorCounts: Record<string, number> = {};
  for (const element of elements) {
    try {
      const result = operation(element);
      if (!silent) {
        results.push(result);
      }
    } catch (error: unknown) {
      if (!(error instanceof ArangoError)) {
        throw error;
      }
      const errorNum = String(error.errorNum);
      errorCounts[errorNum] = (errorCounts[errorNum] ?? 0) + 1;
      results.push(errorInPlace(error));
    }
  }
  const headers: Record<string, HeaderValue> = {};
  if (Object.keys(errorCounts).length > 0) {
    headers['x-arango-error-codes'] = JSON.stringify(errorCounts);
  }
  return jsonResponse(status, results, headers);
}
