import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { isConnectionError } from '../../../src/client';
import type { Credentials, TlsOptions } from '../../../src/client';
import { startSandbox } from '../../sandbox/index';
import type { Sandbox } from '../../sandbox/index';
import { selfSignedCertificate } from '../../support/certificates';
import { startRig } from './rig';
import type { Rig } from './rig';

const PASSWORD = 'pw-Reliability-7c1e-secret';

/** Everything a secret could leak into: log lines (request events), stored state, result files, errors. */
function everythingWritten(rig: Rig, resultsDir: string, errors: unknown[]): string {
  const files = readdirSync(resultsDir).map((name) => readFileSync(path.join(resultsDir, name), 'latin1'));
  const errorTexts = errors.map((error) => `${String(error)}\n${inspect(error, { depth: 5, showHidden: true })}\n${JSON.stringify(error)}`);
  return [
    // The output channel's text as the extension writes it (request lines at debug level included).
    ...rig.log,
    ...rig.notices,
    ...rig.requests.map((event) => JSON.stringify(event)),
    ...[...rig.state.values.values()],
    ...files,
    ...errorTexts,
    ...rig.fetchErrors.map(({ error }) => inspect(error, { depth: 5 })),
  ].join('\n');
}

function secretForms(secret: string, username = 'root'): string[] {
  return [secret, Buffer.from(`${username}:${secret}`).toString('base64'), encodeURIComponent(secret)];
}

describe('Reliability 8: secrets stay secret, TLS is verified by default, result files are private', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let certificate: { cert: Buffer; key: Buffer };
  let resultsDir: string;
  const rigs: Rig[] = [];

  before(async () => {
    certificate = selfSignedCertificate();
    sandbox = await startSandbox({ password: PASSWORD, tls: certificate, workers: 2 });
    resultsDir = mkdtempSync(path.join(tmpdir(), 'reliability-secrets-'));
  });

  afterEach(async () => {
    await Promise.all(rigs.splice(0).map((rig) => rig.close()));
  });

  after(async () => {
    await sandbox.close();
    rmSync(resultsDir, { recursive: true, force: true });
  });

  function rig(credentials: Credentials, tls?: TlsOptions): Rig {
    const started = startRig({ hosts: sandbox.urls, credentials, database: '_system', resultsDir, requestTimeoutMs: 5000, ...(tls ? { tls } : {}) });
    rigs.push(started);
    return started;
  }

  async function runJobs(target: Rig, queries: readonly string[]): Promise<void> {
    const keys = [];
    for (const query of queries) keys.push((await target.actions.submit({ query })).key);
    target.poller.wake();
    const deadline = Date.now() + 10_000;
    while (!keys.every((key) => target.store.get(key)?.result !== undefined)) {
      assert.ok(Date.now() < deadline, 'jobs did not finish');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await target.store.flush();
  }

  it('never writes the password, its Basic header or a token into a log line, stored state, result file, error message or thrown error', async () => {
    const errors: unknown[] = [];
    const basic = rig({ username: 'root', password: PASSWORD }, { ca: certificate.cert });
    await runJobs(basic, ['FOR i IN 1..250 RETURN { i, note: "results" }', 'FOR x IN no_such_collection RETURN x', 'RETURN 1']);
    const jwt = rig({ username: 'root', password: PASSWORD, auth: 'jwt' }, { ca: certificate.cert });
    await runJobs(jwt, ['RETURN "over a JWT"']);
    // A wrong password next to the right one: the rejected one must not leak either.
    const wrongPassword = `${PASSWORD}-wrong`;
    const wrong = rig({ username: 'root', password: wrongPassword }, { ca: certificate.cert });
    await wrong.actions.submit({ query: 'RETURN 1' }).catch((error: unknown) => errors.push(error));
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJwcmVmZXJyZWRfdXNlcm5hbWUiOiJyb290In0.bm90LWEtcmVhbC1zaWduYXR1cmU';
    const bearer = rig({ token }, { ca: certificate.cert });
    await bearer.actions.submit({ query: 'RETURN 1' }).catch((error: unknown) => errors.push(error));
    await bearer.poller.refresh().then((report) => errors.push(...report.unreachable.map(({ error }) => error)));
    assert.equal(errors.length, 3, 'the wrong credentials were refused');

    let checked = 0;
    for (const target of [basic, jwt, wrong, bearer]) {
      // The log really holds every request, so there was something for a secret to leak into.
      const requestLines = target.log.filter((line) => /^debug (GET|POST|PUT|DELETE) \/_db\/_system\/_api\//.test(line));
      assert.ok(requestLines.length >= target.requests.filter((event) => event.path.startsWith('/_db/_system/_api/')).length && requestLines.length > 0, 'every request is logged');
      const written = everythingWritten(target, resultsDir, errors);
      checked += written.length;
      for (const secret of [...secretForms(PASSWORD), ...secretForms(wrongPassword), token]) {
        assert.ok(!written.includes(secret), 'a secret was written');
      }
      assert.ok(!/authorization/i.test(written));
    }
    console.log(`      secrets: ${checked} characters of request log, stored state, result files and errors checked, 0 occurrences of the password, its Basic header or a token`);
  });

  it('verifies TLS by default: a self-signed server is refused with one clear TLS error, accepted with its CA or the explicit switch', async () => {
    const unverified = rig({ username: 'root', password: PASSWORD });
    const report = await unverified.poller.refresh();
    const error = report.unreachable[0]?.error;
    assert.ok(isConnectionError(error), String(error));
    assert.equal(error.code, 'TLS');
    assert.equal(error.mayHaveReachedServer, false);
    assert.match(error.message, /certificate|TLS/i);

    for (const tls of [{ ca: certificate.cert }, { rejectUnauthorized: false }]) {
      const trusted = rig({ username: 'root', password: PASSWORD }, tls);
      await runJobs(trusted, ['RETURN "over TLS"']);
      assert.equal(trusted.store.all()[0]?.state, 'done');
    }
    console.log(`      TLS: default client refused the self-signed server (${error.code}: ${error.message.slice(0, 90)}…); the CA setting and rejectUnauthorized:false both work`);
  });

  it('keeps stored result files readable by the user only', async () => {
    const target = rig({ username: 'root', password: PASSWORD }, { ca: certificate.cert });
    await runJobs(target, ['FOR i IN 1..150 RETURN i', 'RETURN "small"', 'RETURN @missing']);
    assert.equal(statSync(resultsDir).mode & 0o777, 0o700);
    const names = readdirSync(resultsDir);
    assert.ok(names.length >= 4);
    for (const name of names) {
      assert.equal(statSync(path.join(resultsDir, name)).mode & 0o077, 0, `${name} is readable by others`);
    }
  });
});
