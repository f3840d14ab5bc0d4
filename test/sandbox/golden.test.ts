/**
 * Replays every golden transcript (recorded from a real ArangoDB 3.12.10) against the test server
 * and compares the answers as the golden README prescribes. `v3.11/` and `later/` are not replayed.
 */
import { existsSync } from 'node:fs';
import {
  compareResponse,
  goldenFolder,
  loadTranscripts,
  type Captures,
  type Transcript,
  type TranscriptRequest,
  type TranscriptStep,
} from '../support/goldenTranscripts';
import { startTestServer, type TestServer } from '../support/testServer';

/** `POST /_api/transaction` runs server-side JavaScript; a long cursor is an equally pending job. */
function replacementFor(request: TranscriptRequest): TranscriptRequest {
  if (request.method === 'POST' && request.path === '/_api/transaction') {
    const replaced: TranscriptRequest = { method: 'POST', path: '/_api/cursor', body: { query: 'RETURN SLEEP(15)' } };
    return request.headers === undefined ? replaced : { ...replaced, headers: request.headers };
  }
  return request;
}

interface ReplayState {
  captures: Captures;
  /** `time` of the last `GET /_admin/time`, passed as `stamp` (job_delete_02). */
  serverTime?: number;
  log: string[];
}

function substitute(path: string, state: ReplayState): string {
  let result = path;
  if (state.captures.job !== undefined) {
    result = result.split('$job').join(state.captures.job);
  }
  if (state.captures.cursor !== undefined) {
    result = result.split('$cursor').join(state.captures.cursor);
  }
  if (state.serverTime !== undefined) {
    result = result.replace(/([?&]stamp=)[0-9.]+/, `$1${state.serverTime}`);
  }
  return result;
}

async function send(server: TestServer, step: TranscriptStep, state: ReplayState) {
  const request = replacementFor(step.request);
  const path = substitute(request.path, state);
  const response = await server.request({
    method: request.method,
    path,
    ...(request.headers === undefined ? {} : { headers: request.headers }),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  state.log.push(`${request.method} ${path} -> ${response.status} ${response.text.slice(0, 300)}`);
  return { request, path, response };
}

function capture(step: TranscriptStep, response: { headers: Record<string, unknown>; text: string }, state: ReplayState): void {
  if (step.capture === 'job') {
    const id = response.headers['x-arango-async-id'];
    if (typeof id === 'string') {
      state.captures.job = id;
    }
  } else if (step.capture === 'cursor') {
    const body = JSON.parse(response.text) as { id?: unknown };
    if (typeof body.id === 'string') {
      state.captures.cursor = body.id;
    }
  }
}

/** Collections the example's setup creates, dropped first so a real server starts clean too. */
function collectionsCreatedBy(transcript: Transcript): string[] {
  return (transcript.setup ?? [])
    .filter((step) => step.request.method === 'POST' && step.request.path === '/_api/collection')
    .map((step) => (step.request.body as { name?: unknown } | undefined)?.name)
    .filter((name): name is string => typeof name === 'string');
}

async function replay(server: TestServer, transcript: Transcript): Promise<void> {
  const state: ReplayState = { captures: {}, log: [] };
  await server.request({ method: 'DELETE', path: '/_api/job/all' });
  for (const name of collectionsCreatedBy(transcript)) {
    await server.request({ method: 'DELETE', path: `/_api/collection/${encodeURIComponent(name)}` });
  }
  try {
    for (const step of transcript.setup ?? []) {
      await send(server, step, state);
    }
    const failures: string[] = [];
    for (const [index, step] of transcript.steps.entries()) {
      const { request, path, response } = await send(server, step, state);
      if (step.recorded !== false && step.response !== undefined) {
        const differences = compareResponse(step.response, response, state.captures);
        if (differences.length > 0) {
          failures.push(
            `step ${index + 1} (${request.method} ${path}):\n    ${differences.join('\n    ')}\n` +
              `    recorded body: ${JSON.stringify(step.response.body)}\n    live body:     ${response.text}`,
          );
        }
      }
      capture(step, response, state);
      if (request.method === 'GET' && path === '/_admin/time' && response.status === 200) {
        state.serverTime = (JSON.parse(response.text) as { time: number }).time;
      }
    }
    if (failures.length > 0) {
      throw new Error(
        `${transcript.name} differs from ArangoDB 3.12.10 (${transcript.what}):\n  ${failures.join('\n  ')}\n` +
          `  requests sent:\n    ${state.log.join('\n    ')}`,
      );
    }
  } finally {
    for (const step of transcript.teardown ?? []) {
      await send(server, step, state);
    }
    if (state.captures.job !== undefined) {
      await server.request({ method: 'PUT', path: `/_api/job/${state.captures.job}/cancel` });
    }
    await server.request({ method: 'DELETE', path: '/_api/job/all' });
  }
}

describe('golden transcripts recorded from ArangoDB 3.12.10', function () {
  const folder = goldenFolder();
  if (!existsSync(folder)) {
    it('finds the golden transcripts', function () {
      throw new Error(`the golden transcripts are missing: expected them in ${folder}`);
    });
    return;
  }
  const transcripts = loadTranscripts(folder);
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  it('has transcripts to replay', function () {
    if (transcripts.length === 0) {
      throw new Error(`no transcripts in ${folder}`);
    }
  });

  for (const { file, transcript } of transcripts) {
    it(`${file}: ${transcript.what}`, async function () {
      await replay(server, transcript);
    });
  }
});
