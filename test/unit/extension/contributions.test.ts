import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { CommandId, HISTORY_VIEW_ID, SERVER_ACTIVITY_VIEW_ID, VIEW_CONTAINER_ID, VIEW_ID } from '../../../src/commands/commandIds';
import { RESULT_VIEW_TYPE } from '../../../src/webviewHost/messages/resultMessages';
import { SERVER_CONTEXT_VALUES } from '../../../src/views/serverActivityText';
import { SETTING_KEYS } from '../../../src/settings';
import { JOB_STATES } from '../../../src/jobs/trackedJob';
import { RESULT_SCHEME } from '../../../src/results/resultText';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category: string; icon: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    keybindings: Array<{ command: string }>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    viewsWelcome: Array<{ view: string; contents: string; when: string }>;
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
    languages: Array<{ id: string; extensions: string[]; configuration: string }>;
    grammars: Array<{ language: string; path: string }>;
  };
};

/** Every source file under src/, as text. */
function sources(): string {
  const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  return files.map((file) => readFileSync(path.join(root, 'src', file), 'utf8')).join('\n');
}

describe('package.json contributions and the code agree', () => {
  const contributed = manifest.contributes.commands.map((entry) => entry.command).sort();

  it('contributes exactly the commands the code registers', () => {
    assert.deepEqual(contributed, Object.values(CommandId).sort());
  });

  it('registers every contributed command in code', () => {
    const code = sources();
    for (const key of Object.keys(CommandId)) {
      assert.match(code, new RegExp(`registerCommand\\(CommandId\\.${key}\\b`), `CommandId.${key} is never registered`);
    }
  });

  it('gives every command the ArangoDB category and a codicon', () => {
    for (const entry of manifest.contributes.commands) {
      assert.equal(entry.category, 'ArangoDB', entry.command);
      assert.match(entry.icon, /^\$\([a-z-]+\)$/, entry.command);
    }
    const run = manifest.contributes.commands.find((entry) => entry.command === CommandId.runAqlAsync);
    assert.equal(run?.title, 'Run AQL Async');
  });

  it('only refers to contributed commands in menus and keybindings', () => {
    const known = new Set(contributed);
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) {
        assert.ok(known.has(entry.command), `${menu} names unknown command ${entry.command}`);
      }
    }
    for (const binding of manifest.contributes.keybindings) {
      assert.ok(known.has(binding.command), binding.command);
    }
    assert.ok(manifest.contributes.keybindings.some((binding) => binding.command === CommandId.runAqlAsync));
    assert.ok(manifest.contributes.menus['editor/context']?.some((entry) => entry.command === CommandId.runAqlAsync));
  });

  it('matches item menus on context values the tree really produces', () => {
    // `job.done.cut`: a done job whose tab shows only the first rows; `.profile`: a done job that was
    // profiled (jobContextValue in src/views/jobTreeItem.ts).
    // `history.entry.result`: a History entry whose job still has a result to open (src/views/historyView.ts).
    const producible = new Set([...JOB_STATES.map((state) => `job.${state}`), 'job.done.cut', 'job.done.profile', 'job.done.cut.profile', 'history.entry', 'history.entry.result', ...SERVER_CONTEXT_VALUES]);
    const itemMenus = manifest.contributes.menus['view/item/context'] ?? [];
    assert.ok(itemMenus.length > 0);
    for (const entry of itemMenus) {
      const when = entry.when ?? '';
      const exact = /viewItem == ([\w.]+)/.exec(when)?.[1];
      const pattern = /viewItem =~ \/(.+?)\//.exec(when)?.[1];
      assert.ok(exact ?? pattern, `${entry.command}: no viewItem condition in "${when}"`);
      const matches = exact ? (producible.has(exact) ? [exact] : []) : [...producible].filter((value) => new RegExp(pattern ?? '').test(value));
      assert.ok(matches.length > 0, `${entry.command}: "${when}" matches no job state`);
    }
    for (const [command, states] of [
      [CommandId.cancelJob, ['job.pending']],
      [CommandId.fetchResult, ['job.done', 'job.done.cut', 'job.done.profile', 'job.done.cut.profile', 'job.failed', 'job.cancelled']],
      [CommandId.openFullResult, ['job.done.cut', 'job.done.cut.profile']],
      [CommandId.showProfile, ['job.done.profile', 'job.done.cut.profile']],
      [CommandId.clearJob, [...producible].filter((value) => value.startsWith('job.'))],
      [CommandId.revealQuery, [...producible].filter((value) => value.startsWith('job.'))],
      [CommandId.historyRunAgain, ['history.entry', 'history.entry.result']],
      [CommandId.historyOpenResult, ['history.entry.result']],
      [CommandId.historyDelete, ['history.entry', 'history.entry.result']],
    ] as const) {
      for (const state of states) {
        const shown = itemMenus.some((entry) => entry.command === command && whenMatches(entry.when ?? '', state));
        assert.ok(shown, `${command} is not offered on ${state}`);
      }
    }
    const killOffered = SERVER_CONTEXT_VALUES.filter((value) => itemMenus.some((entry) => entry.command === CommandId.killQuery && whenMatches(entry.when ?? '', value)));
    assert.deepEqual(killOffered, ['serverQuery.running', 'serverQuery.running.job'], 'Kill Query belongs only to running queries');
    const fullOffered = [...producible].filter((value) => itemMenus.some((entry) => entry.command === CommandId.openFullResult && whenMatches(entry.when ?? '', value)));
    assert.deepEqual(fullOffered, ['job.done.cut', 'job.done.cut.profile'], 'Open Full Result belongs only to results whose tab is cut');
    const resultOffered = [...producible].filter((value) => itemMenus.some((entry) => entry.command === CommandId.historyOpenResult && whenMatches(entry.when ?? '', value)));
    assert.deepEqual(resultOffered, ['history.entry.result'], 'Open Result belongs only to entries whose result is still kept');
    const profileOffered = [...producible].filter((value) => itemMenus.some((entry) => entry.command === CommandId.showProfile && whenMatches(entry.when ?? '', value)));
    assert.deepEqual(profileOffered, ['job.done.profile', 'job.done.cut.profile'], 'Show Profile belongs only to profiled results');
  });

  it('declares the view container, the view and welcome content for both empty states', () => {
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((entry) => [entry.id, entry.title]), [[VIEW_CONTAINER_ID, 'ArangoDB']]);
    const icon = manifest.contributes.viewsContainers.activitybar[0]?.icon ?? '';
    assert.ok(existsSync(path.join(root, icon)), `missing ${icon}`);
    assert.deepEqual(manifest.contributes.views[VIEW_CONTAINER_ID]?.map((view) => [view.id, view.name]), [[VIEW_ID, 'Async Jobs'], [HISTORY_VIEW_ID, 'History'], [SERVER_ACTIVITY_VIEW_ID, 'Server Activity']]);
    const welcome = manifest.contributes.viewsWelcome.filter((entry) => entry.view === VIEW_ID).map((entry) => entry.when);
    assert.deepEqual(welcome.sort(), ['!arangodb.connected', 'arangodb.connected']);
  });

  it('declares exactly the settings the code reads, each with a markdownDescription', () => {
    const declared = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(declared, SETTING_KEYS.map((key) => `arangodb.${key}`).sort());
    for (const [key, property] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok(property.markdownDescription && property.markdownDescription.length > 20, `${key} needs a markdownDescription`);
    }
  });

  it('ships the aql language, grammar and language configuration it declares', () => {
    const [language] = manifest.contributes.languages;
    assert.equal(language?.id, 'aql');
    assert.deepEqual(language.extensions, ['.aql']);
    assert.ok(existsSync(path.join(root, language.configuration)));
    const [grammar] = manifest.contributes.grammars;
    assert.ok(grammar && existsSync(path.join(root, grammar.path)));
  });

  it('activates by itself once the window has started, so jobs left from the last session are fetched without the user opening anything', () => {
    // Commands, the view and the language activate implicitly (VS Code >= 1.74 derives their events).
    // A result tab restored with the window needs the extension's file system before startup has
    // finished, and a result viewer left open needs its panel serializer.
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished', `onFileSystem:${RESULT_SCHEME}`, `onWebviewPanel:${RESULT_VIEW_TYPE}`]);
  });
});

