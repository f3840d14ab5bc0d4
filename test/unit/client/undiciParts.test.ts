import * as assert from 'node:assert/strict';
import { Pool as IndexPool } from 'undici';
import { Pool } from '../../../src/client/undiciParts';

describe("undici's Pool, taken from its own module", () => {
  it("is the very Pool that undici's index exports", () => {
    assert.equal(Pool, IndexPool);
  });
});
