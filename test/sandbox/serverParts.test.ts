/** The sandbox's building blocks on their own: ids, JWTs, the fault dice and the request queue. */
import assert from 'node:assert/strict';
import { seedDemo } from '../sandbox/seed/demo';
import { DataStore } from '../sandbox/data/store';
import { FaultInjector } from '../sandbox/server/faults';
import { IdGenerator, ownerOf, parseId } from '../sandbox/server/ids';
import { signJwt, verifyJwt } from '../sandbox/server/jwt';
import { RequestQueue } from '../sandbox/server/requestQueue';

describe('sandbox building blocks', function () {
  it('encodes the issuing coordinator in every id, and ids only grow', function () {
    const ids = new IdGenerator(() => Date.UTC(2025, 0, 1));
    const first = ids.next(0);
    const second = ids.next(2);
    assert.equal(ownerOf(first), 0);
    assert.equal(ownerOf(second), 2);
    assert.ok(parseId(second) > parseId(first));
    assert.equal(ownerOf('notthere'), undefined);
    assert.equal(parseId('123abc'), 123);
  });

  it('verifies its own JWTs and refuses expired, foreign and tampered ones', function () {
    const now = 1_700_000_000;
    const token = signJwt({ preferred_username: 'root', iss: 'arangodb', exp: now + 10 }, 'secret');
    assert.equal(verifyJwt(token, 'secret', now)?.preferred_username, 'root');
    assert.equal(verifyJwt(token, 'secret', now + 11), undefined);
    assert.equal(verifyJwt(token, 'other', now), undefined);
    const [header, , signature] = token.split('.');
    const tampered = `${header}.${Buffer.from('{"preferred_username":"admin","iss":"arangodb"}').toString('base64url')}.${signature}`;
    assert.equal(verifyJwt(tampered, 'secret', now), undefined);
    assert.equal(verifyJwt(signJwt({ iss: 'someone-else' }, 'secret'), 'secret', now), undefined);
  });

  it('rolls the same faults for the same seed and none without faults', function () {
    const roll = () => {
      const injector = new FaultInjector({ unavailableRate: 0.5, resetRate: 0.2, latencyJitterMs: 10, seed: 5 });
      return Array.from({ length: 50 }, () => injector.decide());
    };
    assert.deepEqual(roll(), roll());
    assert.deepEqual(new FaultInjector().decide(), { latencyMs: 0, unavailable: false, reset: 'none' });
    assert.throws(() => new FaultInjector({ resetRate: 1.5 }), RangeError);
  });

  it('runs queued tasks first in, first out on a bounded number of workers', async function () {
    const queue = new RequestQueue(2, 10);
    const started: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 4; i += 1) {
      queue.tryEnqueue({
        run: () =>
          new Promise<void>((resolve) => {
            started.push(i);
            releases.push(resolve);
          }),
      });
    }
    assert.deepEqual(started, [0, 1]);
    assert.equal(queue.queued, 2);
    releases[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [0, 1, 2]);
    releases.slice(1).forEach((release) => release());
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [0, 1, 2, 3]);
    releases.forEach((release) => release());
  });

  it('refuses tasks beyond the queue size', function () {
    const queue = new RequestQueue(1, 1);
    const never = { run: () => new Promise<void>(() => undefined) };
    assert.equal(queue.tryEnqueue(never), true);
    assert.equal(queue.tryEnqueue(never), true);
    assert.equal(queue.tryEnqueue(never), false);
    queue.drop();
  });

  it('seeds the demo data once, however often it is asked', function () {
    const store = new DataStore();
    seedDemo(store);
    seedDemo(store);
    const system = store.database('_system')!;
    const students = system.collection('students')!;
    assert.ok(students.count() >= 24);
    assert.ok(system.collection('courses')!.count() >= 5);
    const student = students.document('neal')!;
    assert.deepEqual(Object.keys(student).filter((key) => !key.startsWith('_')), ['name', 'age', 'city', 'courses', 'gpa']);
  });
});
