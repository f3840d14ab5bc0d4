/**
 * Proves that nothing under test reads beside the repository. A fresh clone has no `../shared`
 * (or any other sibling folder), so a test that reads one passes here and fails everywhere else.
 * Loaded by `.mocharc.json` (`require`), this wraps Node's file-system entry points that read,
 * open, stat or list (sync, callback and promise forms): a path inside the repository's parent
 * folder but outside the repository is refused with `EOUTSIDEREPO`, naming the path and the test,
 * and the run fails at its end listing every such access, even one whose error was swallowed.
 * Everything else stays allowed: the repository itself (its `node_modules` included), what is
 * not beside the repository (`/etc/ssl`, `/proc`, the Node installation), and the folders tests
 * make in the system temporary folder: when that folder sits beside the repository, all of it;
 * when the repository sits directly in it, what was not there yet when the guard started.
 */
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot } from './goldenTranscripts';

export interface OutsideRead {
  /** The path as the code under test gave it. */
  path: string;
  /** The fs function it was given to, e.g. `readFileSync` or `promises.stat`. */
  call: string;
  /** The test that was running, or where outside a test. */
  test: string;
}

const CODE = 'EOUTSIDEREPO';

/** The fs functions that take a path first and read, open, stat or list it. */
const CALLBACK_AND_SYNC = [
  'readFile', 'open', 'stat', 'lstat', 'readdir', 'opendir', 'access', 'exists', 'realpath', 'readlink',
  'copyFile', 'cp', 'statfs',
] as const;
/** `exists` and `existsSync` come with the list above. */
const OTHERS = ['createReadStream'] as const;
const PROMISES = ['readFile', 'open', 'stat', 'lstat', 'readdir', 'opendir', 'access', 'realpath', 'readlink', 'copyFile', 'cp', 'statfs'] as const;

interface Bounds {
  /** The repository, as given and with symbolic links resolved. */
  repos: string[];
  /** The folders that hold the repository: their other children are what the guard refuses. */
  parents: string[];
  /** Temporary folders that lie beside the repository: allowed whole. */
  temporaryBeside: string[];
  /** When the repository sits directly in the temporary folder: the entries already there. */
  preexisting: Set<string> | undefined;
}

let bounds: Bounds | undefined;
/** When set, only reads made by code in these folders count (see {@link limitOutsideReadGuardTo}). */
let ownCode: string[] | undefined;
let currentTest = 'while loading the test files';
const outsideReads: OutsideRead[] = [];
const realpath = fs.realpathSync.native;

function within(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}

/** The path as given and with links resolved; `lstat` and `readlink` look at a last link itself. */
function resolvedVariants(target: string, followLast = true): string[] {
  const absolute = path.resolve(target);
  const variants = [absolute];
  try {
    variants.push(followLast ? realpath(absolute) : path.join(realpath(path.dirname(absolute)), path.basename(absolute)));
  } catch {
    // A path that does not exist has no link to resolve: the path as given is all there is.
  }
  return variants;
}

function pathOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (Buffer.isBuffer(argument)) return argument.toString();
  if (argument instanceof URL) return argument.protocol === 'file:' ? fileURLToPath(argument) : undefined;
  return undefined;
}

/** Whether `target` lies beside the repository: inside its parent folder, outside it. */
export function isBesideRepository(target: string, followLast = true): boolean {
  if (bounds === undefined) return false;
  const { repos, parents, temporaryBeside, preexisting } = bounds;
  return resolvedVariants(target, followLast).some((candidate) => {
    const parent = parents.find((folder) => within(folder, candidate));
    if (parent === undefined || repos.some((repo) => within(repo, candidate))) return false;
    if (temporaryBeside.some((folder) => within(folder, candidate))) return false;
    if (preexisting === undefined) return true;
    // A test's own temporary folder is new; a sibling such as `shared` was there before the run.
    const entry = path.relative(parent, candidate).split(path.sep)[0] ?? '';
    return entry === '' || preexisting.has(path.join(parent, entry));
  });
}

function refusal(call: string, target: string): NodeJS.ErrnoException {
  const read: OutsideRead = { path: target, call, test: currentTest };
  outsideReads.push(read);
  const error: NodeJS.ErrnoException = new Error(
    `${CODE}: ${call}('${target}') reads beside the repository (in "${read.test}"); a fresh clone has no such file: copy what the test needs into the repository`,
  );
  error.code = CODE;
  error.path = target;
  return error;
}

function check(call: string, argument: unknown): NodeJS.ErrnoException | undefined {
  const target = pathOf(argument);
  const followLast = !/lstat|readlink/.test(call);
  return target !== undefined && isBesideRepository(target, followLast) && !isProgramLookup(target) && madeByOwnCode()
    ? refusal(call, target)
    : undefined;
}

/**
 * Looking a program up on PATH (a folder of PATH, or a name in one) reads nothing a test needs:
 * npm puts every parent folder's `node_modules/.bin` on PATH, and VS Code looks for programs there.
 */
