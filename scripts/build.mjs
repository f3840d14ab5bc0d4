// One esbuild run per bundle: the extension (vscode external), the standalone client for scripts,
// and the sandbox server for `npm run sandbox`. `--only a,b` builds a subset, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? '').split(',')) : undefined;

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const bundles = {
  extension: { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: true },
  client: { ...common, entryPoints: ['src/client/index.ts'], outfile: 'dist/client.js', minify: true },
  sandbox: { ...common, entryPoints: ['test/sandbox/cli.ts'], outfile: 'dist/sandbox.js' },
};

const chosen = Object.entries(bundles).filter(([name, options]) =>
  (only ? only.has(name) : true) && existsSync(options.entryPoints[0]));
for (const [name, options] of chosen) {
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
    console.log(`watching ${name}`);
  } else {
    await esbuild.build(options);
  }
}
