import { FaultInjector } from '../../sandbox/server/faults';
import type { ResetMoment } from '../../sandbox/server/faults';

/**
 * A seed with which the sandbox, set to `resetRate`, resets the next requests exactly as `moments`
 * says (then nothing for a while), so a test can cut one chosen request's connection.
 */
export function seedForResets(resetRate: number, moments: readonly ResetMoment[], quietAfter = 8): number {
  for (let seed = 1; seed < 1_000_000; seed += 1) {
    const injector = new FaultInjector({ resetRate, seed });
    const wanted = [...moments, ...Array.from({ length: quietAfter }, (): ResetMoment => 'none')];
    if (wanted.every((moment) => injector.decide().reset === moment)) {
      return seed;
    }
  }
  throw new Error(`no seed gives the resets ${moments.join(', ')}`);
}
