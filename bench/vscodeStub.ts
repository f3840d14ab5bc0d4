/**
 * A stand-in for the `vscode` module, just enough to load the extension bundle in plain Node and
 * run `activate()` with no server configured: every API member exists, calls do nothing and
 * return more stand-ins. Only what activation reads back is real: settings answer their
 * defaults, events and emitters hand out disposables. Used by the activation benchmark only;
 * nothing of it reaches `src/`.
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

const STUB_PATH = path.join(os.tmpdir(), 'arango-bench-vscode-stub.js');

const disposable = (): { dispose(): void } => ({ dispose: () => undefined });

class EventEmitter<T> {
  readonly event = (_listener: (value: T) => void) => disposable();
  fire(_value: T): void {}
  dispose(): void {}
}

class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

const configuration = {
  get: <T>(_key: string, fallback?: T): T | undefined => fallback,
  has: () => false,
  inspect: () => undefined,
  update: () => Promise.resolve(),
};

/** Members whose results activation reads, with their real shape. */
const OVERRIDES: Record<string, unknown> = {
  EventEmitter,
  Disposable,
  'workspace.getConfiguration': () => configuration,
};

/** A callable, constructible object whose every member is another stand-in. */
function standIn(name: string): unknown {
  const children = new Map<PropertyKey, unknown>();
  const target = function standInFunction(): void {};
  const proxy: object = new Proxy(target, {
    get(own, property) {
      if (property === 'then') {
        return undefined; // not a thenable: `await standIn` must not hang
      }
      if (property === 'prototype') {
        return own.prototype as unknown;
      }
      if (property === Symbol.toPrimitive) {
        return () => name;
      }
      if (property === Symbol.iterator) {
        return function* nothing(): Generator<never> {};
      }
      if (children.has(property)) {
        return children.get(property);
      }
      if (typeof property === 'symbol') {
        return undefined;
      }
      const childName = `${name}.${property}`;
      const override = OVERRIDES[childName.slice('vscode.'.length)];
      if (override !== undefined) {
        return override;
      }
      if (!children.has(property)) {
        children.set(property, standIn(childName));
      }
      return children.get(property);
    },
    // Writes (`item.name = ...`, `view.message = ...`) are kept, never sent to the function.
    set(_own, property, value) {
      children.set(property, value);
      return true;
    },
    apply: () => standIn(`${name}()`),
    construct: (_own, _args, newTarget: new () => object) =>
      // `new vscode.X()` gets a stand-in; a subclass (`class Item extends vscode.TreeItem`) gets a
      // real object with its own prototype, so its methods and fields work.
      newTarget === proxy ? (standIn(`new ${name}`) as object) : Reflect.construct(Object, [], newTarget),
  });
  return proxy;
}

/**
 * The top-level names of the `vscode` API, read from `@types/vscode`: the bundle copies the
 * module's own properties (esbuild's `__toESM`), so they must exist before they are used.
 */
function vscodeApiNames(): string[] {
  const declarations = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set<string>();
  for (const match of declarations.matchAll(/^\t?export (?:class|namespace|enum|function|const|let|var) (\w+)/gm)) {
    names.add(match[1]!);
  }
  return [...names];
}

function vscodeModule(): Record<string, unknown> {
  const root = standIn('vscode') as Record<string, unknown>;
  return Object.fromEntries(vscodeApiNames().map((name) => [name, root[name]]));
}

/** Makes `require('vscode')` answer the stand-in from now on in this process. */
export function installVscodeStub(): void {
  const moduleInternals = Module as unknown as {
    _resolveFilename(request: string, ...rest: unknown[]): string;
  };
  const resolve = moduleInternals._resolveFilename.bind(Module);
  moduleInternals._resolveFilename = (request: string, ...rest: unknown[]) => (request === 'vscode' ? STUB_PATH : resolve(request, ...rest));
  const stubModule = new Module(STUB_PATH);
  stubModule.filename = STUB_PATH;
  stubModule.loaded = true;
  stubModule.exports = vscodeModule();
  require.cache[STUB_PATH] = stubModule;
}

/** A memento that remembers nothing: a first activation in a fresh workspace. */
function memento(): object {
  return { get: <T>(_key: string, fallback?: T) => fallback, update: () => Promise.resolve(), keys: () => [], setKeysForSync: () => undefined };
}

export interface FakeExtensionContext {
  readonly subscriptions: Array<{ dispose(): unknown }>;
  readonly [member: string]: unknown;
}

/** The parts of `vscode.ExtensionContext` the extension reads, for a fresh install. */
export function fakeExtensionContext(extensionPath: string, storagePath: string): FakeExtensionContext {
  const uri = (fsPath: string) => ({ fsPath, path: fsPath, scheme: 'file', toString: () => `file://${fsPath}` });
  return {
    subscriptions: [],
    workspaceState: memento(),
    globalState: memento(),
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: () => disposable() },
    extensionPath,
    extensionUri: uri(extensionPath),
    globalStorageUri: uri(path.join(storagePath, 'global')),
    storageUri: uri(path.join(storagePath, 'workspace')),
    logUri: uri(path.join(storagePath, 'log')),
    extensionMode: 1,
    asAbsolutePath: (relative: string) => path.join(extensionPath, relative),
  };
}
