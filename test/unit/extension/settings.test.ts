import * as assert from 'node:assert/strict';
import { parseUrlList, serverUrls, settingsFrom, urlSettingsFor } from '../../../src/settings';
import type { SettingLookup } from '../../../src/settings';
import { credentialsKey } from '../../../src/connection/credentials';

/** A lookup over a plain object, as `WorkspaceConfiguration.get` would answer from settings.json. */
function lookup(values: Record<string, unknown>): SettingLookup {
  return <T>(key: string, fallback: T): T => (key in values ? (values[key] as T) : fallback);
}

describe('Server URL settings', () => {
  it('reads arangodb.url as the server and arangodb.coordinators as further coordinators', () => {
    const settings = settingsFrom(lookup({ url: 'http://10.0.0.1:8529', coordinators: ['http://10.0.0.2:8529', ' http://10.0.0.3:8529 '] }));
    assert.deepEqual(settings.urls, ['http://10.0.0.1:8529', 'http://10.0.0.2:8529', 'http://10.0.0.3:8529']);
  });

  it('still reads a list written into arangodb.url by version 0.1, as an array or with commas', () => {
    assert.deepEqual(serverUrls(['http://a:8529', 'http://b:8529'], []), ['http://a:8529', 'http://b:8529']);
    assert.deepEqual(serverUrls('http://a:8529, http://b:8529', undefined), ['http://a:8529', 'http://b:8529']);
  });

  it('names each coordinator once, the server first, and ignores blanks and non-strings', () => {
    assert.deepEqual(serverUrls('http://a:8529', ['http://b:8529', 'http://a:8529', '', 42, 'http://b:8529']), ['http://a:8529', 'http://b:8529']);
    assert.deepEqual(serverUrls('', []), []);
    assert.deepEqual(settingsFrom(lookup({})).urls, []);
  });

  it('writes what Connect was given so that it reads back as the same list, and the stored secret still matches', () => {
    const typed = parseUrlList('http://a:8529, http://b:8529 ,http://c:8529');
    assert.ok('urls' in typed);
    const written = urlSettingsFor(typed.urls);
    assert.deepEqual(written, { url: 'http://a:8529', coordinators: ['http://b:8529', 'http://c:8529'] });
    const readBack = serverUrls(written.url, written.coordinators);
    // A secret stored under 0.1, when the whole list sat in arangodb.url, is found under the same key.
    const legacy = serverUrls(['http://a:8529', 'http://b:8529', 'http://c:8529'], []);
    assert.equal(credentialsKey({ username: 'root', urls: readBack }), credentialsKey({ username: 'root', urls: legacy }));
    assert.deepEqual(urlSettingsFor(['http://a:8529']), { url: 'http://a:8529', coordinators: [] });
  });

  it('refuses what is not an http(s) URL, or carries credentials, with a reason', () => {
    assert.deepEqual(parseUrlList(' , '), { problem: 'Enter a URL such as http://127.0.0.1:8529' });
    assert.deepEqual(parseUrlList('db example'), { problem: 'db example is not a URL' });
    assert.deepEqual(parseUrlList('db.example:8529'), { problem: 'db.example:8529: use http:// or https://' });
    assert.deepEqual(parseUrlList('ftp://db.example'), { problem: 'ftp://db.example: use http:// or https://' });
    assert.match((parseUrlList('http://root:secret@db.example') as { problem: string }).problem, /Leave credentials out of the URL/);
  });
});
