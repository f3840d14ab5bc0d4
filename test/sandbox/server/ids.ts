/**
 * Job, cursor and query ids. arangod derives them from ticks that carry the issuing server's short
 * id (TRI_ExtractServerIdFromTick), which is how a coordinator knows where to forward a job or cursor
 * request. The sandbox keeps the idea in decimal so ids stay readable: `tick * 100 + shortId`, with
 * shortId = coordinator index + 1, and ticks that keep growing across restarts (like the HLC).
 */

/** At most this many coordinators fit into the id's server part. */
export const MAX_COORDINATORS = 99;
const SERVER_RADIX = 100;

export class IdGenerator {
  private lastTick: number;

  constructor(now: () => number = Date.now) {
    // Start from the clock (in milliseconds since 2020) so ids from two sandboxes rarely collide.
    this.lastTick = Math.max(1, now() - Date.UTC(2020, 0, 1));
  }

  /** A new id owned by coordinator `coordinatorIndex`. */
  next(coordinatorIndex: number): string {
    this.lastTick += 1;
    return String(this.lastTick * SERVER_RADIX + coordinatorIndex + 1);
  }
}

/**
 * The numeric value of an id as arangod parses it (StringUtils::uint64): leading digits, 0 when there
 * are none.
 */
export function parseId(text: string): number {
  const digits = /^\d+/.exec(text)?.[0];
  return digits === undefined ? 0 : Number(digits);
}

/** The coordinator that issued an id, or undefined when the id carries none. */
export function ownerOf(id: string): number | undefined {
  const value = parseId(id);
  const shortId = value % SERVER_RADIX;
  return value === 0 || shortId === 0 ? undefined : shortId - 1;
}
