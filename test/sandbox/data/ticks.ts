/**
 * Ids, generated keys and `_rev` values, made the way arangod makes them: collection ids and
 * traditional keys are increasing numeric strings from one server-wide tick counter; `_rev` is a
 * hybrid logical clock value (milliseconds shifted left by 20 bits plus a counter) written in
 * arangod's 11-character base-64 alphabet (HybridLogicalClock::encodeTimeStamp), e.g. `_l6zh4RW---`.
 */

const REVISION_ALPHABET = '-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Encodes a 64-bit timestamp like arangod: most significant 6-bit group first, no padding. */
export function encodeRevision(value: bigint): string {
  let rest = value;
  let encoded = '';
  while (rest > 0n) {
    encoded = REVISION_ALPHABET[Number(rest & 63n)]! + encoded;
    rest >>= 6n;
  }
  return encoded;
}

/** Decodes a `_rev` string back to its timestamp (for ordering and tests). */
export function decodeRevision(revision: string): bigint {
  let value = 0n;
  for (const character of revision) {
    const digit = REVISION_ALPHABET.indexOf(character);
    if (digit < 0) {
      throw new RangeError(`not a revision: ${revision}`);
    }
    value = (value << 6n) | BigInt(digit);
  }
  return value;
}

/** Source of ticks and revisions for one store; every value is unique and increasing. */
export class TickSource {
  private lastTick = 1000;
  private lastRevision = 0n;

  /** The next server tick: collection ids, traditional document keys. */
  nextTick(): number {
    this.lastTick += 1;
    return this.lastTick;
  }

  /** A fresh `_rev`: never equal to, and always greater than, any earlier one. */
  nextRevision(): string {
    const physical = BigInt(Date.now()) << 20n;
    this.lastRevision = physical > this.lastRevision ? physical : this.lastRevision + 1n;
    return encodeRevision(this.lastRevision);
  }
}
