/**
 * The function catalogue checked against the server itself: each name is parsed by
 * `POST /_api/query` (never run), and the server must know it — 1540 ("usage of unknown
 * function") is the one answer that says it does not; a wrong argument count (1541) still means
 * it knows the name. Against the sandbox, the functions it leaves out are named here exactly, so
 * a change on either side shows; against a real 3.12 server (ARANGODB_URL) only the vector
 * functions of later 3.12 releases may be missing.
 */
import assert from 'node:assert/strict';
import { AQL_FUNCTIONS } from '../../../src/language/aqlFunctions';
import { startTestServer, type TestServer } from '../../support/testServer';

const UNKNOWN_FUNCTION = 1540;
/** Not in the sandbox: V8 (no JavaScript engine), OFFSET_INFO (no ArangoSearch), the vector index functions. */
const SANDBOX_LACKS = ['APPROX_NEAR_COSINE', 'APPROX_NEAR_INNER_PRODUCT', 'APPROX_NEAR_L2', 'OFFSET_INFO', 'V8'];
/** Added in 3.12.4 and 3.12.6: an earlier 3.12 server does not know them yet. */
const LATER_3_12 = ['APPROX_NEAR_COSINE', 'APPROX_NEAR_INNER_PRODUCT', 'APPROX_NEAR_L2'];

describe('AQL function catalogue against the server', function () {
  let server: TestServer;

  before(async function () {
    server = await startTestServer();
  });

  after(async function () {
    await server.close();
  });

  async function unknownToServer(name: string): Promise<boolean> {
    const response = await server.request({ method: 'POST', path: '/_api/query', body: { query: `RETURN ${name}()` } });
    return (response.json as { errorNum?: number } | undefined)?.errorNum === UNKNOWN_FUNCTION;
  }

  it('says 1540 for a function that does not exist (so the check below can fail)', async function () {
    assert.equal(await unknownToServer('NO_SUCH_FUNCTION_ANYWHERE'), true);
  });

  it('knows every function of the catalogue', async function () {
    const unknown: string[] = [];
    for (const fn of AQL_FUNCTIONS) {
      if (await unknownToServer(fn.name)) unknown.push(fn.name);
    }
    if (server.real) {
      assert.deepEqual(unknown.filter((name) => !LATER_3_12.includes(name)), [], `the server does not know: ${unknown.join(', ')}`);
    } else {
      assert.deepEqual(unknown.sort(), SANDBOX_LACKS);
    }
  });
});
