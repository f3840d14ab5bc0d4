/**
 * The recordings of `test/fixtures/arangodb-golden/later/` (ArangoDB 3.12.10's documentation
 * examples): the reference for the shape of the sandbox's explain, profile, parse answers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { goldenFolder } from '../support/goldenTranscripts';

type Json = Record<string, unknown>;

export interface Recorded {
  request: { method: string; path: string; body?: unknown };
  status: number;
  body: Json;
}

/** The first recorded step of a `later/` recording. */
export function laterRecording(name: string): Recorded {
  const transcript = JSON.parse(readFileSync(path.join(goldenFolder(), 'later', `${name}.json`), 'utf8')) as {
    steps: { request: Recorded['request']; response: { status: number; body: Json } }[];
  };
  const step = transcript.steps[0]!;
  return { request: step.request, status: step.response.status, body: step.response.body };
}

/** The node of a plan with this type (the first one). */
export function nodeOfType(plan: Json, type: string): Json {
  const node = (plan['nodes'] as Json[]).find((candidate) => candidate['type'] === type);
  if (node === undefined) {
    throw new Error(`no ${type} in the plan: ${(plan['nodes'] as Json[]).map((candidate) => String(candidate['type'])).join(', ')}`);
  }
  return node;
}

/**
 * A node's keys, without `isAsyncPrefetchEnabled`: arangod adds it where its async-prefetch rule
 * applied, and the sandbox prefetches nothing.
 */
export function nodeKeys(node: Json): string[] {
  return Object.keys(node).filter((key) => key !== 'isAsyncPrefetchEnabled');
}
