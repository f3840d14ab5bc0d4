/**
 * The part of undici the client builds on, taken from its own module rather than from
 * undici's index. The index also builds fetch, WebSocket, EventSource, cache stores and mock
 * agents: more than half of the extension's bundle and of its load time, none of it used here.
 * `test/unit/client/undiciParts.test.ts` checks that it is the very class undici's index
 * exports, so an undici release that moves them fails our tests, not our users.
 */
import type { Pool as UndiciPool } from 'undici';

/** undici's `Pool`: keep-alive connections to one origin. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module has no type declarations of its own
export const Pool = require('undici/lib/dispatcher/pool.js') as typeof UndiciPool;

