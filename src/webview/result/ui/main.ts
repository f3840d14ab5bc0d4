import type { CopyFormat, CopyTarget, ExportFormat, FindHitMessage, ResultPageState, ResultRequest, ResultUpdate } from '../../../webviewHost/messages/resultMessages';
import { onHostMessage, vscodeApi } from '../../common/ui/vscodeApi';
import { parseRowNumber, selectedRows } from '../gridCursor';
import { cellsOf } from '../gridModel';
import { prettyJson, valueAt } from '../jsonTree';
import { button, element } from './dom';
import { headerView } from './headerView';
import { JsonView } from './jsonView';
import { RawView } from './rawView';
import { ResultData } from './resultData';
import { TableView } from './tableView';
import { graphTab } from './graphTab';
import type { GraphTab } from './graphTab';
import './styles.css';

type TabName = 'table' | 'json' | 'raw' | 'graph';

/** Hits listed under Find; more are counted, and the first ones can be jumped to. */
const HITS_LISTED = 500;

const api = vscodeApi<ResultRequest, ResultPageState>();
const send = (request: ResultRequest): void => api.postMessage(request);
const data = new ResultData(send);

const status = element('div', { className: 'status', attributes: { role: 'status', 'aria-live': 'polite' } });
const notice = element('div', { className: 'notice', attributes: { role: 'alert' } });
const headerSlot = element('div', { className: 'header-slot' });

// The side panel: a cell's or a document's whole value, pretty, every digit kept.
const sideTitle = element('h2', { className: 'side-title' });
const sideText = element('pre', { className: 'side-text', attributes: { tabindex: '0', 'aria-label': 'Value' } });
const side = element('aside', { className: 'side-panel', attributes: { 'aria-label': 'Value', hidden: '' } }, element('div', { className: 'side-bar' }, sideTitle, button('Close', () => closeSide(), { title: 'Close (Escape)' })), sideText);
let sideReturnFocus: HTMLElement | undefined;

function showValue(title: string, raw: string): void {
  sideTitle.textContent = title;
  sideText.textContent = prettyJson(raw);
  sideReturnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  side.hidden = false;
  sideText.focus();
}

function closeSide(): void {
  side.hidden = true;
  sideReturnFocus?.focus();
}
side.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeSide();
});

function showRowValue(row: number, pointer: string, label?: string): void {
  const text = data.cache.rowText(row);
  if (text === undefined) return;
  const raw = valueAt(text, pointer);
  if (raw === undefined) return;
  showValue(`Row ${(row + 1).toLocaleString('en-US')}${label === undefined ? (pointer === '' ? '' : ` · ${pointer}`) : ` · ${label}`}`, raw);
}

const table = new TableView(data, {
  openCell: (row, column) => {
    const text = data.cache.rowText(row);
    const raw = text === undefined ? undefined : cellsOf(text).get(column);
    if (raw !== undefined) showValue(`Row ${(row + 1).toLocaleString('en-US')} · ${column}`, raw);
  },
  copy: (what) => copy(what === 'rows' ? 'rows' : 'auto'),
  moved: () => updateStatus(),
});
const json = new JsonView(data, (row, pointer) => showRowValue(row, pointer));
const raw = new RawView(data);
const graph: GraphTab | undefined = graphTab(data, (row, rowText, pointer) => {
  const value = valueAt(rowText, pointer);
  if (value !== undefined) showValue(`Row ${(row + 1).toLocaleString('en-US')}${pointer === '' ? '' : ` · ${pointer}`}`, value);
});

// Tabs: Table, JSON, Raw (and Graph when the rows are edges or paths).
const panels: Record<TabName, HTMLElement | undefined> = { table: table.element, json: json.element, raw: raw.element, graph: graph?.element };
const labels: Record<TabName, string> = { table: 'Table', json: 'JSON', raw: 'Raw', graph: 'Graph' };
const tabList = element('div', { className: 'tabs', attributes: { role: 'tablist', 'aria-label': 'Views' } });
const tabs = new Map<TabName, HTMLButtonElement>();
let current: TabName = 'table';

function addTab(name: TabName): void {
  const panel = panels[name];
  if (panel === undefined || tabs.has(name)) return;
  const tab = element('button', { className: 'tab', text: labels[name], attributes: { role: 'tab', id: `tab-${name}`, type: 'button', 'aria-controls': `panel-${name}` } });
  tab.addEventListener('click', () => selectTab(name, true));
  tab.addEventListener('keydown', (event) => {
    const names = [...tabs.keys()];
    const at = names.indexOf(name);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = names[(at + step + names.length) % names.length] as TabName;
    selectTab(next, false);
    tabs.get(next)?.focus();
  });
  panel.id = `panel-${name}`;
  panel.setAttribute('role', 'tabpanel');
  panel.setAttribute('aria-labelledby', `tab-${name}`);
  tabs.set(name, tab);
  tabList.append(tab);
}

function selectTab(name: TabName, focusPanel: boolean): void {
  current = name;
  for (const [tabName, tab] of tabs) {
    const selected = tabName === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    const panel = panels[tabName];
    if (panel) panel.hidden = !selected;
  }
  if (name === 'graph') graph?.show();
  saveState();
  if (focusPanel) focusCurrent();
  updateStatus();
}

