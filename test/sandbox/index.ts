/**
 * An ArangoDB-compatible server for tests and demos: the async job manager, cursors, running
 * queries, authentication and a few collection/document routes of ArangoDB 3.12, plus
 * sandbox-only fault injection, restarts and request counting.
 *
 * @example
 * ```ts
 * const sandbox = await startSandbox({ password: 'secret', coordinators: 3 });
 * // ... talk to sandbox.url / sandbox.urls ...
 * await sandbox.close();
 * ```
 */
export { startSandbox, type Sandbox, type SandboxOptions } from './sandbox';
export type { FaultOptions } from './server/faults';
export type { TlsOptions } from './server/httpListener';
export type { SandboxStats } from './server/stats';
export { KILL_NOTICE_DELAY_MS } from './server/pipeline';
export { MAX_BODY_BYTES } from './server/httpListener';
