import * as assert from 'node:assert/strict';
import { unusableDatabaseMessage } from '../../../src/connection/databaseChoice';

describe('Switch Database: a name the server does not accept', () => {
  it('says the database does not exist, with the server\'s answer and the databases the user can access', () => {
    const message = unusableDatabaseMessage('sales', 'root', 'database not found (errorNum 1228, HTTP 404)', ['_system', 'shop']);
    assert.equal(
      message,
      'there is no database "sales" (the server says: database not found (errorNum 1228, HTTP 404)). Databases root can access: _system, shop. The database setting is unchanged.',
    );
  });

  it('does not claim more than a 401 says: missing, or not the user\'s', () => {
    const message = unusableDatabaseMessage('sales', 'alice', 'not authorized to execute this request (errorNum 11, HTTP 401)', undefined);
    assert.match(message, /^database "sales" does not exist, or alice may not use it \(the server says: not authorized/);
    assert.match(message, /could not be listed/);
  });

  it('refers to the picker instead of naming a long list', () => {
    const many = Array.from({ length: 40 }, (_, index) => `db${index}`);
    assert.match(unusableDatabaseMessage('x', 'root', 'database not found (errorNum 1228, HTTP 404)', many), /root can access 40 databases: pick one with Switch Database\./);
  });
});