function focusCurrent(): void {
  if (current === 'table') table.focus();
  else if (current === 'json') json.focus();
  else if (current === 'raw') raw.focus();
}

// Go to row.
const goInput = element('input', { className: 'input go-input', attributes: { type: 'text', 'aria-label': 'Go to row', placeholder: 'Row', inputmode: 'numeric' } });
function goToRow(): void {
  const parsed = parseRowNumber(goInput.value, data.rowCount);
  if ('error' in parsed) {
    say(parsed.error);
    return;
  }
  say('');
  if (current === 'json') json.goTo(parsed.row);
  else if (current === 'raw') raw.goTo(parsed.row);
  else {
    selectTab('table', false);
    table.goTo(parsed.row);
  }
  focusCurrent();
}
goInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') goToRow();
});

// Find: hits stream in from the extension as it reads the file; Stop ends it.
const findInput = element('input', { className: 'input find-input', attributes: { type: 'search', 'aria-label': 'Find in result', placeholder: 'Find' } });
const findButton = button('Find', () => startFind());
const stopButton = button('Stop', () => stopFind());
stopButton.disabled = true;
const findStatus = element('span', { className: 'find-status', attributes: { role: 'status', 'aria-live': 'polite' } });
const hitList = element('ul', { className: 'hits', attributes: { 'aria-label': 'Find results' } });
const hitsPanel = element('section', { className: 'hits-panel', attributes: { 'aria-label': 'Find results', hidden: '' } }, hitList);
let findId = 0;
let hitCount = 0;

function startFind(): void {
  const needle = findInput.value;
  if (needle === '') return;
  findId += 1;
  hitCount = 0;
  hitList.replaceChildren();
  hitsPanel.hidden = false;
  stopButton.disabled = false;
  findStatus.textContent = 'Searching…';
  send({ type: 'find', findId, needle });
}

function stopFind(): void {
  send({ type: 'stopFind', findId });
}
findInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') startFind();
  if (event.key === 'Escape') stopFind();
});

function addHits(hits: readonly FindHitMessage[]): void {
  for (const hit of hits) {
    hitCount += 1;
    if (hitCount > HITS_LISTED) continue;
    const item = button(`Row ${(hit.row + 1).toLocaleString('en-US')} · ${hit.column}: ${hit.snippet}`, () => {
      selectTab('table', false);
      table.goTo(hit.row, hit.column);
      table.focus();
    }, { className: 'hit' });
    hitList.append(element('li', {}, item));
  }
  findStatus.textContent = `${hitCount.toLocaleString('en-US')} found, searching…`;
}

// Copy: a cell or the selected rows, as JSON, CSV or TSV; the extension reads the rows and writes the clipboard.
const copyFormat = element('select', { className: 'select', attributes: { 'aria-label': 'Copy as' } });
for (const format of ['json', 'csv', 'tsv'] as const) copyFormat.append(element('option', { text: format.toUpperCase(), attributes: { value: format } }));

function copy(what: 'cell' | 'rows' | 'auto'): void {
  const { first, last } = selectedRows(table.cursor);
  const column = table.cursorColumn;
  const target: CopyTarget =
    what === 'cell' || (what === 'auto' && first === last && column !== undefined)
      ? { kind: 'cell', row: table.cursor.row, column: column ?? 'value' }
      : { kind: 'rows', first, last };
  send({ type: 'copy', target, format: copyFormat.value as CopyFormat, columns: table.columns });
}

// Columns: hide and show, and widths by keyboard (the header's handles resize by mouse).
const columnsPanel = element('section', { className: 'columns-panel', attributes: { 'aria-label': 'Columns', hidden: '' } });
function renderColumnsPanel(): void {
  const rows = data.columns.all.map((name) => {
    const shown = element('input', { attributes: { type: 'checkbox', 'aria-label': `Show ${name}` } });
    shown.checked = !data.columns.isHidden(name);
    shown.addEventListener('change', () => {
      data.columns.setHidden(name, !shown.checked);
      shown.checked = !data.columns.isHidden(name);
      data.changed();
    });
    const width = element('input', { className: 'input width-input', attributes: { type: 'number', min: '40', max: '2000', step: '20', 'aria-label': `Width of ${name} in pixels` } });
    width.value = String(data.columns.widthOf(name));
    width.addEventListener('change', () => {
      data.columns.setWidth(name, Number(width.value));
      data.changed();
    });
    return element('li', { className: 'column-row' }, element('label', {}, shown, ` ${name}`), width);
  });
  columnsPanel.replaceChildren(element('h2', { text: 'Columns' }), element('ul', { className: 'column-list' }, ...rows), button('Done', () => toggleColumns(false)));
}
function toggleColumns(open: boolean): void {
  columnsPanel.hidden = !open;
  if (open) {
    renderColumnsPanel();
    columnsPanel.querySelector('input')?.focus();
  } else table.focus();
}
columnsPanel.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') toggleColumns(false);
});

