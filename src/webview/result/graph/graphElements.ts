import { isEdgeLike, isObject, isPathLike, type GraphShape } from './graphShape';

/**
 * The nodes and edges to draw for rows of a graph shape: plain data, so the graph view only draws
 * and Node tests can check what is drawn.
 */

/** The most nodes and edges, together, drawn at once; the rest are counted, not drawn. */
export const MAX_DRAWN_ELEMENTS = 2000;

/** Labels longer than this end in an ellipsis, so one long value does not cover its neighbours. */
export const MAX_LABEL_LENGTH = 40;

/** The most attribute names offered to label by. */
export const MAX_LABEL_ATTRIBUTES = 100;

/** Where an element comes from: the row (0-based, within the rows given) and a JSON pointer in it. */
export interface ElementSource {
  readonly rowIndex: number;
  /** RFC 6901: `''` is the row itself, `/vertices/2` the third vertex of a path. */
  readonly pointer: string;
}

export interface GraphNode extends ElementSource {
  /** The vertex's `_id`. */
  readonly id: string;
  /** The collection part of the `_id` (before the `/`), `''` when it has none. */
  readonly collection: string;
  readonly label: string;
  /**
   * True when the rows hold the vertex's document (a path's vertex). False when only an edge
   * names it: then the source is that edge's `_from` or `_to`.
   */
  readonly hasDocument: boolean;
}

export interface GraphEdge extends ElementSource {
  /** The edge's `_id`, or, for an edge without one, its ends and position (see `edgeKey`). */
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly collection: string;
  /** The chosen label attribute's value, `''` when none is chosen or the edge has none. */
  readonly label: string;
}

export interface GraphElements {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Distinct vertices and edges in the rows that were not drawn because of `maxElements`. */
  readonly omittedNodes: number;
  readonly omittedEdges: number;
  readonly maxElements: number;
  /** Top-level attributes with a scalar value in a drawn document: `_key`, `_id` first. */
  readonly labelAttributes: readonly string[];
}

export interface GraphElementOptions {
  /** The attribute to label nodes (and edges) by; nodes without it fall back to their `_key`. */
  readonly labelAttribute?: string | undefined;
  readonly maxElements?: number;
}

export function graphElementsOf(rows: readonly unknown[], shape: GraphShape, options: GraphElementOptions = {}): GraphElements {
  const builder = new GraphBuilder(options.labelAttribute, options.maxElements ?? MAX_DRAWN_ELEMENTS);
  rows.forEach((row, rowIndex) => {
    if (shape === 'edges') {
      if (isEdgeLike(row)) builder.addEdge(row, { rowIndex, pointer: '' }, `${rowIndex}`);
      return;
    }
    if (!isPathLike(row)) return;
    row.vertices.forEach((vertex, position) => builder.addVertex(vertex, { rowIndex, pointer: `/vertices/${position}` }));
    // Edges without an `_id` are told apart by their place in the path, so the shared beginning
    // of two paths (`a→b` and `a→b→c`) is drawn once.
    row.edges.forEach((edge, position) => {
      if (isEdgeLike(edge)) builder.addEdge(edge, { rowIndex, pointer: `/edges/${position}` }, `${position}`);
    });
  });
  return builder.result();
}

/** The label of a vertex or edge document: the chosen attribute if it holds a scalar, else `fallback`. */
export function labelOf(document: Record<string, unknown> | undefined, labelAttribute: string | undefined, fallback: string): string {
  const value = document !== undefined && labelAttribute !== undefined ? document[labelAttribute] : undefined;
  const text = isScalar(value) ? String(value) : fallback;
  return text.length > MAX_LABEL_LENGTH ? `${text.slice(0, MAX_LABEL_LENGTH - 1)}…` : text;
}

/** The `_key` of a vertex known only by its `_id`: the part after the first `/`. */
export function keyOfId(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? id : id.slice(slash + 1);
}

