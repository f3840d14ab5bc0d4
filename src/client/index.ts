/**
 * The async-job ArangoDB client: python-arango's async API in TypeScript. Imports only undici
 * and Node built-ins; bundled on its own as `dist/client.js`.
 *
 * @example
 * const client = new ArangoClient({ hosts: 'http://127.0.0.1:8529' });
 * const db = client.db('test', { username: 'root', password: 'passwd' });
 * const job = await db.beginAsyncExecution().aql.execute('RETURN 1');
 */
export { ArangoClient } from './client';
export type { ArangoClientOptions } from './client';
export { Database } from './database';
export type { AsyncDatabase, AsyncExecutionOptions, ExplainOptions, JobLookupOptions, ServerVersion } from './database';
export type { AnalyzerDescription, CollectionDescription, GraphDescription, UserFunctionDescription, ViewDescription } from './database';
export { Aql } from './aql';
export type { AqlExecuteOptions, CoordinatorOptions, OptimizerRule, ParsedQuery, RunningQuery } from './aql';
export { Collection } from './collection';
export type { DocumentMetadata, StoredDocument } from './collection';
export { Cursor } from './cursor';
export type { QueryStatistics, QueryWarning } from './cursor';
export { RawBatch } from './rawBatch';
export { AsyncJob } from './job';
export type { AsyncJobReference, AsyncJobStatus, JobRemovalOptions, RequestOptions } from './job';
export type { ExecutionContext, ExecutionMode, Executed } from './executor';
export type { Credentials } from './auth';
export { MAX_READ_RETRIES, normalizeHost } from './connection';
export type { RequestEvent, RetryPolicy, TlsOptions } from './connection';
export type { ArangoResponse } from './response';
export {
  AQLQueryClearError,
  AQLQueryExecuteError,
  AQLQueryExplainError,
  AQLQueryKillError,
  AQLQueryListError,
  AQLQueryParseError,
  AQLQueryRulesError,
  ArangoConnectionError,
  ArangoError,
  ArangoResponseError,
  AsyncExecuteError,
  AsyncJobCancelError,
  AsyncJobClearError,
  AsyncJobListError,
  AsyncJobResultError,
  AsyncJobStatusError,
  CollectionCreateError,
  CollectionDeleteError,
  CursorCloseError,
  CursorNextError,
  DatabaseCreateError,
  DatabaseDeleteError,
  DatabaseListError,
  DocumentCountError,
  DocumentDeleteError,
  DocumentGetError,
  DocumentInsertError,
  ErrorNum,
  JWTAuthError,
  SchemaListError,
  ServerVersionError,
  isArangoError,
  isConnectionError,
  isResponseError,
} from './errors';
export type {
  ArangoErrorClass,
  ArangoErrorInit,
  ConnectionErrorCode,
  RequestSummary,
  ResponseErrorCode,
} from './errors';
