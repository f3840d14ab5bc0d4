import assert from 'node:assert/strict';
import { AQLQueryExplainError } from '../../../src/client';
import type { Database } from '../../../src/client';
import { MockArango, errorBody, rejectionOf } from './mockArango';

describe('client: explain', () => {
  let server: MockArango;
  let db: Database;

  beforeEach(() => {
    server = new MockArango();
    db = server.client().db('test', { username: 'root', password: 'passwd' });
  });

  afterEach(async () => {
    await server.close();
  });

  it('sends the query with its bind parameters, allPlans and optimizer rules, and returns the answer as sent', async () => {
    const answer = { plans: [{ nodes: [] }], warnings: [], stats: { plansCreated: 2 }, error: false, code: 200 };
    server.answer('POST', '/_db/test/_api/explain', { status: 200, body: answer });
    const explained = await db.explain('FOR s IN @@c RETURN s', { bindVars: { '@c': 'students' }, allPlans: true, optimizerRules: ['-use-indexes'] });
    assert.deepEqual(explained, answer);
    assert.deepEqual(JSON.parse(server.last.body ?? ''), {
      query: 'FOR s IN @@c RETURN s',
      bindVars: { '@c': 'students' },
      options: { allPlans: true, optimizer: { rules: ['-use-indexes'] } },
    });
  });

  it('sends no options when none are given', async () => {
    server.answer('POST', '/_db/test/_api/explain', { status: 200, body: { plan: { nodes: [] }, cacheable: true } });
    await db.explain('RETURN 1');
    assert.deepEqual(JSON.parse(server.last.body ?? ''), { query: 'RETURN 1' });
  });

  it('throws AQLQueryExplainError with the errorNum of a syntax error', async () => {
    server.answer('POST', '/_db/test/_api/explain', { status: 400, body: errorBody(400, 1501, 'syntax error, unexpected end of query string near \'\' at position 1:7') });
    const error = await rejectionOf(db.explain('RETURN'));
    assert.ok(error instanceof AQLQueryExplainError);
    assert.equal(error.errorCode, 1501);
    assert.equal(error.httpCode, 400);
  });
});
