/**
 * Moving between drawn nodes and edges with the arrow keys: from the element at hand to the
 * nearest one in the arrow's direction, as focus moves between controls on a page. An edge counts
 * at its midpoint.
 */

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface Spot {
  readonly x: number;
  readonly y: number;
}

const UNIT: Record<Direction, Spot> = { left: { x: -1, y: 0 }, right: { x: 1, y: 0 }, up: { x: 0, y: -1 }, down: { x: 0, y: 1 } };

/**
 * The index of the spot to move to from `spots[from]` going `direction` (y grows downwards, as on
 * screen), or undefined when nothing lies that way. A spot counts when it lies within 60° either
 * side of the direction; the nearest wins, a spot off to the side counting as farther.
 */
export function nextInDirection(spots: readonly Spot[], from: number, direction: Direction): number | undefined {
  const origin = spots[from];
  if (origin === undefined) return undefined;
  const unit = UNIT[direction];
  let best: number | undefined;
  let bestScore = Infinity;
  spots.forEach((spot, index) => {
    if (index === from) return;
    const dx = spot.x - origin.x;
    const dy = spot.y - origin.y;
    const along = dx * unit.x + dy * unit.y;
    const across = Math.abs(dx * unit.y - dy * unit.x);
    // tan(60°) ≈ 1.73: a spot further across than that is in another arrow's direction.
    if (along <= 0 || across > along * 1.73) return;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = index;
    }
  });
  return best;
}

/** The index of the spot nearest to `target`, or undefined when there are none. */
export function nearestSpot(spots: readonly Spot[], target: Spot): number | undefined {
  let best: number | undefined;
  let bestDistance = Infinity;
  spots.forEach((spot, index) => {
    const distance = Math.hypot(spot.x - target.x, spot.y - target.y);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  return best;
}
