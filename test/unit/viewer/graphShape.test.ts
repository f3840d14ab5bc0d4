import assert from 'node:assert/strict';
import { graphShapeOf } from '../../../src/webview/result/graph/graphShape';

const edge = (from: string, to: string, key: string): Record<string, unknown> => ({ _key: key, _id: `knows/${key}`, _from: `persons/${from}`, _to: `persons/${to}`, _rev: '_h1' });
const vertex = (key: string): Record<string, unknown> => ({ _key: key, _id: `persons/${key}`, name: key.toUpperCase() });
const path = (...keys: string[]): Record<string, unknown> => ({
  vertices: keys.map(vertex),
  edges: keys.slice(1).map((key, index) => edge(keys[index] ?? '', key, `${keys[index]}-${key}`)),
});

describe('graphShapeOf: when the graph view is offered (the web UI rule)', () => {
  it('offers edges for edge documents', () => {
    assert.equal(graphShapeOf([edge('a', 'b', '1'), edge('b', 'c', '2')]), 'edges');
  });

  it('offers edges for any documents with _from and _to, with or without _id', () => {
    assert.equal(graphShapeOf([{ _from: 'persons/a', _to: 'persons/b', weight: 1 }, { _from: 'persons/b', _to: 'cities/x' }]), 'edges');
  });

  it('offers paths for { vertices, edges } rows, as FOR v, e, p IN ... RETURN p', () => {
    assert.equal(graphShapeOf([path('a', 'b'), path('a', 'b', 'c'), { vertices: [vertex('a')], edges: [] }]), 'paths');
  });

  it('decides by most rows: 19 edges of 20 rows is enough, 18 of 20 is not', () => {
    const edges = Array.from({ length: 19 }, (_, index) => edge('a', `v${index}`, `${index}`));
    assert.equal(graphShapeOf([...edges, { name: 'not an edge' }]), 'edges');
    assert.equal(graphShapeOf([...edges.slice(1), { name: 'x' }, 42]), undefined);
  });

  it('decides paths by their edges: 95 % of the edges in all paths must have _from and _to', () => {
    const good = Array.from({ length: 19 }, (_, index) => path('a', `v${index}`));
    const broken = { vertices: [vertex('a'), vertex('b')], edges: [{ _key: 'no-ends' }] };
    assert.equal(graphShapeOf([...good, broken]), 'paths');
    assert.equal(graphShapeOf([...good.slice(2), broken, broken]), undefined);
  });

  it('ignores null edges inside paths (a deleted edge) and leading null rows', () => {
    assert.equal(graphShapeOf([null, { vertices: [vertex('a'), null], edges: [null, edge('a', 'b', '1')] }]), 'paths');
  });

  it('offers no graph for paths without a single edge', () => {
    assert.equal(graphShapeOf([{ vertices: [vertex('a')], edges: [] }]), undefined);
  });

  it('offers no graph when the first row is a path but most rows are not', () => {
    assert.equal(graphShapeOf([path('a', 'b'), 1, 2, 3]), undefined);
  });

  it('offers no graph for plain documents, scalars, arrays or an empty result', () => {
    assert.equal(graphShapeOf([vertex('a'), vertex('b')]), undefined);
    assert.equal(graphShapeOf([1, 'two', true, null]), undefined);
    assert.equal(graphShapeOf([['persons/a', 'persons/b']]), undefined);
    assert.equal(graphShapeOf([]), undefined);
    assert.equal(graphShapeOf([null, null]), undefined);
  });

  it('wants _from and _to as non-empty strings', () => {
    assert.equal(graphShapeOf([{ _from: 1, _to: 2 }]), undefined);
    assert.equal(graphShapeOf([{ _from: '', _to: 'persons/b' }]), undefined);
    assert.equal(graphShapeOf([{ _from: 'persons/a' }]), undefined);
  });
});
