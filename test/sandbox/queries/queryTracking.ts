/**
 * Query tracking settings of one database (arangod's QueryList properties, `GET`/`PUT
 * /_api/query/properties`), with 3.12's defaults, and the query text as the lists show it.
 */

export interface QueryTrackingProperties {
  /** false: neither running nor slow queries are tracked. */
  enabled: boolean;
  trackSlowQueries: boolean;
  /** false: the lists show `bindVars: {}`. */
  trackBindVars: boolean;
  maxSlowQueries: number;
  /** Seconds; a finished query that ran at least this long enters the slow list (negative: none). */
  slowQueryThreshold: number;
  /** The same for `stream: true` queries. */
  slowStreamingQueryThreshold: number;
  /** Bytes of the query text kept in the lists. */
  maxQueryStringLength: number;
}

/** `--query.tracking` and its siblings at their defaults. */
export const DEFAULT_TRACKING: Readonly<QueryTrackingProperties> = {
  enabled: true,
  trackSlowQueries: true,
  trackBindVars: true,
  maxSlowQueries: 64,
  slowQueryThreshold: 10,
  slowStreamingQueryThreshold: 10,
  maxQueryStringLength: 4096,
};

/**
 * The properties after a `PUT` body: each attribute changes only when it has the right type
 * (booleans, non-negative integers for the counts, numbers for the thresholds), as
 * RestQueryHandler::replaceProperties reads them; anything else keeps the current value.
 */
export function changedTracking(current: QueryTrackingProperties, body: Record<string, unknown>): QueryTrackingProperties {
  const next = { ...current };
  for (const flag of ['enabled', 'trackSlowQueries', 'trackBindVars'] as const) {
    const value = body[flag];
    if (typeof value === 'boolean') {
      next[flag] = value;
    }
  }
  for (const count of ['maxSlowQueries', 'maxQueryStringLength'] as const) {
    const value = body[count];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
      next[count] = value;
    }
  }
  for (const threshold of ['slowQueryThreshold', 'slowStreamingQueryThreshold'] as const) {
    const value = body[threshold];
    if (typeof value === 'number' && Number.isFinite(value)) {
      next[threshold] = value;
    }
  }
  return next;
}

/**
 * The query text cut to `maxBytes` bytes of UTF-8 plus `...`, never inside a character: a cut
 * multi-byte character is dropped whole (Query::extractQueryString).
 */
export function trackedQueryString(query: string, maxBytes: number): string {
  const bytes = Buffer.from(query, 'utf8');
  if (bytes.length <= maxBytes) {
    return query;
  }
  let length = maxBytes;
  while (length > 0) {
    const byte = bytes[length - 1]!;
    if ((byte & 0x80) === 0) {
      break;
    }
    length -= 1;
    if ((byte & 0xc0) === 0xc0) {
      break;
    }
  }
  return `${bytes.subarray(0, length).toString('utf8')}...`;
}
