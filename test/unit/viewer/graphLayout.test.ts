import assert from 'node:assert/strict';
import { DEFAULT_EDGE_LENGTH, defaultIterations, forceLayout } from '../../../src/webview/result/graph/graphLayout';
import { nearestSpot, nextInDirection } from '../../../src/webview/result/graph/graphNavigation';

const distance = (a: { x: number; y: number }, b: { x: number; y: number }): number => Math.hypot(a.x - b.x, a.y - b.y);

describe('forceLayout: where the graph view puts each node', () => {
  it('places every node at a finite spot, none on top of another', () => {
    const edges = Array.from({ length: 99 }, (_, index) => [Math.floor(index / 3), index + 1] as const);
    const points = forceLayout(100, edges);
    assert.equal(points.length, 100);
    for (const point of points) assert.ok(Number.isFinite(point.x) && Number.isFinite(point.y));
    for (let a = 0; a < points.length; a += 1) {
      for (let b = a + 1; b < points.length; b += 1) assert.ok(distance(points[a]!, points[b]!) > DEFAULT_EDGE_LENGTH / 8, `${a} and ${b} overlap`);
    }
  });

  it('draws linked nodes near each other: an edge is shorter than the average distance', () => {
    // Two rings of 30, not linked to each other.
    const ring = (offset: number): (readonly [number, number])[] => Array.from({ length: 30 }, (_, index) => [offset + index, offset + ((index + 1) % 30)] as const);
    const edges = [...ring(0), ...ring(30)];
    const points = forceLayout(60, edges);
    const edgeLength = edges.reduce((sum, [a, b]) => sum + distance(points[a]!, points[b]!), 0) / edges.length;
    let pairs = 0;
    let total = 0;
    for (let a = 0; a < 60; a += 1) {
      for (let b = a + 1; b < 60; b += 1) {
        total += distance(points[a]!, points[b]!);
        pairs += 1;
      }
    }
    assert.ok(edgeLength < (total / pairs) / 3, `edges ${edgeLength.toFixed(1)}, average ${(total / pairs).toFixed(1)}`);
    assert.ok(edgeLength > DEFAULT_EDGE_LENGTH / 3 && edgeLength < DEFAULT_EDGE_LENGTH * 2, `edges ${edgeLength.toFixed(1)} long`);
  });

  it('gives the same picture for the same graph', () => {
    const edges = [[0, 1], [1, 2], [2, 0], [2, 3]] as const;
    assert.deepEqual(forceLayout(4, edges), forceLayout(4, edges));
  });

  it('ignores self-loops and edges to nodes that do not exist', () => {
    const points = forceLayout(2, [[0, 0], [0, 5], [-1, 1], [0, 1]]);
    assert.equal(points.length, 2);
    assert.ok(points.every((point) => Number.isFinite(point.x) && Number.isFinite(point.y)));
  });

  it('lays out 2,000 nodes and 2,400 edges in a few seconds at most', () => {
    const edges: (readonly [number, number])[] = [];
    for (let index = 1; index < 2000; index += 1) edges.push([Math.floor(index / 2), index]);
    for (let index = 0; index < 400; index += 1) edges.push([(index * 7) % 2000, (index * 13 + 5) % 2000]);
    const started = performance.now();
    const points = forceLayout(2000, edges);
    const took = performance.now() - started;
    assert.equal(points.length, 2000);
    // About 0.9 s on a busy 2-core machine; cytoscape's own 'cose' takes minutes for this.
    assert.ok(took < 10_000, `took ${took.toFixed(0)} ms`);
  });

  it('runs fewer rounds for bigger graphs, between 100 and 300', () => {
    assert.equal(defaultIterations(10), 300);
    assert.equal(defaultIterations(2000), 100);
    assert.equal(defaultIterations(100_000), 100);
  });
});

describe('nextInDirection: the arrow keys in the graph', () => {
  //   0 . 1
  //   . 2 .
  //   3 . 4      (y grows downwards)
  const spots = [
    { x: 0, y: 0 },
    { x: 100, y: 0 },
    { x: 50, y: 50 },
    { x: 0, y: 100 },
    { x: 100, y: 100 },
  ];

  it('moves to the nearest spot in the direction', () => {
    assert.equal(nextInDirection(spots, 0, 'right'), 1);
    assert.equal(nextInDirection(spots, 0, 'down'), 3);
    assert.equal(nextInDirection(spots, 2, 'up'), 0);
    assert.equal(nextInDirection(spots, 4, 'left'), 3);
  });

  it('stays when nothing lies that way', () => {
    assert.equal(nextInDirection(spots, 0, 'left'), undefined);
    assert.equal(nextInDirection(spots, 0, 'up'), undefined);
    assert.equal(nextInDirection(spots, 7, 'up'), undefined);
  });

  it('prefers a spot straight ahead to a nearer one far off to the side', () => {
    const row = [{ x: 0, y: 0 }, { x: 30, y: 40 }, { x: 90, y: 0 }];
    assert.equal(nextInDirection(row, 0, 'right'), 2);
  });

  it('finds the spot nearest to a point (where the cursor starts)', () => {
    assert.equal(nearestSpot(spots, { x: 60, y: 45 }), 2);
    assert.equal(nearestSpot([], { x: 0, y: 0 }), undefined);
  });
});
