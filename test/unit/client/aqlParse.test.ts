import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AQLQueryParseError, AQLQueryRulesError, ArangoResponseError } from '../../../src/client';
import type { Database } from '../../../src/client';
import { goldenFolder } from '../../support/goldenTranscripts';
import { MockArango, errorBody, rejectionOf } from './mockArango';

interface Step {
  request: { method: string; path: string; body?: unknown };
  response: { status: number; body: unknown };
}

function recording(name: string): Step {
  return (JSON.parse(readFileSync(path.join(goldenFolder(), 'later', `${name}.json`), 'utf8')) as { steps: Step[] }).steps[0]!;
}

describe('client: parsing a query and listing optimizer rules', () => {
  let server: MockArango;
  let db: Database;

  beforeEach(() => {
    server = new MockArango();
    db = server.client().db('test', { username: 'root', password: 'passwd' });
  });

  afterEach(() => server.close());

  it("parses RestQueryValid's query: sends only the query, resolves to its collections, bind parameters and tree", async () => {
    const valid = recording('RestQueryValid');
    server.answer('POST', '/_db/test/_api/query', { status: valid.response.status, body: valid.response.body });
    const query = (valid.request.body as { query: string }).query;
    const parsed = await db.aql.parse(query);
    assert.deepEqual(JSON.parse(server.last.body ?? ''), { query });
    assert.deepEqual([parsed.collections, parsed.bindVars], [[], []]);
    assert.equal((parsed.ast[0] as { type: string }).type, 'root');
  });

  it("rejects RestQueryInvalid's syntax error with AQLQueryParseError, errorCode 1501 and the server's message", async () => {
    const invalid = recording('RestQueryInvalid');
    server.answer('POST', '/_db/test/_api/query', { status: invalid.response.status, body: invalid.response.body });
    const error = await rejectionOf(db.aql.parse((invalid.request.body as { query: string }).query));
    assert.ok(error instanceof AQLQueryParseError);
    assert.equal(error.errorCode, 1501);
    assert.equal(error.message, (invalid.response.body as { errorMessage: string }).errorMessage);
  });

  it('refuses a parse answer whose collections are not a list of names', async () => {
    server.answer('POST', '/_db/test/_api/query', { status: 200, body: { error: false, code: 200, parsed: true, collections: [1], bindVars: [] } });
    assert.ok((await rejectionOf(db.aql.parse('RETURN 1'))) instanceof ArangoResponseError);
  });

  it("lists RestQueryRules' rules with their flags, and rejects a failure with AQLQueryRulesError", async () => {
    const rules = recording('RestQueryRules');
    server.answer('GET', '/_db/test/_api/query/rules', { status: 200, body: rules.response.body });
    const listed = await db.aql.optimizerRules();
    assert.equal(listed.length, (rules.response.body as unknown[]).length);
    assert.deepEqual(listed.find((rule) => rule.name === 'splice-subqueries')?.flags.canBeDisabled, false);
    server.answer('GET', '/_db/test/_api/query/rules', { status: 404, body: errorBody(404, 404, 'unknown path') });
    assert.ok((await rejectionOf(db.aql.optimizerRules())) instanceof AQLQueryRulesError);
  });
});
