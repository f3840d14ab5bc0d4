/**
 * Document keys: which user keys arangod accepts, and the key generators of `keyOptions.type`
 * (traditional, autoincrement, padded, uuid — arangod's KeyGenerator).
 */
import { randomUUID } from 'node:crypto';
import { ArangoError } from '../errors';
import type { TickSource } from './ticks';

const MAX_KEY_BYTES = 254;
const KEY_CHARACTERS = /^[a-zA-Z0-9_\-:.@()+,=;$!*'%]+$/u;

/** Whether arangod accepts `key` as a `_key` value. */
export function isValidDocumentKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && Buffer.byteLength(key) <= MAX_KEY_BYTES && KEY_CHARACTERS.test(key);
}

/** The `keyOptions` a collection was created with. */
export interface KeyOptions {
  type?: string;
  allowUserKeys?: boolean;
  increment?: number;
  offset?: number;
}

/** Makes the keys of one collection. */
export interface KeyGenerator {
  readonly type: string;
  readonly allowUserKeys: boolean;
  nextKey(): string;
  /** Tells the generator a user key was used, so generated keys never collide with it. */
  track(key: string): void;
}

/** Creates the generator `keyOptions` ask for; an unknown type is arangod's 400/1232. */
export function createKeyGenerator(options: KeyOptions | undefined, ticks: TickSource): KeyGenerator {
  const type = options?.type ?? 'traditional';
  const allowUserKeys = options?.allowUserKeys ?? true;
  switch (type) {
    case 'traditional':
      return { type, allowUserKeys, nextKey: () => String(ticks.nextTick()), track: () => undefined };
    case 'padded':
      return {
        type,
        allowUserKeys,
        nextKey: () => ticks.nextTick().toString(16).padStart(16, '0'),
        track: () => undefined,
      };
    case 'uuid':
      return { type, allowUserKeys, nextKey: () => randomUUID(), track: () => undefined };
    case 'autoincrement':
      return autoincrementGenerator(allowUserKeys, options?.increment ?? 1, options?.offset ?? 0);
    default:
      throw new ArangoError(400, 1232, 'invalid key generator');
  }
}

function autoincrementGenerator(allowUserKeys: boolean, increment: number, offset: number): KeyGenerator {
  let last = 0;
  return {
    type: 'autoincrement',
    allowUserKeys,
    nextKey(): string {
      let next = last < offset ? offset : last + increment;
      if (next === 0) {
        next = increment;
      }
      last = next;
      return String(next);
    },
    track(key: string): void {
      if (/^[0-9]+$/u.test(key)) {
        last = Math.max(last, Number(key));
      }
    },
  };
}
