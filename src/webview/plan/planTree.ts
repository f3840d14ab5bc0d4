/**
 * The plan tree's shape: which row each row is nested in, the connectors drawn before it, which
 * rows a collapsed row hides, and where the arrow keys move (the WAI-ARIA tree pattern).
 */

/** A row's place in the tree, from the depths of all rows in order. */
export interface TreePlace {
  /** Index of the row this one is nested in: the nearest row above with a smaller depth. */
  readonly parent?: number;
  readonly hasChildren: boolean;
  /** `│  ├─ ` and the like; empty at depth 0, where rows follow one another. */
  readonly guides: string;
}

const THROUGH = '│  ';
const EMPTY = '   ';
const BRANCH = '├─ ';
const LAST = '└─ ';

/**
 * Places for rows listed in run order with their depths. A row is nested in the nearest row
 * above it that is less deep, and is the last of its siblings when no later row of the same
 * depth follows before the nesting ends.
 *
 * @example treePlaces([0, 0, 1, 1]).map((place) => place.guides) // ['', '', '├─ ', '└─ ']
 */
export function treePlaces(depths: readonly number[]): TreePlace[] {
  const parents: (number | undefined)[] = [];
  const open: number[] = [];
  depths.forEach((depth, i) => {
    while (open.length > 0 && (depths[open[open.length - 1]!] ?? 0) >= depth) {
      open.pop();
    }
    parents.push(open[open.length - 1]);
    open.push(i);
  });
  const isLast = depths.map((depth, i) => {
    for (let j = i + 1; j < depths.length; j += 1) {
      const later = depths[j] ?? 0;
      if (later < depth) {
        return true;
      }
      if (later === depth) {
        // Every row between was deeper, so this one shares the parent: a sibling follows.
        return false;
      }
    }
    return true;
  });
  return depths.map((depth, i) => {
    const parent = parents[i];
    const hasChildren = parents.some((candidate) => candidate === i);
    if (depth === 0) {
      return { ...(parent !== undefined ? { parent } : {}), hasChildren, guides: '' };
    }
    // One column per level from 1 to depth - 1: a line where that level's ancestor has siblings still to come.
    const columns: string[] = Array.from({ length: depth - 1 }, () => EMPTY);
    let ancestor = parent;
    while (ancestor !== undefined) {
      const level = depths[ancestor] ?? 0;
      if (level >= 1 && level <= depth - 1) {
        columns[level - 1] = isLast[ancestor] ? EMPTY : THROUGH;
      }
      ancestor = parents[ancestor];
    }
    return { ...(parent !== undefined ? { parent } : {}), hasChildren, guides: `${columns.join('')}${isLast[i] ? LAST : BRANCH}` };
  });
}

/** Indexes of the rows shown when the rows at `collapsed` hide everything nested in them. */
export function visibleRows(parents: readonly (number | undefined)[], collapsed: ReadonlySet<number>): number[] {
  const hidden = (index: number): boolean => {
    let ancestor = parents[index];
    while (ancestor !== undefined) {
      if (collapsed.has(ancestor)) {
        return true;
      }
      ancestor = parents[ancestor];
    }
    return false;
  };
  return parents.map((_, index) => index).filter((index) => !hidden(index));
}

export type TreeKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End';

/** What a key does on a row: move the focus to another row, expand or collapse this one, or nothing. */
export type TreeMove = { readonly focus: number } | { readonly expand: number } | { readonly collapse: number } | undefined;

/**
 * The tree pattern's keys: Up/Down to the previous/next shown row, Home/End to the first/last,
 * Right expands a collapsed row or goes to its first child, Left collapses an expanded row or
 * goes to its parent.
 */
export function treeMove(
  key: TreeKey,
  current: number,
  shown: readonly number[],
  places: readonly Pick<TreePlace, 'parent' | 'hasChildren'>[],
  collapsed: ReadonlySet<number>,
): TreeMove {
  const at = shown.indexOf(current);
  const place = places[current];
  if (at < 0 || place === undefined) {
    return shown.length > 0 ? { focus: shown[0]! } : undefined;
  }
  switch (key) {
    case 'ArrowUp':
      return at > 0 ? { focus: shown[at - 1]! } : undefined;
    case 'ArrowDown':
      return at < shown.length - 1 ? { focus: shown[at + 1]! } : undefined;
    case 'Home':
      return { focus: shown[0]! };
    case 'End':
      return { focus: shown[shown.length - 1]! };
    case 'ArrowRight':
      if (!place.hasChildren) {
        return undefined;
      }
      return collapsed.has(current) ? { expand: current } : { focus: shown[at + 1]! };
    case 'ArrowLeft':
      if (place.hasChildren && !collapsed.has(current)) {
        return { collapse: current };
      }
      return place.parent !== undefined ? { focus: place.parent } : undefined;
  }
}
