import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TrackedJob } from '../../src/jobs/trackedJob';
import type { ExportSummary } from '../../src/results/resultExport';
import { activatedExtension, runQuery, waitFor } from './support';

type Replaceable = Record<string, unknown>;

/** Replaces `vscode.window` functions while `body` runs (a save dialog would wait for a person). */
async function withWindow<T>(replacements: Record<string, (...args: unknown[]) => unknown>, body: () => Promise<T>): Promise<T> {
  const window = vscode.window as unknown as Replaceable;
  const originals = Object.keys(replacements).map((name) => [name, window[name]] as const);
  Object.assign(window, replacements);
  try {
    return await body();
  } finally {
    for (const [name, original] of originals) window[name] = original;
  }
}

const MIXED_ROWS_QUERY = 'FOR d IN [ { "_key": "a", "n": 1, "nested": { "x": [1, "é"] } }, "plain, text", { "n": 2, "say": "He said \\"hi\\"", "_id": "docs/b" } ]\n  RETURN d';

describe('Export Result: the whole stored result to a file, never running the query again', () => {
  let api: ExtensionApi;
  let folder: string;

  before(async () => {
    api = await activatedExtension();
  });

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'arangodb-export-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function storedJob(query: string): Promise<TrackedJob> {
    const key = await runQuery(query);
    return waitFor('the result to be stored', () => api.services.store.get(key)?.result && api.services.store.get(key));
  }

  function exportTo(...args: unknown[]): Thenable<ExportSummary | undefined> {
    return vscode.commands.executeCommand<ExportSummary | undefined>('arangodb.exportResult', ...args);
  }

  it('writes CSV with the table\'s columns, nested values as JSON and RFC 4180 quoting, and JSON and JSON Lines as sent', async () => {
    const job = await storedJob(MIXED_ROWS_QUERY);
    const csv = path.join(folder, 'mixed.csv');
    const summary = await exportTo(job.key, { format: 'csv', target: vscode.Uri.file(csv) });
    const text = await readFile(csv, 'utf8');
    assert.equal(text, '_key,_id,n,nested,value,say\r\na,,1,"{""x"":[1,""é""]}",,\r\n,,,,"plain, text",\r\n,docs/b,2,,,"He said ""hi"""\r\n');
    assert.deepEqual(summary, { rows: 3, bytes: Buffer.byteLength(text), columns: ['_key', '_id', 'n', 'nested', 'value', 'say'] });

    const json = path.join(folder, 'mixed.json');
    await exportTo(job.key, { format: 'json', target: vscode.Uri.file(json) });
    const rows = [{ _key: 'a', n: 1, nested: { x: [1, 'é'] } }, 'plain, text', { n: 2, say: 'He said "hi"', _id: 'docs/b' }];
    assert.deepEqual(JSON.parse(await readFile(json, 'utf8')), rows);
    const jsonl = path.join(folder, 'mixed.jsonl');
    await exportTo(job.key, { format: 'jsonl', target: vscode.Uri.file(jsonl) });
    const lines = (await readFile(jsonl, 'utf8')).split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(lines.map((line) => JSON.parse(line) as unknown), rows);
    assert.deepEqual((await readdir(folder)).sort(), ['mixed.csv', 'mixed.json', 'mixed.jsonl'], 'no partial file is left');
  });

  it('exports every row of a result stored as JSON Lines beyond the row limit, from the stored file', async () => {
    const { results } = api.services;
    results.setRowLimit(10);
    let job: TrackedJob;
    try {
      job = await storedJob('FOR i IN 1..2500\n  RETURN { i, square: i * i }');
    } finally {
      results.setRowLimit(vscode.workspace.getConfiguration('arangodb').get<number>('results.rowLimit', 10000));
    }
    assert.equal(job.result?.kind, 'jsonl');
    const target = path.join(folder, 'squares.csv');
    const summary = await exportTo(job.key, { format: 'csv', target: vscode.Uri.file(target) });
    assert.equal(summary?.rows, 2500);
    const records = (await readFile(target, 'utf8')).split('\r\n');
    assert.equal(records.pop(), '');
    assert.deepEqual(records, ['i,square', ...Array.from({ length: 2500 }, (_, n) => `${n + 1},${(n + 1) * (n + 1)}`)]);
  });

  it('asks for the file in a save dialog named after the query and job when the result viewer passes only a format', async () => {
    const job = await storedJob(MIXED_ROWS_QUERY);
    const target = vscode.Uri.file(path.join(folder, 'chosen.json'));
    const dialogs: vscode.SaveDialogOptions[] = [];
    const messages: string[] = [];
    const summary = await withWindow(
      {
        showSaveDialog: (options: unknown) => (dialogs.push(options as vscode.SaveDialogOptions), Promise.resolve(target)),
        showInformationMessage: (message: unknown) => (messages.push(String(message)), Promise.resolve(undefined)),
      },
      () => Promise.resolve(exportTo(job.key, 'json')),
    );
    assert.equal(summary?.rows, 3);
    assert.equal(dialogs.length, 1);
    assert.equal(path.basename(dialogs[0]?.defaultUri?.fsPath ?? ''), `FOR d IN [ { __key__ _a_, _n__ 1, _nested__ { _… (job ${job.id}).json`);
    assert.deepEqual(dialogs[0]?.filters?.JSON, ['json']);
    assert.equal(JSON.parse(await readFile(target.fsPath, 'utf8')).length, 3);
    assert.deepEqual(messages, [`ArangoDB: exported 3 rows (${summary?.bytes ?? '?'} bytes) to chosen.json.`]);
  });

  it('lets the palette pick the job and the format, and writes nothing when the dialog is dismissed', async () => {
    const job = await storedJob('FOR i IN 1..3\n  RETURN { i }');
    const picks: string[][] = [];
    const pick = (choose: (labels: string[]) => number) => (items: unknown) => {
      const list = items as { label: string; description?: string }[];
      picks.push(list.map((item) => `${item.label} ${item.description ?? ''}`.trim()));
      return Promise.resolve(list[choose(list.map((item) => `${item.label} ${item.description ?? ''}`))]);
    };
    const answers = [pick((labels) => labels.findIndex((label) => label.includes(`job ${job.id} `))), pick((labels) => labels.findIndex((label) => label.startsWith('JSON Lines')))];
    const target = vscode.Uri.file(path.join(folder, 'picked.jsonl'));
    const summary = await withWindow(
      {
        showQuickPick: (items: unknown) => (answers.shift() ?? (() => undefined))(items),
        showSaveDialog: () => Promise.resolve(target),
        showInformationMessage: () => Promise.resolve(undefined),
      },
      () => Promise.resolve(exportTo()),
    );
    assert.equal(summary?.rows, 3);
    assert.ok(picks[0]?.some((label) => label === `FOR i IN 1..3 job ${job.id} · 3 rows`), JSON.stringify(picks[0]));
    assert.deepEqual(picks[1], ['CSV', 'JSON', 'JSON Lines']);
    assert.equal(await readFile(target.fsPath, 'utf8'), '{"i":1}\n{"i":2}\n{"i":3}\n');

    const dismissed = await withWindow({ showSaveDialog: () => Promise.resolve(undefined) }, () => Promise.resolve(exportTo(job.key, 'csv')));
    assert.equal(dismissed, undefined);
    assert.deepEqual(await readdir(folder), ['picked.jsonl']);
  });

  it('says what failed when the file cannot be written, and leaves nothing behind', async () => {
    const job = await storedJob('FOR i IN 1..3\n  RETURN i');
    const errors: string[] = [];
    const target = path.join(folder, 'missing-folder', 'out.csv');
    const summary = await withWindow({ showErrorMessage: (message: unknown) => (errors.push(String(message)), Promise.resolve(undefined)) }, () =>
      Promise.resolve(exportTo(job.key, { format: 'csv', target: vscode.Uri.file(target) })),
    );
    assert.equal(summary, undefined);
    assert.equal(errors.length, 1);
    assert.ok(errors[0]?.startsWith(`ArangoDB: Exporting the result of job ${job.id} to ${target} failed: `), errors[0]);
    assert.match(errors[0] ?? '', /ENOENT|no such file/);
    assert.deepEqual(await readdir(folder), []);
  });
});
