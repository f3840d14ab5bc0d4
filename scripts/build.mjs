// One esbuild run per bundle: the extension (vscode external), the standalone client for scripts,
// the sandbox server for `npm run sandbox`, and each webview's page script. `--only a,b` builds a subset, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? new Set((args[onlyIndex + 1] ?? '').split(',')) : undefined;

/**
 * undici ships its HTTP/1 parser, llhttp, as WebAssembly in base64 string literals, one build with
 * SIMD and one without: 144 KB of the bundle that every load parses, though a connection compiles
 * only one of them, and only when it first connects. This plugin writes both as binary `.wasm`
 * files beside the bundle (54 KB each) and has undici read the one it picks when it picks it.
 */
const llhttpAsFiles = {
  name: 'llhttp-as-files',
  setup(build) {
    const outdir = path.dirname(build.initialOptions.outfile);
    const requireFromHere = createRequire(import.meta.url);
    build.onResolve({ filter: /[\\/]llhttp[\\/]llhttp(_simd)?-wasm\.js$/ }, (args) => ({
      path: path.join(args.resolveDir, args.path),
      namespace: 'llhttp-as-files',
    }));
    build.onLoad({ filter: /.*/, namespace: 'llhttp-as-files' }, (args) => {
      const wasmName = `${path.basename(args.path, '-wasm.js')}.wasm`;
      const wasm = requireFromHere(args.path);
      if (!Buffer.isBuffer(wasm) || wasm.subarray(0, 4).toString('latin1') !== '\0asm') {
        throw new Error(`${args.path} no longer exports WebAssembly bytes: update the llhttp-as-files plugin`);
      }
      mkdirSync(outdir, { recursive: true });
      writeFileSync(path.join(outdir, wasmName), wasm);
      return {
        contents: `module.exports = require('node:fs').readFileSync(require('node:path').join(__dirname, ${JSON.stringify(wasmName)}));`,
        loader: 'js',
      };
    });
  },
};

/**
 * undici's HTTP/1 and HTTP/2 clients load fetch's body module (and with it WebIDL, FormData
 * parsing, data: URLs: about 40 KB minified) only to send a `FormData` request body, which the
 * client never sends: its bodies are strings and buffers. The bundles get a stand-in that says so,
 * so such a body fails clearly instead of the bundle carrying fetch.
 */
const noFormDataBodies = {
  name: 'no-formdata-bodies',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/web\/fetch\/body\.js$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]dispatcher$/.test(args.resolveDir) ? { path: 'undici-fetch-body', namespace: 'no-formdata-bodies' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-formdata-bodies' }, () => ({
      contents:
        "exports.extractBody = () => { throw new TypeError('This bundle of the ArangoDB client sends string and Buffer bodies only, not FormData.'); };",
      loader: 'js',
    }));
  },
};

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const bundles = {
  extension: { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: true, plugins: [llhttpAsFiles, noFormDataBodies] },
  client: { ...common, entryPoints: ['src/client/index.ts'], outfile: 'dist/client.js', minify: true, plugins: [llhttpAsFiles, noFormDataBodies] },
  sandbox: { ...common, entryPoints: ['test/sandbox/cli.ts'], outfile: 'dist/sandbox.js' },
};
// Each webview's page script runs in a browser (no Node, no vscode): one IIFE bundle per webview,
// loaded through its nonce. A CSS file it imports is written beside it (dist/webview/<name>.css).
for (const name of ['result', 'plan']) {
  bundles[`webview-${name}`] = {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: true,
    minify: true,
    logLevel: 'warning',
    entryPoints: [`src/webview/${name}/ui/main.ts`],
    outfile: `dist/webview/${name}.js`,
    tsconfig: 'src/webview/tsconfig.json',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  };
}

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
