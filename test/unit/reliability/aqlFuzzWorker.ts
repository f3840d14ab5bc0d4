/**
 * Runs mutated queries through the sandbox's AQL parser in a worker thread, so the test can stop it
 * after a time budget: a parser that loops forever fails the test instead of hanging it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ArangoError } from '../../sandbox/errors';
import { parseQuery } from '../../sandbox/aql/queryParser';
import { seededRandom } from '../../sandbox/server/faults';
import { mutateQuery } from './aqlMutations';

interface FuzzOrder {
  seed: number;
  count: number;
}

const { seed, count } = workerData as FuzzOrder;
const random = seededRandom(seed);
const errorNums: Record<string, number> = {};
const crashes: Array<{ query: string; error: string }> = [];
let parsed = 0;
let slowestMs = 0;
for (let i = 0; i < count; i++) {
  const query = mutateQuery(random);
  const started = performance.now();
  try {
    parseQuery(query, { collectionExists: (name) => name === 'students' });
    parsed++;
  } catch (error) {
    if (error instanceof ArangoError) {
      errorNums[String(error.errorNum)] = (errorNums[String(error.errorNum)] ?? 0) + 1;
    } else {
      crashes.push({ query, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  slowestMs = Math.max(slowestMs, performance.now() - started);
}
parentPort?.postMessage({ parsed, errorNums, crashes, slowestMs });