function collectionOfId(id: string): string {
  const slash = id.indexOf('/');
  return slash < 0 ? '' : id.slice(0, slash);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();
  private readonly omittedNodeIds = new Set<string>();
  private readonly omittedEdgeIds = new Set<string>();
  private readonly attributes = new Set<string>();
  /** Once one element did not fit, no later one is drawn: the drawn graph is a prefix of the rows. */
  private full = false;

  constructor(
    private readonly labelAttribute: string | undefined,
    private readonly maxElements: number,
  ) {}

  addVertex(vertex: unknown, source: ElementSource): void {
    // A path may hold null for a vertex deleted since its edge was written; a projection may hold
    // the `_id` alone. A document without `_id` cannot be matched to the edges' ends.
    if (typeof vertex === 'string') {
      if (vertex !== '') this.addVertexById(vertex, source);
      return;
    }
    if (!isObject(vertex)) return;
    const id = nonEmptyString(vertex._id);
    if (id === undefined) return;
    const known = this.nodes.get(id);
    if (known?.hasDocument === true) return;
    if (known === undefined && !this.fits(1)) {
      this.omittedNodeIds.add(id);
      return;
    }
    this.noteAttributes(vertex);
    const fallback = nonEmptyString(vertex._key) ?? keyOfId(id);
    const node: GraphNode = { id, collection: collectionOfId(id), label: labelOf(vertex, this.labelAttribute, fallback), hasDocument: true, ...source };
    // Setting a known key keeps its place: a vertex first seen as an edge's end keeps its order.
    this.nodes.set(id, node);
  }

  addEdge(edge: { _from: string; _to: string } & Record<string, unknown>, source: ElementSource, position: string): void {
    const id = nonEmptyString(edge._id) ?? edgeKey(edge._from, edge._to, position);
    if (this.edges.has(id)) return;
    const newEnds = new Set([edge._from, edge._to].filter((end) => !this.nodes.has(end))).size;
    if (!this.fits(1 + newEnds)) {
      this.omittedEdgeIds.add(id);
      for (const end of [edge._from, edge._to]) if (!this.nodes.has(end)) this.omittedNodeIds.add(end);
      return;
    }
    this.addVertexById(edge._from, { rowIndex: source.rowIndex, pointer: `${source.pointer}/_from` });
    this.addVertexById(edge._to, { rowIndex: source.rowIndex, pointer: `${source.pointer}/_to` });
    this.noteAttributes(edge);
    this.edges.set(id, {
      id,
      source: edge._from,
      target: edge._to,
      collection: collectionOfId(nonEmptyString(edge._id) ?? ''),
      label: labelOf(edge, this.labelAttribute, ''),
      ...source,
    });
  }

  result(): GraphElements {
    return {
      nodes: [...this.nodes.values()],
      edges: [...this.edges.values()],
      omittedNodes: [...this.omittedNodeIds].filter((id) => !this.nodes.has(id)).length,
      omittedEdges: this.omittedEdgeIds.size,
      maxElements: this.maxElements,
      labelAttributes: [...this.attributes].sort(systemAttributesFirst),
    };
  }

  private addVertexById(id: string, source: ElementSource): void {
    if (this.nodes.has(id)) return;
    if (!this.fits(1)) {
      this.omittedNodeIds.add(id);
      return;
    }
    this.nodes.set(id, { id, collection: collectionOfId(id), label: labelOf(undefined, undefined, keyOfId(id)), hasDocument: false, ...source });
  }

  private fits(count: number): boolean {
    if (!this.full && this.nodes.size + this.edges.size + count > this.maxElements) this.full = true;
    return !this.full;
  }

  private noteAttributes(document: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(document)) {
      if (this.attributes.size >= MAX_LABEL_ATTRIBUTES) return;
      // `_rev` changes with every write: no one names a vertex by it.
      if (name !== '_rev' && isScalar(value)) this.attributes.add(name);
    }
  }
}

/** The key of an edge without `_id`: its ends and its place (row, or position in a path). */
export function edgeKey(from: string, to: string, position: string): string {
  return `${from} → ${to} #${position}`;
}

const LEADING_ATTRIBUTES = ['_key', '_id'];

function systemAttributesFirst(left: string, right: string): number {
  const rank = (name: string): number => {
    const index = LEADING_ATTRIBUTES.indexOf(name);
    return index < 0 ? LEADING_ATTRIBUTES.length : index;
  };
  // Array.prototype.sort is stable: the rest keep their first-seen order.
  return rank(left) - rank(right);
}
