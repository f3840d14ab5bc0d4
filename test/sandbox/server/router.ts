/**
 * Which handler serves a path (arangod's RestHandlerFactory: the longest matching prefix wins, the
 * rest of the path are the handler's "suffixes"), and running a handler into a response.
 */
import { ArangoError } from '../errors';
import { aqlFunctionRoute } from '../routes/aqlFunction';
import { collectionRoute } from '../routes/collection';
import { cursorOwner, cursorRoute } from '../routes/cursor';
import { databaseRoute } from '../routes/database';
import { documentRoute } from '../routes/document';
import { explainRoute } from '../routes/explain';
import { analyzerRoute, gharialRoute, viewRoute } from '../routes/schemaLists';
import { importRoute } from '../routes/import';
import { jobOwner, jobRoute } from '../routes/job';
import { openAuthRoute } from '../routes/openAuth';
import { queryOwner, queryRoute } from '../routes/query';
import { queryRulesRoute } from '../routes/queryRules';
import { serverRoleRoute } from '../routes/serverRole';
import { timeRoute } from '../routes/time';
import { versionRoute } from '../routes/version';
import type { RouteContext, RouteHandler } from './context';
import { errorResponse, type SandboxResponse } from './messages';
import { internalError } from './serverErrors';

export interface Route {
  readonly prefix: readonly string[];
  readonly handle: RouteHandler;
  /**
   * The coordinator that owns what the request addresses (a job, cursor or query), as the id in its
   * first suffix says (arangod's `forwardingTarget`).
   */
  readonly owner?: (method: string, suffixes: readonly string[]) => number | undefined;
  /** Callable without credentials (arangod's `/_open/` paths). */
  readonly open?: boolean;
}

const ROUTES: readonly Route[] = [
  { prefix: ['_api', 'version'], handle: versionRoute },
  { prefix: ['_admin', 'time'], handle: timeRoute },
  { prefix: ['_admin', 'server', 'role'], handle: serverRoleRoute },
  { prefix: ['_api', 'database'], handle: databaseRoute },
  { prefix: ['_api', 'collection'], handle: collectionRoute },
  { prefix: ['_api', 'document'], handle: documentRoute },
  { prefix: ['_api', 'import'], handle: importRoute },
  { prefix: ['_api', 'cursor'], handle: cursorRoute, owner: cursorOwner },
  { prefix: ['_api', 'query'], handle: queryRoute, owner: queryOwner },
  { prefix: ['_api', 'query', 'rules'], handle: queryRulesRoute },
  { prefix: ['_api', 'explain'], handle: explainRoute },
  { prefix: ['_api', 'view'], handle: viewRoute },
  { prefix: ['_api', 'gharial'], handle: gharialRoute },
  { prefix: ['_api', 'analyzer'], handle: analyzerRoute },
  { prefix: ['_api', 'aqlfunction'], handle: aqlFunctionRoute },
  { prefix: ['_api', 'job'], handle: jobRoute, owner: jobOwner },
  { prefix: ['_admin', 'job'], handle: jobRoute, owner: jobOwner },
  { prefix: ['_open', 'auth'], handle: openAuthRoute, open: true },
];

export interface RouteMatch {
  route: Route;
  suffixes: string[];
}

export function matchRoute(segments: readonly string[]): RouteMatch | undefined {
  let best: Route | undefined;
  for (const route of ROUTES) {
    const matches = route.prefix.every((part, i) => segments[i] === part);
    if (matches && (best === undefined || route.prefix.length > best.prefix.length)) {
      best = route;
    }
  }
  return best === undefined ? undefined : { route: best, suffixes: segments.slice(best.prefix.length) };
}

/** Path words kept literally in statistics keys; anything else is shown as `{id}` or `{name}`. */
const ROUTE_WORDS = new Set([
  'all', 'cancel', 'count', 'current', 'done', 'expired', 'pending', 'properties', 'rename', 'slow', 'truncate', 'user',
]);

/** The statistics key of a request, e.g. `PUT /_api/job/{id}`. */
export function routeKey(method: string, segments: readonly string[]): string {
  const match = matchRoute(segments);
  if (match === undefined) {
    return `${method} (unknown path)`;
  }
  const suffixes = match.suffixes.map((suffix) =>
    ROUTE_WORDS.has(suffix) ? suffix : /^\d+$/.test(suffix) ? '{id}' : '{name}',
  );
  return `${method} /${[...match.route.prefix, ...suffixes].join('/')}`;
}

/** Runs a handler; an ArangoError becomes its error body, anything else a 500. */
export async function dispatch(route: Route, context: RouteContext): Promise<SandboxResponse> {
  try {
    return await route.handle(context);
  } catch (error: unknown) {
    if (error instanceof ArangoError) {
      return errorResponse(error);
    }
    return errorResponse(internalError(error instanceof Error ? error.message : String(error)));
  }
}
