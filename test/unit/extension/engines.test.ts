import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');

interface Manifest {
  engines: { vscode: string; node?: string };
  devDependencies: Record<string, string>;
}

function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

const manifest = readManifest(path.join(root, 'package.json'));
const undici = readManifest(path.join(root, 'node_modules', 'undici', 'package.json'));

/**
 * The Node that the desktop extension host of a VS Code release runs: the Node embedded in the
 * Electron that release builds against (the `target` of its `.npmrc`). Consecutive minors around
 * the floor are listed, so that "the release before the floor" is a real release, not a gap.
 * Where each pair was read:
 * - 1.85: Electron 25.9.7, Node 18.15.0 — VS Code 1.82 moved to Electron 25 and "the node.js
 *   version for extensions will be 18.15.0" (bpasero, microsoft/vscode-generator-code#425);
 *   Electron 25 embeds Node 18.15 (electronjs.org/docs/latest/tutorial/electron-timelines).
 * - 1.95: Electron 32.2.1, Node 20.18.0 — "VS Code 1.95.0 builds against Electron 32.2.1 (the
 *   `target` in its `.npmrc`), which ships Node 20.18.0" (an extension's architecture decision
 *   record that pins @types/node to its VS Code floor, found with the search tool).
 * - 1.96: Electron 32.2.6, Node 20.18.1 — table of VS Code release → Electron → extension-host
 *   Node in the release notes of kkdev92/plantuml-local v0.3.0, whose old floor was 1.96.
 * - 1.101: Electron 35.5.1, Node 22.15.1 — code.visualstudio.com/updates/v1_101 ("Electron 35
 *   update … Chromium 134.0.6998.205 and Node.js 22.15.1", quoted in posit-dev/publisher#2665).
 */
const EXTENSION_HOST_NODE: ReadonlyArray<{ vscode: string; electron: string; node: string }> = [
  { vscode: '1.85.0', electron: '25.9.7', node: '18.15.0' },
  { vscode: '1.95.0', electron: '32.2.1', node: '20.18.0' },
  { vscode: '1.96.0', electron: '32.2.6', node: '20.18.1' },
  { vscode: '1.101.0', electron: '35.5.1', node: '22.15.1' },
];

type Version = readonly [number, number, number];

function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`not a plain version: ${text}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Whether `version` satisfies `range`. Only the range forms these manifests use are understood
 * (`>=x.y.z`, several joined by spaces); anything else throws, so a new form cannot pass unread.
 */
function satisfies(version: string, range: string): boolean {
  return range
    .trim()
    .split(/\s+/)
    .every((part) => {
      const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(part)?.[1];
      if (minimum === undefined) throw new Error(`range form not understood: ${range}`);
      return compare(parseVersion(version), parseVersion(minimum)) >= 0;
    });
}

/** The VS Code version `engines.vscode` (`^x.y.z`) allows at the least. */
function vscodeFloor(): string {
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(manifest.engines.vscode)?.[1];
  assert.ok(floor, `engines.vscode must be ^x.y.z, not ${manifest.engines.vscode}`);
  return floor;
}

/** Every `engines.node` range the bundle must run under: undici's (bundled) and our own. */
function nodeRanges(): string[] {
  const ranges = [undici.engines.node, manifest.engines.node];
  return ranges.filter((range): range is string => range !== undefined);
}

describe('engines.vscode: the oldest VS Code allowed runs the Node the bundle needs', () => {
  it('pins @types/vscode to exactly the engines.vscode floor (no API newer than the floor type-checks)', () => {
    assert.equal(manifest.devDependencies['@types/vscode'], vscodeFloor());
    const installed = readManifest(path.join(root, 'node_modules', '@types', 'vscode', 'package.json')) as Manifest & { version: string };
    assert.equal(installed.version, vscodeFloor(), 'node_modules holds another @types/vscode: run npm ci');
  });

  it('reads a Node range from undici and from our own package.json', () => {
    assert.equal(nodeRanges().length, 2, 'both undici and package.json must declare engines.node');
  });

  it('the floor\'s extension host satisfies every engines.node of the bundle', () => {
    const floor = EXTENSION_HOST_NODE.find((release) => release.vscode === vscodeFloor());
    assert.ok(floor, `no documented extension-host Node for VS Code ${vscodeFloor()}: add its row`);
    for (const range of nodeRanges()) {
      assert.ok(satisfies(floor.node, range), `VS Code ${floor.vscode} runs Node ${floor.node}, which does not satisfy ${range}`);
    }
  });

  it('the floor is the first such release: the minor before it runs a Node the bundle rejects', () => {
    const [major, minor] = parseVersion(vscodeFloor());
    const previous = EXTENSION_HOST_NODE.find((release) => release.vscode === `${major}.${minor - 1}.0`);
    assert.ok(previous, `no documented extension-host Node for VS Code ${major}.${minor - 1}: add its row`);
    assert.ok(
      nodeRanges().some((range) => !satisfies(previous.node, range)),
      `VS Code ${previous.vscode} (Node ${previous.node}) already satisfies ${nodeRanges().join(' and ')}: lower engines.vscode`,
    );
  });

  it('the table is in release order and its Node never goes back', () => {
    for (let index = 1; index < EXTENSION_HOST_NODE.length; index++) {
      const before = EXTENSION_HOST_NODE[index - 1];
      const after = EXTENSION_HOST_NODE[index];
      assert.ok(before && after);
      assert.ok(compare(parseVersion(before.vscode), parseVersion(after.vscode)) < 0);
      assert.ok(compare(parseVersion(before.node), parseVersion(after.node)) <= 0);
    }
  });

  it('keeps code-server\'s VS Code (1.139, used by the in-VS-Code suite and the demo) able to load the extension', () => {
    assert.ok(compare(parseVersion(vscodeFloor()), parseVersion('1.139.1')) <= 0);
  });
});
