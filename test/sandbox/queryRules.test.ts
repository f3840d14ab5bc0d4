/**
 * `GET /_api/query/rules`: the optimizer rules with their descriptions and flags, answered as the
 * recording RestQueryRules of ArangoDB 3.12.10. A real server of another 3.12 release may list a
 * few rules more or less, so against one only the shape is compared.
 */
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/testServer';
import { laterRecording } from './laterRecordings';

type Json = Record<string, unknown>;

describe('sandbox: GET /_api/query/rules', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  it('lists every rule with the keys and flag names of RestQueryRules, in its order', async function () {
    const recorded = laterRecording('RestQueryRules');
    const response = await server.request({ path: '/_api/query/rules' });
    assert.equal(response.status, recorded.status);
    const rules = response.json as Json[];
    const recordedRules = recorded.body as unknown as Json[];
    assert.ok(Array.isArray(rules) && rules.length > 0, 'a non-empty JSON array');
    const shape = (rule: Json) => [Object.keys(rule), Object.keys(rule['flags'] as Json), typeof rule['name'], typeof rule['description']];
    for (const rule of rules) {
      assert.deepEqual(shape(rule), shape(recordedRules[0]!), JSON.stringify(rule));
      assert.ok(Object.values(rule['flags'] as Json).every((flag) => typeof flag === 'boolean'), JSON.stringify(rule));
    }
    const named = (name: string) => rules.find((rule) => rule['name'] === name);
    assert.equal((named('use-indexes')?.['flags'] as Json | undefined)?.['canBeDisabled'], true);
    assert.equal((named('splice-subqueries')?.['flags'] as Json | undefined)?.['canBeDisabled'], false);
    if (!server.real) {
      assert.deepEqual(rules, recordedRules);
    }
  });
});
