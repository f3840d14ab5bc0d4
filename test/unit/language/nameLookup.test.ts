import assert from 'node:assert/strict';
import { matchNames } from '../../../src/language/nameLookup';

describe('matchNames', () => {
  const names = ['Users', 'orders', 'archived_users', 'userLogs', 'products'];

  it('offers names that start with what is typed before names that contain it, ignoring case', () => {
    assert.deepEqual(matchNames(names, 'us'), ['userLogs', 'Users', 'archived_users']);
  });

  it('offers every name, sorted, when nothing is typed, and cuts the list at the limit', () => {
    assert.deepEqual(matchNames(names, ''), ['archived_users', 'orders', 'products', 'userLogs', 'Users']);
    assert.deepEqual(matchNames(names, '', 2), ['archived_users', 'orders']);
  });

  it('offers nothing when no name matches', () => {
    assert.deepEqual(matchNames(names, 'zzz'), []);
  });
});
