/**
 * The two parts of undici the client calls, taken from their own modules rather than from
 * undici's index. The index also builds fetch, WebSocket, EventSource, cache stores and mock
 * agents: more than half of the extension's bundle and of its load time, none of it used here.
 * `test/unit/client/undiciParts.test.ts` checks that these are the very objects undici's index
 * exports, so an undici release that moves them fails our tests, not our users.
 */
import type { Dispatcher, Pool as UndiciPool } from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports -- these modules have no type declarations of their own */
/** undici's `Pool`: keep-alive connections to one origin. */
export const Pool = require('undici/lib/dispatcher/pool.js') as typeof UndiciPool;
const requestFunction = require('undici/lib/api/api-request.js') as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * `dispatcher.request(options)` for any dispatcher, ours or a caller's (a `MockAgent` in tests),
 * without undici's index, which is what puts `request` on every dispatcher's prototype.
 */
export function requestThrough(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestFunction.call(dispatcher, options);
}