const exportButtons = (['csv', 'json', 'jsonl'] as const).map((format: ExportFormat) =>
  button(format === 'jsonl' ? 'JSON Lines' : format.toUpperCase(), () => send({ type: 'export', format }), { title: `Export every row to a ${format.toUpperCase()} file` }),
);

const toolbar = element(
  'div',
  { className: 'toolbar' },
  tabList,
  element('div', { className: 'group', attributes: { role: 'group', 'aria-label': 'Go to row' } }, goInput, button('Go', () => goToRow())),
  element('div', { className: 'group', attributes: { role: 'group', 'aria-label': 'Find' } }, findInput, findButton, stopButton, findStatus),
  element('div', { className: 'group', attributes: { role: 'group', 'aria-label': 'Copy' } }, copyFormat, button('Copy Cell', () => copy('cell'), { title: 'Ctrl+C' }), button('Copy Rows', () => copy('rows'), { title: 'Ctrl+Shift+C' })),
  element('div', { className: 'group' }, button('Columns…', () => toggleColumns(columnsPanel.hidden))),
  element('div', { className: 'group', attributes: { role: 'group', 'aria-label': 'Export' } }, element('span', { className: 'group-label', text: 'Export:' }), ...exportButtons),
  element('div', { className: 'group' }, button('Open as JSON Text', () => send({ type: 'openAsText' }))),
);

const views = element('div', { className: 'views' }, table.element, json.element, raw.element, ...(graph ? [graph.element] : []));
document.body.append(element('main', { className: 'viewer' }, headerSlot, toolbar, notice, columnsPanel, hitsPanel, element('div', { className: 'content' }, views, side), status));
for (const name of ['table', 'json', 'raw'] as const) addTab(name);
if (graph) graph.element.hidden = true;

function say(text: string): void {
  notice.textContent = text;
  notice.hidden = text === '';
}
say('');

function updateStatus(): void {
  if (data.rowCount === 0) {
    status.textContent = 'No rows.';
    return;
  }
  const { first, last } = table.range;
  const shown = last >= first ? `rows ${(first + 1).toLocaleString('en-US')}–${(last + 1).toLocaleString('en-US')} drawn` : '';
  const { first: selectedFirst, last: selectedLast } = selectedRows(table.cursor);
  const selection = selectedFirst === selectedLast ? `row ${(selectedFirst + 1).toLocaleString('en-US')} selected` : `rows ${(selectedFirst + 1).toLocaleString('en-US')}–${(selectedLast + 1).toLocaleString('en-US')} selected`;
  status.textContent = `${data.rowCount.toLocaleString('en-US')} rows · ${selection} · ${shown} · ${data.cache.size} pages of ${data.cache.pageSize} held`;
}

let jobKey: string | undefined;
function saveState(): void {
  if (jobKey !== undefined) api.setState({ jobKey, tab: current, scrollRow: table.cursor.row });
}

document.addEventListener('keydown', (event) => {
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && event.key === 'f') {
    event.preventDefault();
    findInput.focus();
  } else if (ctrl && event.key === 'g') {
    event.preventDefault();
    goInput.focus();
  }
});

onHostMessage<ResultUpdate>((message) => {
  switch (message.type) {
    case 'init': {
      jobKey = message.jobKey;
      data.reset(message.rowCount, message.pageSize);
      headerSlot.replaceChildren(headerView(message.header));
      table.setRowCount(message.rowCount);
      json.setRowCount(message.rowCount);
      raw.setRowCount(message.rowCount);
      const saved = api.getState();
      if (graph) void graph.offer(message.rowCount).then((offered) => {
        if (offered) {
          addTab('graph');
          if (saved?.tab === 'graph') selectTab('graph', false);
        }
      });
      const tab = saved?.tab === 'json' || saved?.tab === 'raw' ? saved.tab : 'table';
      selectTab(tab, false);
      if (saved?.scrollRow !== undefined && saved.scrollRow < message.rowCount) table.goTo(saved.scrollRow);
      table.refresh();
      updateStatus();
      saveState();
      return;
    }
    case 'page':
      data.addPage(message.pageIndex, message.rows);
      updateStatus();
      return;
    case 'findHits':
      if (message.findId === findId) addHits(message.hits);
      return;
    case 'findDone':
      if (message.findId !== findId) return;
      stopButton.disabled = true;
      findStatus.textContent = `${message.hitCount.toLocaleString('en-US')} found${message.stopped ? ' (stopped)' : message.limited ? ' (the first ones; refine the search)' : ''}${message.hitCount > HITS_LISTED ? `, the first ${HITS_LISTED} listed` : ''}.`;
      if (message.hitCount === 0) hitList.replaceChildren(element('li', { className: 'no-hits', text: 'Nothing found.' }));
      return;
    case 'copied':
      say(message.description);
      return;
    case 'error':
      say(message.message);
      return;
    case 'measureMemory': {
      const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
      send({ type: 'memory', probeId: message.probeId, ...(memory === undefined ? {} : { usedHeapBytes: memory.usedJSHeapSize }) });
      return;
    }
  }
});

window.addEventListener('scroll', () => updateStatus(), true);
send({ type: 'ready' });
