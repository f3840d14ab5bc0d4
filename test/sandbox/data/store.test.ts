import assert from 'node:assert/strict';
import { ArangoError } from '../errors';
import { DataStore } from './store';

function errorOf(action: () => unknown): ArangoError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ArangoError);
    return error;
  }
  assert.fail('expected an ArangoError');
}

describe('DataStore databases', () => {
  it('starts with the _system database', () => {
    const store = new DataStore();
    assert.deepEqual(store.databaseNames(), ['_system']);
    assert.equal(store.database('_system')?.name, '_system');
  });

  it('creates, lists (sorted) and drops databases', () => {
    const store = new DataStore();
    store.createDatabase('zeta');
    store.createDatabase('alpha');
    assert.deepEqual(store.databaseNames(), ['_system', 'alpha', 'zeta']);
    store.dropDatabase('zeta');
    assert.deepEqual(store.databaseNames(), ['_system', 'alpha']);
    assert.equal(store.database('zeta'), undefined);
  });

  it('refuses a duplicate database name with 409/1207', () => {
    const store = new DataStore();
    store.createDatabase('shop');
    const error = errorOf(() => store.createDatabase('shop'));
    assert.deepEqual([error.httpCode, error.errorNum, error.message], [409, 1207, 'duplicate database name']);
  });

  it('refuses invalid database names with 400/1229', () => {
    const store = new DataStore();
    for (const name of ['', '_hidden', ' padded ', 'a/b', '1abc', 'x'.repeat(129)]) {
      const error = errorOf(() => store.createDatabase(name));
      assert.deepEqual([error.httpCode, error.errorNum, error.message], [400, 1229, 'database name invalid'], name);
    }
  });

  it('drops an unknown database with 404/1228 and never drops _system', () => {
    const store = new DataStore();
    const missing = errorOf(() => store.dropDatabase('nope'));
    assert.deepEqual([missing.httpCode, missing.errorNum, missing.message], [404, 1228, 'database not found']);
    const system = errorOf(() => store.dropDatabase('_system'));
    assert.equal(system.httpCode, 403);
    assert.ok(store.database('_system'));
  });
});

describe('DataStore collections', () => {
  it('creates collections with increasing numeric ids, in creation order', () => {
    const db = new DataStore().database('_system')!;
    const first = db.createCollection('first');
    const second = db.createCollection('second', { type: 3 });
    assert.ok(Number(second.id) > Number(first.id));
    assert.deepEqual(
      db.collections().map((collection) => [collection.name, collection.type, collection.database]),
      [
        ['first', 2, '_system'],
        ['second', 3, '_system'],
      ],
    );
  });

  it('refuses duplicate (409/1207) and illegal (400/1208) collection names', () => {
    const db = new DataStore().database('_system')!;
    db.createCollection('users');
    const duplicate = errorOf(() => db.createCollection('users'));
    assert.deepEqual([duplicate.httpCode, duplicate.errorNum, duplicate.message], [409, 1207, 'duplicate name']);
    for (const name of ['', ' this name is invalid ', 'a/b', '_system_like']) {
      const illegal = errorOf(() => db.createCollection(name));
      assert.deepEqual([illegal.httpCode, illegal.errorNum, illegal.message], [400, 1208, 'illegal name'], name);
    }
  });

  it('allows names starting with _ only for system collections', () => {
    const db = new DataStore().database('_system')!;
    assert.equal(db.createCollection('_mine', { isSystem: true }).isSystem, true);
  });

  it('drops collections; an unknown one is 404/1203', () => {
    const db = new DataStore().database('_system')!;
    db.createCollection('gone');
    db.dropCollection('gone');
    assert.equal(db.collection('gone'), undefined);
    const error = errorOf(() => db.dropCollection('gone'));
    assert.deepEqual([error.httpCode, error.errorNum, error.message], [404, 1203, 'collection or view not found']);
  });

  it('keeps databases apart', () => {
    const store = new DataStore();
    store.createDatabase('other').createCollection('things');
    assert.equal(store.database('_system')!.collection('things'), undefined);
  });
});
