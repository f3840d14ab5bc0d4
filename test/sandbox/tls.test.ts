/** HTTPS with a self-signed certificate made for the test by openssl. */
import assert from 'node:assert/strict';
import { Agent } from 'undici';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { sendHttp } from '../support/arangoHttp';
import { selfSignedCertificate } from '../support/certificates';

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

  it('refuses a client that does not trust the certificate, in the TLS handshake', async function () {
    const strict = new Agent();
    try {
      // Only the certificate check may be the reason: a refused or reset connection is not.
      await assert.rejects(sendHttp(sandbox.url, { path: '/_api/version', auth: false, dispatcher: strict }), (error: NodeJS.ErrnoException) => {
        assert.equal(error.code, 'DEPTH_ZERO_SELF_SIGNED_CERT', `expected the self-signed certificate to be refused, got ${String(error.code)}: ${error.message}`);
        return true;
      });
    } finally {
      await strict.destroy();
    }
  });
});
