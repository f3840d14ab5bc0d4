/** Raw async-job steps for tests: submit with `x-arango-async: store`, poll, fetch. */
import type { HttpRequestOptions, HttpResult } from './arangoHttp';
import type { TestServer } from './testServer';
import { waitUntil } from './waitUntil';

type Target = HttpRequestOptions & { coordinator?: number };

/** Submits a request as a stored async job and returns its id; throws unless the server said 202 with an id. */
export async function submitJob(server: TestServer, request: Target): Promise<string> {
  const response = await server.request({ ...request, headers: { ...request.headers, 'x-arango-async': 'store' } });
  const id = response.headers['x-arango-async-id'];
  if (response.status !== 202 || typeof id !== 'string') {
    throw new Error(`submitting ${request.method ?? 'GET'} ${request.path} failed: ${response.status} ${response.text}`);
  }
  return id;
}

/** A query that keeps a job busy for `seconds`. */
export function sleepQuery(seconds: number): Target {
  return { method: 'POST', path: '/_api/cursor', body: { query: `RETURN SLEEP(${seconds})` } };
}

/** `GET /_api/job/{id}`'s status code: 200 done, 204 pending, 404 unknown. */
export async function jobStatus(server: TestServer, id: string, extra: Partial<Target> = {}): Promise<number> {
  return (await server.request({ ...extra, path: `/_api/job/${id}` })).status;
}

/** Waits until the job is done (status 200). */
export async function waitForJob(server: TestServer, id: string, timeoutMs = 10_000, extra: Partial<Target> = {}): Promise<void> {
  await waitUntil(async () => (await jobStatus(server, id, extra)) === 200, { timeoutMs, what: `job ${id} to be done` });
}

/** Fetches (and so removes) a job's stored result. */
export function fetchJob(server: TestServer, id: string, extra: Partial<Target> = {}): Promise<HttpResult> {
  return server.request({ ...extra, method: 'PUT', path: `/_api/job/${id}` });
}

/** The ids in `GET /_api/job/{pending|done}`. */
export async function listJobs(server: TestServer, type: 'pending' | 'done', extra: Partial<Target> = {}): Promise<string[]> {
  const response = await server.request({ ...extra, path: `/_api/job/${type}` });
  return response.json as string[];
}
