import * as assert from 'node:assert/strict';
import { isLoopback, passwordExposedTo } from '../../../src/connection/credentials';

const password = { kind: 'password', value: 'pw' } as const;

describe('Which connections send the password in the clear', () => {
  it('names every plain-http URL to another machine when a password is used', () => {
    const urls = ['http://db.example:8529', 'https://db2.example:8529', 'http://10.0.0.7:8529', 'http://127.0.0.1:8529'];
    assert.deepEqual(passwordExposedTo(urls, password), ['http://db.example:8529', 'http://10.0.0.7:8529']);
  });

  it('counts nothing for https, a JWT token, an empty password or no secret', () => {
    assert.deepEqual(passwordExposedTo(['https://db.example:8529'], password), []);
    assert.deepEqual(passwordExposedTo(['http://db.example:8529'], { kind: 'token', value: 'eyJ…' }), []);
    assert.deepEqual(passwordExposedTo(['http://db.example:8529'], { kind: 'password', value: '' }), []);
    assert.deepEqual(passwordExposedTo(['http://db.example:8529'], undefined), []);
  });

  it('treats only addresses that never leave this machine as loopback, however URL spells them', () => {
    for (const url of ['http://localhost:8529', 'http://LOCALHOST.:8529', 'http://db.localhost', 'http://127.0.0.1', 'http://127.1', 'http://127.255.0.9', 'http://[::1]:8529', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/']) {
      assert.ok(isLoopback(new URL(url).hostname), url);
    }
    for (const url of ['http://localhost.example.com', 'http://128.0.0.1', 'http://[::2]', 'http://0.0.0.0', 'http://[::ffff:10.0.0.1]', 'http://127.0.0.1.nip.io']) {
      assert.ok(!isLoopback(new URL(url).hostname), url);
    }
  });
});
