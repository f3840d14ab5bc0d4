import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArangoClient, AsyncExecuteError, isArangoError, isConnectionError, isResponseError } from '../../../src/client';
import type { Credentials } from '../../../src/client';
import { BindVarsFileError, parseBindValue, readBindVarsFile } from '../../../src/language/bindParameters';
import { RawServer, writeAnswer } from '../client/rawServer';
import { readStoredRows, untilResultWaiting, useRigTestbed } from './rig';
import type { Rig, RigOptions } from './rig';

const JWT_SECRET = 'reliability-jwt-secret';

function expiredToken(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ preferred_username: 'root', iss: 'arangodb', iat: 1_600_000_000, exp: 1_600_003_600 })}`;
  return `${unsigned}.${createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

describe('Reliability 6: bad input gives a clear message, with errorNum where ArangoDB has one, and no crash', function () {
  this.timeout(30_000);
  const testbed = useRigTestbed('reliability_input', { jwtSecret: JWT_SECRET }, { autoFetch: false });
  const rig = (options: Partial<RigOptions> = {}): Rig => testbed.rig(options);
  let database: string;
  let resultsDir: string;
  const messages: string[] = [];

  before(() => {
    ({ database, resultsDir } = testbed);
  });

  after(() => {
    console.log(`      bad input: ${messages.length} cases, each a message:\n${messages.map((line) => `        ${line}`).join('\n')}`);
  });

  /** Submits through the job layer, waits for the job, fetches it, and returns its recorded error. */
  async function failedJob(query: string, bindVars?: Record<string, unknown>) {
    const target = rig();
    const job = await target.actions.submit({ query, ...(bindVars ? { bindVars } : {}) });
    await untilResultWaiting(target, job.key);
    const outcome = await target.actions.fetchResult(job.key);
    assert.equal(outcome.kind, 'failed');
    const error = outcome.job.error;
    assert.ok(error);
    const stored = await target.results.get(job.key);
    assert.equal(stored?.kind, 'error', 'the error is stored for later');
    messages.push(`${JSON.stringify(query.slice(0, 30))}: ${error.message} (errorNum ${error.errorNum}, HTTP ${error.httpCode})`);
    return error;
  }

  it('invalid AQL: the job fails with 1501 and the position', async () => {
    const error = await failedJob('FOR x IN\nRETURN');
    assert.equal(error.errorNum, 1501);
    assert.match(error.message, /syntax error.*position \d+:\d+/);
  });

  it('an unknown collection: 1203 naming it', async () => {
    const error = await failedJob('FOR x IN no_such_collection RETURN x');
    assert.equal(error.errorNum, 1203);
    assert.match(error.message, /no_such_collection/);
  });

  it('a missing bind parameter: 1551 naming it', async () => {
    const error = await failedJob('RETURN @missing');
    assert.equal(error.errorNum, 1551);
    assert.match(error.message, /missing/);
  });

  it('a bind parameter that is no JSON value: refused before anything is sent, typed or from its .bindvars.json file', async () => {
    const typed = parseBindValue('{not: json}');
    assert.equal(typed.ok, false);
    messages.push(`typed bind value "{not: json}": ${typed.ok ? '' : typed.message}`);
    const file = path.join(resultsDir, 'query.bindvars.json');
    writeFileSync(file, '{"n": 1,');
    await assert.rejects(readBindVarsFile(file), (error: unknown) => {
      assert.ok(error instanceof BindVarsFileError);
      assert.equal(error.code, 'BINDVARS_NOT_JSON');
      messages.push(`query.bindvars.json with '{"n": 1,': ${error.message.replace(resultsDir, '…')}`);
      return true;
    });
  });

  it('an empty selection: the server says the query is empty (1502)', async () => {
    const error = await failedJob('   ');
    assert.equal(error.errorNum, 1502);
  });

  it('a 1 MB query runs and its result is stored whole', async () => {
    const target = rig();
    const text = 'x'.repeat(1024 * 1024);
    const job = await target.actions.submit({ query: `RETURN LENGTH("${text}")` });
    while (target.store.get(job.key)?.resultWaiting !== true) await target.poller.refresh();
    assert.equal((await target.actions.fetchResult(job.key)).kind, 'stored');
    const stored = await target.results.get(job.key);
    assert.ok(stored && stored.kind !== 'error');
    assert.deepEqual(await readStoredRows(stored), [1024 * 1024]);
  });

  async function refusedSubmission(credentials: Credentials): Promise<AsyncExecuteError> {
    const target = rig({ credentials });
    let refused: AsyncExecuteError | undefined;
    await assert.rejects(target.actions.submit({ query: 'RETURN 1' }), (error: unknown) => {
      assert.ok(error instanceof AsyncExecuteError, String(error));
      refused = error;
      return true;
    });
    assert.equal(target.store.all().length, 0, 'a refused submission is not tracked');
    return refused!;
  }

  it('a wrong password: 401 with errorNum 11, and the password appears nowhere', async () => {
    const wrong = 'wrong-password-3f9a';
    const error = await refusedSubmission({ username: 'root', password: wrong });
    assert.equal(error.httpCode, 401);
    assert.equal(error.errorCode, 11);
    assert.ok(!`${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`.includes(wrong));
    messages.push(`wrong password: ${error.message} (errorNum ${error.errorCode}, HTTP ${error.httpCode})`);
  });

  it('an expired token: 401 with errorNum 11', async () => {
    const token = expiredToken();
    const error = await refusedSubmission({ token });
    assert.equal(error.httpCode, 401);
    assert.equal(error.errorCode, 11);
    assert.ok(!`${error.message} ${JSON.stringify(error)}`.includes(token));
    messages.push(`expired token: ${error.message} (errorNum ${error.errorCode}, HTTP ${error.httpCode})`);
  });

  it('an invalid URL setting: a message saying what a URL looks like, and URLs with credentials refused', () => {
    for (const hosts of ['not a url', 'http://', 'http://root:secret@127.0.0.1:8529']) {
      assert.throws(() => new ArangoClient({ hosts }), (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.match(error.message, /host URL/);
        assert.ok(!error.message.includes('secret'));
        messages.push(`URL ${JSON.stringify(hosts.replace('secret', '***'))}: ${error.message}`);
        return true;
      });
    }
  });

  describe('answers that are not ArangoDB\'s', () => {
    let raw: RawServer;
    let mode: 'html' | 'cut' = 'html';

    before(async () => {
      raw = await RawServer.start((socket) => {
        if (mode === 'html') {
          writeAnswer(socket, 200, '<html>proxy login</html>', 'text/html');
        } else {
          socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n["1","2"');
          socket.end();
        }
      });
    });

    after(() => raw.close());

    for (const [which, expected] of [['html', /INVALID_JSON|UNEXPECTED_BODY/], ['cut', /TRUNCATED|ECONNRESET/]] as const) {
      it(`a response ${which === 'html' ? 'that is not JSON' : 'cut off mid-body'}: the refresh reports the coordinator with a clear error, nothing is judged`, async () => {
        mode = which;
        const target = rig({ hosts: [raw.url], requestTimeoutMs: 3000 });
        const coordinator = target.client.coordinators[0] ?? '';
        target.store.add({ key: `${coordinator}#7`, id: '7', coordinator, database, origin: 'submitted', state: 'pending', submittedAt: 0, resultWaiting: false });
        const report = await target.poller.refresh();
        assert.equal(report.unreachable.length, 1);
        const error = report.unreachable[0]?.error;
        assert.ok(isResponseError(error) || isConnectionError(error), String(error));
        assert.match(`${(error as { code: string }).code}`, expected);
        assert.equal(target.store.get(`${coordinator}#7`)?.state, 'pending');
        messages.push(`${which === 'html' ? 'non-JSON answer' : 'cut-off answer'}: ${(error as Error).message}`);
      });
    }
  });

  it('a result larger than the row limit: stored in full as JSON Lines, with a preview of the first rows', async () => {
    const target = rig({ rowLimit: 10 });
    const job = await target.actions.submit({ query: 'FOR i IN 1..25 RETURN i', options: { batchSize: 7 } });
    while (target.store.get(job.key)?.resultWaiting !== true) await target.poller.refresh();
    assert.equal((await target.actions.fetchResult(job.key)).kind, 'stored');
    const stored = await target.results.get(job.key);
    assert.ok(stored && stored.kind === 'jsonl' && stored.previewPath !== undefined);
    assert.deepEqual(await readStoredRows(stored), Array.from({ length: 25 }, (_, i) => i + 1));
    assert.deepEqual(JSON.parse(readFileSync(stored.previewPath, 'utf8')), Array.from({ length: 10 }, (_, i) => i + 1));
    assert.ok(!isArangoError(stored));
    messages.push('25 rows over a row limit of 10: stored as JSON Lines with a 10-row preview');
  });
});
