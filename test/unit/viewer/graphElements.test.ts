import assert from 'node:assert/strict';
import { edgeKey, graphElementsOf, MAX_DRAWN_ELEMENTS, MAX_LABEL_LENGTH } from '../../../src/webview/result/graph/graphElements';
import { graphShapeOf } from '../../../src/webview/result/graph/graphShape';

const person = (key: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ _key: key, _id: `persons/${key}`, _rev: `_r${key}`, name: `Name ${key}`, ...extra });
const knows = (from: string, to: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  _key: `${from}-${to}`,
  _id: `knows/${from}-${to}`,
  _from: `persons/${from}`,
  _to: `persons/${to}`,
  _rev: '_x',
  since: 2020,
  ...extra,
});
/** A traversal's paths as ArangoDB returns them: the start vertex first, one edge per step. */
const path = (...keys: string[]): Record<string, unknown> => ({
  vertices: keys.map((key) => person(key)),
  edges: keys.slice(1).map((key, index) => knows(keys[index] ?? '', key)),
});

describe('graphElementsOf: what the graph view draws', () => {
  describe('edge rows', () => {
    const rows = [knows('alice', 'bob'), knows('bob', 'carol'), knows('alice', 'carol'), knows('alice', 'bob')];
    const graph = graphElementsOf(rows, 'edges');

    it('draws each vertex named by an edge once, known by its id only', () => {
      assert.deepEqual(
        graph.nodes.map((node) => [node.id, node.label, node.collection, node.hasDocument]),
        [
          ['persons/alice', 'alice', 'persons', false],
          ['persons/bob', 'bob', 'persons', false],
          ['persons/carol', 'carol', 'persons', false],
        ],
      );
    });

    it('points a vertex known by id only at the _from or _to that first names it', () => {
      const carol = graph.nodes.find((node) => node.id === 'persons/carol');
      assert.deepEqual({ rowIndex: carol?.rowIndex, pointer: carol?.pointer }, { rowIndex: 1, pointer: '/_to' });
    });

    it('draws an edge once per _id, pointing at its whole row', () => {
      assert.deepEqual(
        graph.edges.map((edge) => [edge.id, edge.source, edge.target, edge.rowIndex, edge.pointer]),
        [
          ['knows/alice-bob', 'persons/alice', 'persons/bob', 0, ''],
          ['knows/bob-carol', 'persons/bob', 'persons/carol', 1, ''],
          ['knows/alice-carol', 'persons/alice', 'persons/carol', 2, ''],
        ],
      );
    });

    it('keeps edges without _id apart by their row, even between the same vertices', () => {
      const plain = graphElementsOf([{ _from: 'a/1', _to: 'a/2' }, { _from: 'a/1', _to: 'a/2' }], 'edges');
      assert.deepEqual(
        plain.edges.map((edge) => edge.id),
        [edgeKey('a/1', 'a/2', '0'), edgeKey('a/1', 'a/2', '1')],
      );
      assert.equal(plain.nodes.length, 2);
    });

    it('skips the rows that are not edges', () => {
      const mixed = graphElementsOf([knows('a', 'b'), 42, null, { name: 'no ends' }, knows('b', 'c')], 'edges');
      assert.deepEqual(
        mixed.edges.map((edge) => edge.rowIndex),
        [0, 4],
      );
    });

    it('offers the scalar attributes of edges to label by, _key and _id first, never _rev', () => {
      assert.deepEqual(graph.labelAttributes, ['_key', '_id', '_from', '_to', 'since']);
    });

    it('labels edges only by a chosen attribute', () => {
      assert.deepEqual(
        graph.edges.map((edge) => edge.label),
        ['', '', ''],
      );
      const bySince = graphElementsOf(rows, 'edges', { labelAttribute: 'since' });
      assert.deepEqual(
        bySince.edges.map((edge) => edge.label),
        ['2020', '2020', '2020'],
      );
      assert.deepEqual(
        bySince.nodes.map((node) => node.label),
        ['alice', 'bob', 'carol'],
      );
    });
  });

  describe('path rows', () => {
    const rows = [path('alice'), path('alice', 'bob'), path('alice', 'bob', 'carol'), path('alice', 'dave')];
    const graph = graphElementsOf(rows, 'paths');

    it('draws each vertex document once, at its first place in the paths', () => {
      assert.deepEqual(
        graph.nodes.map((node) => [node.id, node.rowIndex, node.pointer, node.hasDocument]),
        [
          ['persons/alice', 0, '/vertices/0', true],
          ['persons/bob', 1, '/vertices/1', true],
          ['persons/carol', 2, '/vertices/2', true],
          ['persons/dave', 3, '/vertices/1', true],
        ],
      );
    });

    it('draws each edge once, though every longer path repeats the shorter ones', () => {
      assert.deepEqual(
        graph.edges.map((edge) => [edge.id, edge.rowIndex, edge.pointer]),
        [
          ['knows/alice-bob', 1, '/edges/0'],
          ['knows/bob-carol', 2, '/edges/1'],
          ['knows/alice-dave', 3, '/edges/0'],
        ],
      );
    });

    it('labels vertices by _key, or by a chosen attribute where they have a scalar one', () => {
      assert.deepEqual(
        graph.nodes.map((node) => node.label),
        ['alice', 'bob', 'carol', 'dave'],
      );
      const withNames = graphElementsOf([{ vertices: [person('a'), person('b', { name: { first: 'B' } })], edges: [knows('a', 'b')] }], 'paths', { labelAttribute: 'name' });
      assert.deepEqual(
        withNames.nodes.map((node) => node.label),
        ['Name a', 'b'],
      );
    });

    it('shortens long labels with an ellipsis', () => {
      const long = graphElementsOf([{ vertices: [person('a', { name: 'x'.repeat(100) }), person('b')], edges: [knows('a', 'b')] }], 'paths', { labelAttribute: 'name' });
      const label = long.nodes[0]?.label ?? '';
      assert.equal(label.length, MAX_LABEL_LENGTH);
      assert.ok(label.endsWith('…'));
    });

    it('draws a vertex that is null in its path (deleted since) by its id from the edge', () => {
      const withHole = graphElementsOf([{ vertices: [person('a'), null], edges: [knows('a', 'gone')] }], 'paths');
      assert.deepEqual(
        withHole.nodes.map((node) => [node.id, node.hasDocument, node.pointer]),
        [
          ['persons/a', true, '/vertices/0'],
          ['persons/gone', false, '/edges/0/_to'],
        ],
      );
    });

    it('takes a vertex given as its _id string, and gives a vertex first known by id its document when it comes', () => {
      const graphOfIds = graphElementsOf(
        [
          { vertices: ['persons/a', 'persons/b'], edges: [knows('a', 'b')] },
          { vertices: [person('b'), person('c')], edges: [knows('b', 'c')] },
        ],
        'paths',
      );
      assert.deepEqual(
        graphOfIds.nodes.map((node) => [node.id, node.hasDocument, node.rowIndex, node.pointer]),
        [
          ['persons/a', false, 0, '/vertices/0'],
          ['persons/b', true, 1, '/vertices/0'],
          ['persons/c', true, 1, '/vertices/1'],
        ],
      );
    });

    it('tells edges without _id apart by their place in the path, so shared beginnings are drawn once', () => {
      const bare = (from: string, to: string): Record<string, unknown> => ({ _from: `persons/${from}`, _to: `persons/${to}` });
      const graphOfBareEdges = graphElementsOf(
        [
          { vertices: [person('a'), person('b')], edges: [bare('a', 'b')] },
          { vertices: [person('a'), person('b'), person('c')], edges: [bare('a', 'b'), bare('b', 'c')] },
        ],
        'paths',
      );
      assert.deepEqual(
        graphOfBareEdges.edges.map((edge) => edge.id),
        [edgeKey('persons/a', 'persons/b', '0'), edgeKey('persons/b', 'persons/c', '1')],
      );
    });

    it('offers the scalar attributes of vertices and edges to label by', () => {
      assert.deepEqual(graph.labelAttributes, ['_key', '_id', 'name', '_from', '_to', 'since']);
    });
  });

  describe('the cap on drawn elements', () => {
    it(`draws at most ${MAX_DRAWN_ELEMENTS} nodes and edges together by default, and counts the rest`, () => {
      // A star: 3,000 edges from one hub, each to a vertex of its own.
      const rows = Array.from({ length: 3000 }, (_, index) => ({ _id: `e/${index}`, _from: 'v/hub', _to: `v/${index}` }));
      assert.equal(graphShapeOf(rows), 'edges');
      const graph = graphElementsOf(rows, 'edges');
      assert.equal(graph.nodes.length + graph.edges.length, MAX_DRAWN_ELEMENTS - 1);
      assert.equal(graph.edges.length, 999);
      assert.equal(graph.omittedEdges, 3000 - 999);
      assert.equal(graph.omittedNodes, 3001 - graph.nodes.length);
      assert.equal(graph.maxElements, MAX_DRAWN_ELEMENTS);
    });

    it('draws a prefix of the rows: every drawn edge has both its ends drawn', () => {
      const rows = Array.from({ length: 50 }, (_, index) => ({ vertices: [{ _id: `v/${index}` }, { _id: `v/${index + 1}` }], edges: [{ _id: `e/${index}`, _from: `v/${index}`, _to: `v/${index + 1}` }] }));
      const graph = graphElementsOf(rows, 'paths', { maxElements: 10 });
      const drawn = new Set(graph.nodes.map((node) => node.id));
      assert.ok(graph.nodes.length + graph.edges.length <= 10);
      for (const edge of graph.edges) assert.ok(drawn.has(edge.source) && drawn.has(edge.target), edge.id);
      assert.deepEqual(
        graph.nodes.map((node) => node.id),
        ['v/0', 'v/1', 'v/2', 'v/3', 'v/4', 'v/5'],
      );
      assert.equal(graph.omittedNodes, 51 - 6);
      assert.equal(graph.omittedEdges, 50 - graph.edges.length);
    });

    it('counts an omitted vertex once, however many rows name it', () => {
      const rows = [knows('a', 'b'), knows('c', 'd'), knows('c', 'e'), knows('d', 'e')];
      const graph = graphElementsOf(rows, 'edges', { maxElements: 3 });
      assert.deepEqual([graph.nodes.length, graph.edges.length, graph.omittedNodes, graph.omittedEdges], [2, 1, 3, 3]);
    });
  });
});
