/**
 * One cold activation, in a fresh process (forked by `activation.ts`): loads `dist/extension.js`
 * with a stand-in `vscode` module and calls `activate()` with a fresh context, timing both.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './sandboxProcess';
import { fakeExtensionContext, installVscodeStub } from './vscodeStub';

export interface ActivationMeasurement {
  /** `require('dist/extension.js')`: reading, compiling and running the bundle's top level. */
  readonly requireMs: number;
  /** `await activate(context)`. */
  readonly activateMs: number;
}

interface ExtensionModule {
  activate(context: object): Promise<unknown>;
  deactivate?: () => unknown;
}

async function main(): Promise<void> {
  installVscodeStub();
  const storage = await mkdtemp(path.join(os.tmpdir(), 'arango-bench-activation-'));
  try {
    // Another bundle can be named, to compare builds: `node out/bench/activationWorker.js other.js`.
    const bundle = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, 'dist', 'extension.js'));
    const context = fakeExtensionContext(REPO_ROOT, storage);
    const requireStarted = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the bundle is what is measured
    const extension = require(bundle) as ExtensionModule;
    const requireMs = performance.now() - requireStarted;
    const activateStarted = performance.now();
    await extension.activate(context);
    const activateMs = performance.now() - activateStarted;
    for (const subscription of context.subscriptions) {
      subscription.dispose();
    }
    await extension.deactivate?.();
    const measurement: ActivationMeasurement = { requireMs, activateMs };
    if (process.send) {
      process.send(measurement);
    } else {
      console.log(JSON.stringify(measurement));
    }
  } finally {
    await rm(storage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
