import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { COPY_ROW_LIMIT, ResultRequests } from '../../../src/results/resultRequests';
import type { ResultPageHost } from '../../../src/results/resultRequests';
import { resultHeader } from '../../../src/results/resultHeader';
import { ResultStore } from '../../../src/results/resultStore';
import { StoredRows } from '../../../src/results/storedRows';
import type { StoredResult } from '../../../src/results/storedResult';
import type { ExportFormat, ResultUpdate } from '../../../src/webviewHost/messages/resultMessages';
import { generatedRowText, storeRowTexts } from '../results/storedRowsFixtures';

/** A host that records what the requests post and write, as the panel and the clipboard would take it. */
class RecordingHost implements ResultPageHost {
  readonly posted: ResultUpdate[] = [];
  readonly clipboard: string[] = [];
  readonly exports: ExportFormat[] = [];
  textOpened = 0;
  post(update: ResultUpdate): void {
    this.posted.push(update);
  }
  writeClipboard(text: string): Promise<void> {
    this.clipboard.push(text);
    return Promise.resolve();
  }
  exportResult(format: ExportFormat): Promise<void> {
    this.exports.push(format);
    return Promise.resolve();
  }
  openAsText(): Promise<void> {
    this.textOpened += 1;
    return Promise.resolve();
  }
  last<T extends ResultUpdate['type']>(type: T): Extract<ResultUpdate, { type: T }> {
    const found = this.posted.filter((update) => update.type === type).at(-1);
    assert.ok(found, `nothing of type ${type} was posted: ${JSON.stringify(this.posted.map((update) => update.type))}`);
    return found as Extract<ResultUpdate, { type: T }>;
  }
}

