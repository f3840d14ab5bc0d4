/** Results for the reader, index, find and export tests: generated, and recorded from ArangoDB. */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { RawBatch } from '../../../src/client/rawBatch';
import type { ResultStore } from '../../../src/results/resultStore';
import type { DrainableCursor, StoredResult } from '../../../src/results/storedResult';

export const META = { query: 'FOR d IN docs RETURN d', database: '_system' };

const GOLDEN = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'arangodb-golden');

/** A cursor whose batches are raw answers built from row texts, as the client drains a real server. */
export function rawCursor(rowTexts: readonly string[], batchSize = 1000): DrainableCursor {
  return {
    batches: () => {
      throw new Error('the raw batches should be used');
    },
    async *rawBatches() {
      for (let start = 0; start < rowTexts.length; start += batchSize) {
        await Promise.resolve();
        const answer = `{"result":[${rowTexts.slice(start, start + batchSize).join(',')}],"hasMore":${start + batchSize < rowTexts.length}}`;
        yield RawBatch.scanCursorBody(Buffer.from(answer, 'utf8')).batch;
      }
    },
  };
}

/** Stores rows given as their JSON texts (exactly what the server would send). */
export async function storeRowTexts(store: ResultStore, jobKey: string, rowTexts: readonly string[], batchSize = 1000): Promise<StoredResult> {
  return store.storeCursor(jobKey, rawCursor(rowTexts, batchSize), META);
}

/** Row `n` of a generated result: documents of varying shapes and awkward text. */
export function generatedRowText(n: number): string {
  switch (n % 5) {
    case 0:
      return `{"_key":"k${n}","_id":"docs/k${n}","n":${n},"name":"row ${n}"}`;
    case 1:
      return `{"n":${n},"_key":"k${n}","text":"line one\\nline \\"two\\", ${n}","tags":["a","b"]}`;
    case 2:
      return `{"_from":"v/${n}","_to":"v/${n + 1}","_key":"e${n}","big":1234567890123456789012${n % 10},"nested":{"x":[1,{"y":null}]}}`;
    case 3:
      return `{"_key":"k${n}","unicode":"Größe 東京 😀 \\u00e9 ${n}","flag":true,"none":null}`;
    default:
      return n % 2 === 0 ? `${n}` : `"just a string ${n}"`;
  }
}

export function generatedRowTexts(count: number): string[] {
  return Array.from({ length: count }, (_, n) => generatedRowText(n));
}

/** Every `result` array of the golden transcripts (recorded from ArangoDB 3.12), one result each. */
export function goldenResults(): { name: string; rowTexts: string[] }[] {
  const results: { name: string; rowTexts: string[] }[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith('.json')) {
        const transcript = JSON.parse(readFileSync(file, 'utf8')) as { steps?: { response?: { body?: unknown } }[] };
        for (const [index, step] of (transcript.steps ?? []).entries()) {
          const body = step.response?.body;
          if (typeof body === 'object' && body !== null && 'result' in body && Array.isArray(body.result)) {
            results.push({ name: `${entry.name}#${index}`, rowTexts: body.result.map((row) => JSON.stringify(row)) });
          }
        }
      }
    }
  };
  visit(GOLDEN);
  return results;
}
