/** HTTPS with a self-signed certificate made for the test by openssl. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Agent } from 'undici';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { sendHttp } from '../support/arangoHttp';

/** A self-signed certificate for 127.0.0.1, valid for a day. */
function selfSignedCertificate(): { cert: Buffer; key: Buffer } {
  const folder = mkdtempSync(path.join(tmpdir(), 'sandbox-tls-'));
  try {
    const keyFile = path.join(folder, 'key.pem');
    const certFile = path.join(folder, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'pipe' },
    );
    return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('TLS', function () {
  let sandbox: Sandbox;
  let certificate: { cert: Buffer; key: Buffer };
  let agent: Agent;

  before(async function () {
    certificate = selfSignedCertificate();
    sandbox = await startSandbox({ password: 'tls-password', tls: certificate });
    agent = new Agent({ connect: { ca: certificate.cert } });
  });

  after(async function () {
    await agent?.destroy();
    await sandbox?.close();
  });

  it('serves HTTPS with the given certificate', async function () {
    assert.match(sandbox.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const response = await sendHttp(sandbox.url, {
      path: '/_api/version',
      auth: { username: 'root', password: 'tls-password' },
      dispatcher: agent,
    });
    assert.equal(response.status, 200);
  });

  it('runs async jobs over HTTPS', async function () {
    const auth = { username: 'root', password: 'tls-password' };
    const submitted = await sendHttp(sandbox.url, {
      method: 'PUT',
      path: '/_api/version',
      headers: { 'x-arango-async': 'store' },
      auth,
      dispatcher: agent,
    });
    assert.equal(submitted.status, 202);
    const id = String(submitted.headers['x-arango-async-id']);
    const status = await sendHttp(sandbox.url, { path: `/_api/job/${id}`, auth, dispatcher: agent });
    assert.equal(status.status, 200);
  });

  it('refuses a client that does not trust the certificate', async function () {
    const strict = new Agent();
    try {
      await assert.rejects(sendHttp(sandbox.url, { path: '/_api/version', auth: false, dispatcher: strict }));
    } finally {
      await strict.destroy();
    }
  });
});
