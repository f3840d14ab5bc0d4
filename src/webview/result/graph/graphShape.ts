/**
 * Whether a result can be drawn as a graph, decided the way ArangoDB's web UI decides it (its query
 * editor's `detectGraph`, and `analyseQuery` before it): the first row that is not null chooses
 * the kind, and 95 % of the rest must agree.
 *
 * - **paths**: the first non-null row has `vertices` and `edges` (what `FOR v, e, p IN ... RETURN p`
 *   returns); at least 95 % of the edges inside all rows (nulls aside) have `_from` and `_to`.
 * - **edges**: otherwise, at least 95 % of all rows have `_from` and `_to`: edge documents, or any
 *   documents that name two vertices.
 *
 * Stricter than the web UI in two points, because the graph is built from what passes: `_from`
 * and `_to` must be non-empty strings and `vertices`/`edges` arrays (the web UI takes any truthy
 * value), and for paths 95 % of the rows that are not null must be path objects too (the web UI
 * looks at the first only, and then draws nothing for the others).
 */
export type GraphShape = 'edges' | 'paths';

/** The share of rows (or path edges) that must look right, in percent: the web UI's 95. */
export const GRAPH_SHARE_PERCENT = 95;

export function graphShapeOf(rows: readonly unknown[]): GraphShape | undefined {
  const first = rows.find((row) => row !== null && row !== undefined);
  if (first === undefined) return undefined;
  if (isPathLike(first)) return pathsAreGraph(rows) ? 'paths' : undefined;
  return mostAre(rows.filter(isEdgeLike).length, rows.length) ? 'edges' : undefined;
}

/** An object naming the two vertices it links by their `_id`s. */
export function isEdgeLike(value: unknown): value is { _from: string; _to: string } & Record<string, unknown> {
  return isObject(value) && isVertexId(value._from) && isVertexId(value._to);
}

/** An object with a `vertices` and an `edges` array, as a traversal's path variable. */
export function isPathLike(value: unknown): value is { vertices: unknown[]; edges: unknown[] } & Record<string, unknown> {
  return isObject(value) && Array.isArray(value.vertices) && Array.isArray(value.edges);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isVertexId(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function pathsAreGraph(rows: readonly unknown[]): boolean {
  let rowsThere = 0;
  let paths = 0;
  let edges = 0;
  let edgeLike = 0;
  for (const row of rows) {
    if (row === null || row === undefined) continue;
    rowsThere += 1;
    if (!isPathLike(row)) continue;
    paths += 1;
    for (const edge of row.edges) {
      if (edge === null) continue;
      edges += 1;
      if (isEdgeLike(edge)) edgeLike += 1;
    }
  }
  // A path of one vertex and no edge is still a path, but a result of nothing but those has no
  // edge to draw: the web UI says no graph then (0 of 0 edges), and so does this.
  return mostAre(paths, rowsThere) && edges > 0 && mostAre(edgeLike, edges);
}

function mostAre(count: number, total: number): boolean {
  // In integers, so 19 of 20 is exactly 95 %.
  return total > 0 && count * 100 >= total * GRAPH_SHARE_PERCENT;
}
