import { isArangoError, isConnectionError, isResponseError } from '../client';

/** One line for any error: the server's message with its errorNum, or the connection problem. */
export function errorLine(error: unknown): string {
  if (isArangoError(error)) {
    const number = error.errorCode !== undefined ? `errorNum ${error.errorCode}, ` : '';
    return `${error.message} (${number}HTTP ${error.httpCode})`;
  }
  if (isConnectionError(error)) {
    return `${error.message} (${error.code})`;
  }
  if (isResponseError(error)) {
    return `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