/** The manifest as the Marketplace and VS Code's trust and settings machinery read it. */
const product = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  private?: boolean;
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  repository?: { type?: string; url?: string };
  bugs?: { url?: string };
  homepage?: string;
  scripts: Record<string, string>;
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: string; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { type?: unknown; scope?: string; order?: number }> } };
};
const REPOSITORY = 'https://github.com/arangodb-async-aql/vscode-arangodb-async-aql';

describe('package.json is ready for the Marketplace and for untrusted workspaces', () => {
  const settings = Object.entries(product.contributes.configuration.properties);

  it('is publishable: no private flag; repository, issues and homepage name one repository', () => {
    assert.equal(product.private, undefined);
    assert.equal(product.repository?.type, 'git');
    assert.equal(product.repository?.url, `${REPOSITORY}.git`);
    assert.equal(product.bugs?.url, `${REPOSITORY}/issues`);
    assert.equal(product.homepage, `${REPOSITORY}#readme`);
    assert.match(product.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(product.galleryBanner?.theme === 'dark' || product.galleryBanner?.theme === 'light');
    // README images are relative links: vsce makes them absolute through `repository`, which this flag would stop.
    assert.doesNotMatch(product.scripts['package'] ?? '', /--no-rewrite-relative-links/);
  });

  it('has an icon that is a square PNG of 128 or 256 pixels', () => {
    assert.ok(product.icon, 'no icon');
    const png = readFileSync(path.join(root, product.icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
    assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.equal(width, height);
    assert.ok(width === 128 || width === 256, `${width}x${height}`);
  });

  it('gives every setting an order, a scope and one type the Settings UI can edit', () => {
    const orders = settings.map(([, property]) => property.order);
    for (const [key, property] of settings) {
      assert.equal(typeof property.order, 'number', `${key} has no order`);
      assert.ok(['application', 'machine', 'machine-overridable', 'window', 'resource'].includes(property.scope ?? ''), `${key}: scope ${String(property.scope)}`);
      assert.equal(typeof property.type, 'string', `${key}: a union type is only editable in settings.json`);
    }
    assert.equal(new Set(orders).size, orders.length, 'two settings share an order');
    assert.equal(product.contributes.configuration.properties['arangodb.url']?.type, 'string');
    assert.equal(product.contributes.configuration.properties['arangodb.coordinators']?.type, 'array');
  });

  it('keeps what could send the stored secret elsewhere or weaken TLS out of an untrusted workspace\'s hands', () => {
    const trust = product.capabilities?.untrustedWorkspaces;
    assert.equal(trust?.supported, 'limited');
    assert.ok((trust?.description ?? '').length > 20);
    const restricted = trust?.restrictedConfigurations ?? [];
    for (const key of restricted) {
      assert.ok(key in product.contributes.configuration.properties, `${key} is not a setting`);
    }
    for (const key of ['arangodb.url', 'arangodb.coordinators', 'arangodb.username', 'arangodb.tls.caFile', 'arangodb.tls.allowSelfSigned']) {
      assert.ok(restricted.includes(key), `${key} is not restricted`);
    }
    // Settings Sync leaves machine scopes on the machine, like the secret SecretStorage keeps there.
    for (const key of ['arangodb.url', 'arangodb.coordinators', 'arangodb.tls.caFile', 'arangodb.tls.allowSelfSigned']) {
      assert.equal(product.contributes.configuration.properties[key]?.scope, 'machine-overridable', key);
    }
  });
});

function whenMatches(when: string, value: string): boolean {
  const exact = /viewItem == ([\w.]+)/.exec(when)?.[1];
  if (exact) {
    return exact === value;
  }
  const pattern = /viewItem =~ \/(.+?)\//.exec(when)?.[1];
  return pattern !== undefined && new RegExp(pattern).test(value);
}