function isProgramLookup(target: string): boolean {
  const absolute = path.resolve(target);
  const folders = (process.env['PATH'] ?? '').split(path.delimiter).filter((entry) => entry !== '').map((entry) => path.resolve(entry));
  return folders.includes(absolute) || folders.includes(path.dirname(absolute));
}

/** Whether the call comes from the project's own code, when the guard is limited to it. */
function madeByOwnCode(): boolean {
  if (ownCode === undefined) return true;
  const stack = new Error().stack ?? '';
  return ownCode.some((folder) => stack.includes(folder + path.sep));
}

/**
 * Limits the guard to reads made by code in `folders` (a frame of the call's stack lies in one of
 * them). For the extension host, where VS Code and its built-in extensions share the process: they
 * look things up beside the repository that are none of the tests' doing (npm puts every parent
 * folder's `node_modules/.bin` on PATH, and VS Code searches PATH), and must not be refused.
 */
export function limitOutsideReadGuardTo(folders: readonly string[] | undefined): void {
  ownCode = folders?.map((folder) => path.resolve(folder));
}

type AnyFunction = (...args: unknown[]) => unknown;

function patch(owner: object, name: string, label: string, wrap: (original: AnyFunction) => AnyFunction): void {
  const record = owner as Record<string, unknown>;
  const original = record[name];
  if (typeof original !== 'function') return;
  const wrapped = wrap(original as AnyFunction);
  // Keep attached helpers such as `realpathSync.native` and `exists[util.promisify.custom]`.
  for (const key of Reflect.ownKeys(original)) {
    if (key !== 'length' && key !== 'prototype') {
      Object.defineProperty(wrapped, key, Object.getOwnPropertyDescriptor(original, key) ?? {});
    }
  }
  Object.defineProperty(wrapped, 'name', { value: label });
  record[name] = wrapped;
}

function throwing(label: string) {
  return (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      const error = check(label, args[0]);
      if (error) throw error;
      return original.apply(this, args);
    };
}

function callingBack(label: string) {
  return (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      const error = check(label, args[0]);
      const callback = args[args.length - 1];
      if (error && typeof callback === 'function') {
        // `exists` calls back with a boolean only; every other one with an error first.
        process.nextTick(() => (callback as AnyFunction)(label === 'exists' ? false : error));
        return undefined;
      }
      if (error) throw error;
      return original.apply(this, args);
    };
}

function rejecting(label: string) {
  return (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      const error = check(label, args[0]);
      return error ? Promise.reject(error) : original.apply(this, args);
    };
}

/**
 * Starts guarding the repository that holds this file (idempotent). When the repository sits at
 * the top of the file system, everything else is beside it and the guard cannot tell a sibling
 * from the system: it says so and guards nothing.
 */
export function installOutsideReadGuard(repoRoot: string = findRepoRoot(__dirname)): void {
  if (bounds !== undefined) return;
  const repos = [...new Set(resolvedVariants(repoRoot))];
  const parents = [...new Set(repos.map((repo) => path.dirname(repo)))];
  if (parents.some((parent) => path.dirname(parent) === parent)) {
    console.warn(`outside-read guard: ${repoRoot} sits at the top of the file system; reads beside it are not checked`);
    return;
  }
  const temporary = [...new Set(resolvedVariants(os.tmpdir()))];
  const temporaryBeside = temporary.filter((folder) => parents.some((parent) => folder !== parent && within(parent, folder)));
  const shared = parents.filter((folder) => temporary.includes(folder));
  const preexisting = shared.length === 0 ? undefined : new Set(shared.flatMap((parent) => fs.readdirSync(parent).map((entry) => path.join(parent, entry))));
  bounds = { repos, parents, temporaryBeside, preexisting };
  for (const name of CALLBACK_AND_SYNC) {
    patch(fs, name, name, callingBack(name));
    patch(fs, `${name}Sync`, `${name}Sync`, throwing(`${name}Sync`));
  }
  for (const name of OTHERS) patch(fs, name, name, throwing(name));
  for (const name of PROMISES) patch(fs.promises, name, name, rejecting(`promises.${name}`));
}

/** Hands over (and forgets) the reads refused so far: for a test that provokes one on purpose. */
export function takeOutsideReads(): OutsideRead[] {
  return outsideReads.splice(0);
}

installOutsideReadGuard();

/** Mocha root hooks: name the running test in each refusal, and fail the run if there was any. */
export const mochaHooks = {
  beforeEach(this: Mocha.Context): void {
    currentTest = this.currentTest?.fullTitle() ?? 'an unnamed test';
  },
  afterEach(): void {
    currentTest = 'between tests (a hook or a timer)';
  },
  afterAll(): void {
    const reads = takeOutsideReads();
    if (reads.length > 0) {
      throw new Error(
        `${reads.length} read(s) beside the repository, which a fresh clone does not have:\n` +
          reads.map((read) => `  ${read.call}('${read.path}') in "${read.test}"`).join('\n'),
      );
    }
  },
};
