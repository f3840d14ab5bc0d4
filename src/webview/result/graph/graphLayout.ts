/**
 * Where to draw each node: a force-directed layout (Fruchterman and Reingold, 1991) in which
 * nodes push apart only within reach of a grid cell, so an iteration costs about the number of
 * nodes and edges instead of its square. Cytoscape's own `cose` is quadratic: on this project's
 * machines it took 7 s for 500 nodes and over a minute for 1,000, where this takes well under a
 * second for 2,000. The same input gives the same picture (no randomness), so a view that
 * reopens looks as before.
 */

export interface Point {
  x: number;
  y: number;
}

export interface ForceLayoutOptions {
  /** The length an edge settles at, in drawing units (pixels at zoom 1). */
  readonly edgeLength?: number;
  readonly iterations?: number;
}

export const DEFAULT_EDGE_LENGTH = 80;

/** Fewer rounds for bigger drawings, so 2,000 nodes take about as long as 700: 300 down to 100. */
export function defaultIterations(nodeCount: number): number {
  return Math.min(300, Math.max(100, Math.round(200_000 / Math.max(nodeCount, 1))));
}

/** Positions for nodes `0 … nodeCount - 1` linked by `edges` (pairs of node indexes). */
export function forceLayout(nodeCount: number, edges: readonly (readonly [number, number])[], options: ForceLayoutOptions = {}): Point[] {
  const k = options.edgeLength ?? DEFAULT_EDGE_LENGTH;
  const iterations = options.iterations ?? defaultIterations(nodeCount);
  const links = edges.filter(([from, to]) => from !== to && inRange(from, nodeCount) && inRange(to, nodeCount));
  const x = new Float64Array(nodeCount);
  const y = new Float64Array(nodeCount);
  // A sunflower spiral: evenly spread, nodes close in order start close (rows list related
  // vertices together), and no two start on the same spot.
  for (let index = 0; index < nodeCount; index += 1) {
    const radius = k * 0.6 * Math.sqrt(index + 0.5);
    const angle = index * GOLDEN_ANGLE;
    x[index] = radius * Math.cos(angle);
    y[index] = radius * Math.sin(angle);
  }
  const dx = new Float64Array(nodeCount);
  const dy = new Float64Array(nodeCount);
  const reach = 2 * k;
  const startTemperature = k * Math.max(1, Math.sqrt(nodeCount) / 2);
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    dx.fill(0);
    dy.fill(0);
    repelNeighbours(x, y, dx, dy, k, reach);
    for (const [from, to] of links) {
      const ex = (x[to] ?? 0) - (x[from] ?? 0);
      const ey = (y[to] ?? 0) - (y[from] ?? 0);
      const distance = Math.max(Math.hypot(ex, ey), 0.01);
      const pull = distance / k;
      dx[from] = (dx[from] ?? 0) + ex * pull;
      dy[from] = (dy[from] ?? 0) + ey * pull;
      dx[to] = (dx[to] ?? 0) - ex * pull;
      dy[to] = (dy[to] ?? 0) - ey * pull;
    }
    // Repulsion reaches only neighbours, so without a pull to the centre, parts that are not
    // linked would drift apart for ever.
    const temperature = startTemperature * (1 - iteration / iterations) + 1;
    for (let index = 0; index < nodeCount; index += 1) {
      const fx = (dx[index] ?? 0) - (x[index] ?? 0) * GRAVITY;
      const fy = (dy[index] ?? 0) - (y[index] ?? 0) * GRAVITY;
      const length = Math.hypot(fx, fy);
      if (length === 0) continue;
      const step = Math.min(length, temperature) / length;
      x[index] = (x[index] ?? 0) + fx * step;
      y[index] = (y[index] ?? 0) + fy * step;
    }
  }
  return Array.from({ length: nodeCount }, (_, index) => ({ x: x[index] ?? 0, y: y[index] ?? 0 }));
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
const GRAVITY = 0.05;

/** A number naming a grid cell: drawings stay far within a million cells a side. */
function cellKey(column: number, row: number): number {
  return column * 2_097_152 + row;
}

function inRange(index: number, count: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < count;
}

/** Pushes apart every two nodes nearer than `reach`, found through a grid of `reach`-sized cells. */
function repelNeighbours(x: Float64Array, y: Float64Array, dx: Float64Array, dy: Float64Array, k: number, reach: number): void {
  const count = x.length;
  const columns = new Int32Array(count);
  const rows = new Int32Array(count);
  const cells = new Map<number, number[]>();
  for (let index = 0; index < count; index += 1) {
    const column = Math.floor((x[index] ?? 0) / reach);
    const row = Math.floor((y[index] ?? 0) / reach);
    columns[index] = column;
    rows[index] = row;
    const key = cellKey(column, row);
    const members = cells.get(key);
    if (members === undefined) cells.set(key, [index]);
    else members.push(index);
  }
  const reachSquared = reach * reach;
  for (let index = 0; index < count; index += 1) {
    const column = columns[index] ?? 0;
    const row = rows[index] ?? 0;
    for (let dc = -1; dc <= 1; dc += 1) {
      for (let dr = -1; dr <= 1; dr += 1) {
        for (const other of cells.get(cellKey(column + dc, row + dr)) ?? []) {
          if (other <= index) continue;
          let ex = (x[index] ?? 0) - (x[other] ?? 0);
          let ey = (y[index] ?? 0) - (y[other] ?? 0);
          let squared = ex * ex + ey * ey;
          if (squared >= reachSquared) continue;
          if (squared < 1e-6) {
            // Two nodes on one spot have no direction to part in: give them one, the same each run.
            const angle = (index * 7 + other * 13) % 360;
            ex = Math.cos(angle);
            ey = Math.sin(angle);
            squared = 1;
          }
          const push = (k * k) / squared;
          dx[index] = (dx[index] ?? 0) + ex * push;
          dy[index] = (dy[index] ?? 0) + ey * push;
          dx[other] = (dx[other] ?? 0) - ex * push;
          dy[other] = (dy[other] ?? 0) - ey * push;
        }
      }
    }
  }
}
