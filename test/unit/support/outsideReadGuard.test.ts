import * as assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, promises, readdirSync, readFile, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { readFile as readFilePromise } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findRepoRoot } from '../../support/goldenTranscripts';
import { installOutsideReadGuard, isBesideRepository, limitOutsideReadGuardTo, mochaHooks, takeOutsideReads } from '../../support/outsideReadGuard';

const REPO = findRepoRoot(__dirname);
/**
 * A file in a folder beside the repository, such as a sibling checkout: a fresh clone elsewhere has
 * none. The guard judges the path, so the file need not exist.
 */
const SIBLING_PARTS = ['sibling-checkout', 'notes', 'README.md'] as const;
const SIBLING = path.resolve(REPO, '..', ...SIBLING_PARTS);
/**
 * A clone directly in the temporary folder shares it with the tests' own folders: there the guard
 * refuses only siblings that were there before the run, and this made-up one is not.
 */
function skipUnlessSiblingGuarded(context: Mocha.Context): void {
  if (!isBesideRepository(SIBLING)) context.skip();
}

function refusedCode(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EOUTSIDEREPO' && String(error).includes(SIBLING);
}

describe('the outside-read guard (loaded for every mocha run by .mocharc.json)', () => {
  before(() => installOutsideReadGuard());
  afterEach(() => takeOutsideReads());

  it('refuses sync, callback and promise reads beside the repository, naming the path and the test', async function () {
    skipUnlessSiblingGuarded(this);
    assert.throws(() => readFileSync(SIBLING, 'utf8'), refusedCode);
    assert.throws(() => statSync(SIBLING), refusedCode);
    assert.throws(() => lstatSync(SIBLING), refusedCode);
    assert.throws(() => readdirSync(path.dirname(SIBLING)), /EOUTSIDEREPO/);
    assert.throws(() => existsSync(SIBLING), refusedCode);
    await assert.rejects(promisify(readFile)(SIBLING), refusedCode);
    await assert.rejects(readFilePromise(SIBLING), refusedCode);
    await assert.rejects(promises.stat(SIBLING), refusedCode);
    const reads = takeOutsideReads();
    assert.deepEqual(reads.map((read) => read.call), [
      'readFileSync', 'statSync', 'lstatSync', 'readdirSync', 'existsSync', 'readFile', 'promises.readFile', 'promises.stat',
    ]);
    assert.ok(reads.every((read) => read.test === this.test?.fullTitle()), JSON.stringify(reads));
  });

  it('limited to the project\'s own code (as in the extension host), lets other code\'s reads pass and still refuses the project\'s', function () {
    skipUnlessSiblingGuarded(this);
    try {
      // No frame of this call lies in a folder that does not exist: it counts as someone else's read.
      limitOutsideReadGuardTo([path.join(REPO, 'no-such-folder')]);
      assert.throws(() => statSync(SIBLING + '.absent'), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
      assert.deepEqual(takeOutsideReads(), []);
      // This test's read is the project's own: its stack names out/, or test/ where mocha maps stacks to the sources.
      limitOutsideReadGuardTo([path.join(REPO, 'out'), path.join(REPO, 'test')]);
      assert.throws(() => readFileSync(SIBLING, 'utf8'), refusedCode);
      assert.equal(takeOutsideReads().length, 1);
    } finally {
      limitOutsideReadGuardTo(undefined);
    }
  });

  it('lets a program be looked up on PATH, where npm puts every parent folder\'s node_modules/.bin', function () {
    skipUnlessSiblingGuarded(this);
    const bin = path.resolve(REPO, '..', 'node_modules', '.bin');
    const before = process.env['PATH'];
    try {
      // npm and npx put it on PATH themselves: without it, the same stat is a read beside the repository.
      process.env['PATH'] = (before ?? '').split(path.delimiter).filter((entry) => path.resolve(entry) !== bin).join(path.delimiter);
      assert.throws(() => statSync(path.join(bin, 'npm')), /EOUTSIDEREPO/);
      takeOutsideReads();
      process.env['PATH'] = `${bin}${path.delimiter}${process.env['PATH']}`;
      assert.throws(() => statSync(path.join(bin, 'npm')), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
      assert.deepEqual(takeOutsideReads(), []);
    } finally {
      process.env['PATH'] = before;
    }
  });

    it('catches a sibling reached by a relative path or through a symbolic link', function () {
    skipUnlessSiblingGuarded(this);
    const cwd = process.cwd();
    const links = mkdtempSync(path.join(os.tmpdir(), 'outside-read-guard-'));
    try {
      process.chdir(REPO);
      assert.throws(() => readFileSync(path.join('..', ...SIBLING_PARTS)), /EOUTSIDEREPO/);
      // A link in the (allowed) temporary folder to the repository's parent lists the siblings.
      symlinkSync(path.dirname(REPO), path.join(links, 'parent'));
      assert.throws(() => readdirSync(path.join(links, 'parent')), /EOUTSIDEREPO/);
      // The link itself lies in the temporary folder: looking at it (not through it) is allowed.
      assert.ok(lstatSync(path.join(links, 'parent')).isSymbolicLink());
    } finally {
      process.chdir(cwd);
      rmSync(links, { recursive: true, force: true });
    }
    assert.equal(takeOutsideReads().length, 2);
  });

  it('leaves the repository, its node_modules, the temporary folder and the system alone', () => {
    for (const allowed of [
      path.join(REPO, 'package.json'),
      path.join(REPO, 'node_modules', 'mocha', 'package.json'),
      path.join(REPO, 'test', 'fixtures', 'arangodb-golden', 'README.md'),
      path.join(os.tmpdir(), 'anything'),
      process.execPath,
      '/etc/hosts',
    ]) {
      assert.equal(isBesideRepository(allowed), false, allowed);
    }
    assert.ok(readFileSync(path.join(REPO, 'package.json'), 'utf8').includes('"name"'));
    assert.deepEqual(takeOutsideReads(), []);
  });

  it('fails the run at its end when a refused read was swallowed', function () {
    skipUnlessSiblingGuarded(this);
    try {
      readFileSync(SIBLING);
    } catch {
      // What a careless test might do: the root hook must still fail the run.
    }
    assert.throws(() => mochaHooks.afterAll(), (error: Error) => error.message.includes(`readFileSync('${SIBLING}')`) && error.message.includes('fails the run at its end'));
    assert.deepEqual(takeOutsideReads(), [], 'the root hook hands the reads over once');
  });
});