describe('Result viewer requests: pages, find, copy, export and the header, answered from the stored file', function () {
  this.timeout(120_000);
  let root: string;
  let store: ResultStore;

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'viewer-requests-'));
    store = new ResultStore(root, { rowLimit: 100 });
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function requestsFor(stored: StoredResult, host: RecordingHost, pageSize?: number): Promise<ResultRequests> {
    const rows = await StoredRows.open(stored);
    return new ResultRequests(rows, resultHeader(stored, stored.query), stored.jobKey, host, pageSize);
  }

  it('pages over a generated 1,000,000-row result: the first, a middle and the last page hold exactly those rows', async () => {
    const count = 1_000_000;
    const texts = Array.from({ length: count }, (_, n) => generatedRowText(n));
    const stored = await storeRowTexts(store, 'http://db#million', texts, 5000);
    const host = new RecordingHost();
    const requests = await requestsFor(stored, host);
    await requests.handle({ type: 'ready' });
    const init = host.last('init');
    assert.equal(init.rowCount, count);
    assert.equal(init.jobKey, 'http://db#million');
    assert.equal(init.header.title, 'FOR d IN docs RETURN d (job million)');
    const lastPage = Math.ceil(count / init.pageSize) - 1;
    for (const pageIndex of [0, 2_345, lastPage]) {
      await requests.handle({ type: 'page', pageIndex });
      const page = host.last('page');
      assert.equal(page.pageIndex, pageIndex);
      assert.equal(page.firstRow, pageIndex * init.pageSize);
      assert.deepEqual(page.rows, texts.slice(page.firstRow, page.firstRow + init.pageSize));
    }
    assert.equal(host.last('page').rows.at(-1), generatedRowText(count - 1));
    // Past the end: an empty page, not an error.
    await requests.handle({ type: 'page', pageIndex: lastPage + 1 });
    assert.deepEqual(host.last('page').rows, []);
    assert.equal(requests.pagesAnswered, 4);
  });

  it('streams find hits as the file is read, reports the end, and stops when asked', async () => {
    const texts = Array.from({ length: 50_000 }, (_, n) => `{"_key":"k${n}","city":"${n % 1000 === 7 ? 'Berlin' : 'Paris'}","n":${n}}`);
    const stored = await storeRowTexts(store, 'http://db#find', texts);
    const host = new RecordingHost();
    const requests = await requestsFor(stored, host);
    await requests.handle({ type: 'find', findId: 1, needle: 'berlin' });
    const hits = host.posted.flatMap((update) => (update.type === 'findHits' && update.findId === 1 ? update.hits : []));
    assert.deepEqual(
      hits.map((hit) => hit.row),
      Array.from({ length: 50 }, (_, n) => n * 1000 + 7),
    );
    assert.ok(hits.every((hit) => hit.column === 'city' && hit.snippet === 'Berlin'));
    assert.deepEqual(host.last('findDone'), { type: 'findDone', findId: 1, stopped: false, hitCount: 50, limited: false });

    // A stop while a find runs ends it early and says it was stopped.
    const running = requests.handle({ type: 'find', findId: 2, needle: 'paris' });
    await requests.handle({ type: 'stopFind', findId: 2 });
    await running;
    const done = host.last('findDone');
    assert.equal(done.findId, 2);
    assert.equal(done.stopped, true);
    assert.ok(done.hitCount < 49_950, `a stopped find still listed ${done.hitCount} hits`);
  });

  it('copies a cell, a row and a selection as JSON, CSV and TSV, with every digit and the header of the visible columns', async () => {
    const texts = ['{"_key":"a","n":12345678901234567890123,"s":"x, \\"y\\"","o":{"k":[1,2]}}', '{"_key":"b","s":"tab\\there","extra":true}', '"not an object"'];
    const stored = await storeRowTexts(store, 'http://db#copy', texts);
    const host = new RecordingHost();
    const requests = await requestsFor(stored, host);
    await requests.handle({ type: 'copy', target: { kind: 'cell', row: 0, column: 'n' }, format: 'json', columns: [] });
    await requests.handle({ type: 'copy', target: { kind: 'cell', row: 0, column: 's' }, format: 'csv', columns: [] });
    await requests.handle({ type: 'copy', target: { kind: 'rows', first: 0, last: 0 }, format: 'json', columns: [] });
    await requests.handle({ type: 'copy', target: { kind: 'rows', first: 2, last: 0 }, format: 'csv', columns: ['_key', 's', 'o', 'value'] });
    await requests.handle({ type: 'copy', target: { kind: 'rows', first: 0, last: 1 }, format: 'tsv', columns: ['_key', 's'] });
    assert.deepEqual(host.clipboard, [
      '12345678901234567890123',
      '"x, ""y"""',
      texts[0],
      '_key,s,o,value\r\na,"x, ""y""","{""k"":[1,2]}",\r\nb,tab\there,,\r\n,,,not an object\r\n',
      '_key\ts\r\na\t"x, ""y"""\r\nb\t"tab\there"\r\n',
    ]);
    assert.equal(host.last('copied').description, 'Copied rows 1–2 as TSV.');
  });

  it('refuses to copy more rows than the clipboard should hold, pointing to Export', async () => {
    const stored = await storeRowTexts(store, 'http://db#many', Array.from({ length: COPY_ROW_LIMIT + 1 }, (_, n) => String(n)));
    const host = new RecordingHost();
    const requests = await requestsFor(stored, host);
    await requests.handle({ type: 'copy', target: { kind: 'rows', first: 0, last: COPY_ROW_LIMIT }, format: 'json', columns: [] });
    assert.deepEqual(host.clipboard, []);
    assert.match(host.last('error').message, /too many for the clipboard .* use Export/);
  });

  it('forwards export and Open as JSON Text to the extension, and answers a memory probe', async () => {
    const stored = await storeRowTexts(store, 'http://db#forward', ['1']);
    const host = new RecordingHost();
    const requests = await requestsFor(stored, host);
    await requests.handle({ type: 'export', format: 'jsonl' });
    await requests.handle({ type: 'openAsText' });
    assert.deepEqual(host.exports, ['jsonl']);
    assert.equal(host.textOpened, 1);
    const measured = requests.measurePageMemory();
    const probe = host.last('measureMemory');
    await requests.handle({ type: 'memory', probeId: probe.probeId, usedHeapBytes: 1234 });
    assert.equal(await measured, 1234);
  });

  it('posts a failure as an error message instead of throwing', async () => {
    const stored = await storeRowTexts(store, 'http://db#broken', ['{"a":1}']);
    const host = new RecordingHost();
    const requests = await requestsFor(stored, host);
    host.writeClipboard = () => Promise.reject(new Error('clipboard unavailable'));
    await requests.handle({ type: 'copy', target: { kind: 'cell', row: 0, column: 'a' }, format: 'json', columns: [] });
    assert.equal(host.last('error').message, 'clipboard unavailable');
  });
});
