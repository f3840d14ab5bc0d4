/** Running contenders side by side: alternating, several rounds, after a warm-up that is not counted. */

export interface RoundPlan {
  /** Rounds whose numbers are dropped (JIT, connection pools, server caches). */
  readonly warmupRounds: number;
  readonly rounds: number;
}

/**
 * Runs `measure` for every contender in every round, rotating who goes first so that no
 * contender always profits from (or pays for) the one before it. Resolves to the samples of the
 * counted rounds, per contender.
 */
export async function alternate<Name extends string>(
  names: readonly Name[],
  plan: RoundPlan,
  measure: (name: Name, round: number) => Promise<number>,
  onSample?: (name: Name, round: number, value: number) => void,
): Promise<Record<Name, number[]>> {
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  const total = plan.warmupRounds + plan.rounds;
  for (let round = 0; round < total; round += 1) {
    const order = names.map((_, index) => names[(index + round) % names.length]!);
    for (const name of order) {
      const value = await measure(name, round);
      if (round >= plan.warmupRounds) {
        samples[name].push(value);
        onSample?.(name, round - plan.warmupRounds, value);
      }
    }
  }
  return samples;
}

/**
 * Runs `work(index)` for indexes `0..count-1` with at most `concurrency` in flight: the way an
 * application keeps a fixed number of jobs going.
 */
export async function inFlight(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await work(index);
    }
  });
  await Promise.all(lanes);
}
