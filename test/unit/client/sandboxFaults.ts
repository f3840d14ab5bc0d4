/** Deterministic sandbox faults for client tests. */
import { FaultInjector } from '../../sandbox/server/faults';

/**
 * A fault seed with which the sandbox, set to `resetRate: 1`, resets the connection of the first
 * request at `moment`: before handling it, or after handling it but before answering.
 */
export function seedResettingFirst(moment: 'beforeHandling' | 'afterHandling'): number {
  for (let seed = 1; seed < 1000; seed += 1) {
    if (new FaultInjector({ resetRate: 1, seed }).decide().reset === moment) return seed;
  }
  throw new Error(`no seed makes the first reset happen ${moment}`);
}
