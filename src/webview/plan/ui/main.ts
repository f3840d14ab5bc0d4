/**
 * The plan view's page: draws the document the extension sends (a tree of execution nodes with
 * their estimates, measured figures and marks), the All Plans switch and the profile's phases
 * and statistics. Everything is worded by the extension (planDocument.ts); this file only draws
 * and handles the keys of the tree.
 */
import './plan.css';
import { onHostMessage, vscodeApi } from '../../common/ui/vscodeApi';
import type { PlanDocument, PlanHostMessage, PlanPageMessage, PlanRowView, PlanView } from '../../../webviewHost/messages/planMessages';
import { treeMove, visibleRows } from '../planTree';
import type { TreeKey } from '../planTree';

interface PageState {
  readonly title: string;
  readonly planIndex: number;
}

const api = vscodeApi<PlanPageMessage, PageState>();

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className !== undefined) {
    created.className = className;
  }
  if (text !== undefined) {
    created.textContent = text;
  }
  return created;
}

const header = element('header');
const status = element('div', 'status');
status.setAttribute('role', 'status');
status.setAttribute('aria-live', 'polite');
const main = element('main');
document.body.append(header, status, main);

let shown: PlanDocument | undefined;
let planIndex = 0;
let collapsed = new Set<number>();
let focusedRow = 0;

function bar(share: number, className: string): HTMLElement {
  const track = element('span', `bar ${className}`);
  track.setAttribute('aria-hidden', 'true');
  const fill = element('span', 'fill');
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  track.append(fill);
  return track;
}

function cell(text: string, className = 'num'): HTMLElement {
  return element('span', `cell ${className}`, text);
}

function rowLabel(row: PlanRowView, profiled: boolean): string {
  const parts = [`${row.type} ${row.id}: ${row.label}`];
  if (!row.runs) {
    parts.push('never runs');
  }
  parts.push(`estimated ${row.estimatedItems} items, own cost ${row.estimatedCost}, ${row.costShareText} of the cost`);
  if (profiled && row.measured) {
    const m = row.measured;
    parts.push(`${m.calls} calls, ${m.items} items, ${m.filtered} filtered, runtime ${m.runtime}, ${m.runtimeShareText} of the runtime`);
  }
  if (row.slowest) {
    parts.push('slowest node');
  }
  for (const mark of row.trouble) {
    parts.push(`warning: ${mark.reason}`);
  }
  return parts.join('; ');
}

function columnHeads(profiled: boolean): HTMLElement {
  const heads = element('div', `row heads${profiled ? ' profiled' : ''}`);
  heads.setAttribute('aria-hidden', 'true');
  const names = ['Node', 'Est. items', 'Own cost', 'Share of cost', ...(profiled ? ['Calls', 'Items', 'Filtered', 'Runtime', 'Share of runtime'] : [])];
  heads.append(...names.map((name, i) => cell(name, i === 0 ? 'node head' : 'num head')));
  return heads;
}

function treeRow(row: PlanRowView, index: number, profiled: boolean): HTMLElement {
  const item = element('li', 'treeitem');
  item.setAttribute('role', 'treeitem');
  item.setAttribute('aria-level', String(row.level));
  item.setAttribute('aria-label', rowLabel(row, profiled));
  item.dataset.index = String(index);
  item.tabIndex = -1;
  if (row.hasChildren) {
    item.setAttribute('aria-expanded', String(!collapsed.has(index)));
  }
  item.classList.toggle('slowest', row.slowest);
  item.classList.toggle('idle', !row.runs);
  item.classList.toggle('troubled', row.trouble.length > 0);

  const line = element('div', `row${profiled ? ' profiled' : ''}`);
  const node = element('span', 'cell node');
  const guides = element('span', 'guides', row.guides);
  guides.setAttribute('aria-hidden', 'true');
  const toggle = element('span', 'toggle', row.hasChildren ? (collapsed.has(index) ? '▸' : '▾') : '');
  toggle.setAttribute('aria-hidden', 'true');
  node.append(guides, toggle, element('span', 'type', row.type), element('span', 'id', `#${row.id}`), element('span', 'label', row.label));
  if (row.slowest) {
    node.append(element('span', 'badge', 'slowest'));
  }
  line.append(node, cell(row.estimatedItems), cell(row.estimatedCost), shareCell(row.costShare, row.costShareText, 'cost'));
  if (profiled) {
    const m = row.measured;
    line.append(cell(m?.calls ?? '–'), cell(m?.items ?? '–'), cell(m?.filtered ?? '–'), cell(m?.runtime ?? '–'), shareCell(m?.runtimeShare ?? 0, m?.runtimeShareText ?? '–', 'runtime'));
  }
  item.append(line);
  const indent = `${row.guides.length + 2}ch`;
  for (const mark of row.trouble) {
    const note = element('div', 'note trouble', `⚠ ${mark.reason}`);
    note.style.paddingInlineStart = indent;
    note.setAttribute('aria-hidden', 'true');
    item.append(note);
  }
  if (row.details.length > 0) {
    const more = element('div', 'note details', row.details.join(' · '));
    more.style.paddingInlineStart = indent;
    more.setAttribute('aria-hidden', 'true');
    item.append(more);
  }
  return item;
}

function shareCell(share: number, text: string, kind: string): HTMLElement {
  const holder = element('span', 'cell share');
  holder.append(bar(share, kind), element('span', 'share-text', text));
  return holder;
}

function section(title: string): HTMLElement {
  const part = element('section');
  part.append(element('h2', undefined, title));
  return part;
}

function drawHeader(doc: PlanDocument, plan: PlanView | undefined): void {
  header.replaceChildren();
  header.append(element('h1', undefined, doc.title));
  const facts = [`database ${doc.database}`];
  if (plan) {
    facts.push(`estimated cost ${plan.estimatedCost}`, `estimated items ${plan.estimatedItems}`);
  }
  if (doc.cacheable !== undefined) {
    facts.push(doc.cacheable ? 'cacheable' : 'not cacheable');
  }
  if (doc.totalRuntime !== undefined) {
    facts.push(`nodes' runtime ${doc.totalRuntime}`);
  }
  header.append(element('p', 'facts', facts.join(' · ')));
  if (doc.canShowAllPlans) {
    const controls = element('div', 'controls');
    const label = element('label', 'switch');
    const box = element('input');
    box.type = 'checkbox';
    box.checked = doc.allPlans;
    box.addEventListener('change', () => api.postMessage({ type: 'allPlans', on: box.checked }));
    label.append(box, document.createTextNode(' All Plans'));
    controls.append(label);
    if (doc.allPlans && doc.plans.length > 0) {
      const previous = element('button', undefined, 'Previous Plan');
      const next = element('button', undefined, 'Next Plan');
      const which = element('span', 'which', `Plan ${planIndex + 1} of ${doc.plans.length}${planIndex === 0 ? ' (chosen)' : ''}`);
      previous.disabled = planIndex === 0;
      next.disabled = planIndex >= doc.plans.length - 1;
      previous.addEventListener('click', () => stepPlan(-1));
      next.addEventListener('click', () => stepPlan(1));
      controls.append(previous, which, next);
    }
    header.append(controls);
  }
  if (doc.slowest) {
    header.append(element('p', 'slowest-line', `Slowest: ${doc.slowest.text}`));
  }
}

function stepPlan(by: number): void {
  if (!shown) {
    return;
  }
  planIndex = Math.max(0, Math.min(shown.plans.length - 1, planIndex + by));
  collapsed = new Set();
  focusedRow = 0;
  draw();
  status.textContent = `Plan ${planIndex + 1} of ${shown.plans.length}`;
}

function drawTree(plan: PlanView, profiled: boolean): HTMLElement {
  const table = element('div', 'plan');
  table.append(columnHeads(profiled));
  const tree = element('ul', 'tree');
  tree.setAttribute('role', 'tree');
  tree.setAttribute('aria-label', 'Execution plan, in the order it runs');
  const items = plan.rows.map((row, index) => treeRow(row, index, profiled));
  tree.append(...items);
  const parents = plan.rows.map((row) => {
    const parent = row.parentId === undefined ? -1 : plan.rows.findIndex((candidate) => candidate.id === row.parentId);
    return parent >= 0 ? parent : undefined;
  });
  const places = plan.rows.map((row, index) => ({ hasChildren: row.hasChildren, ...(parents[index] !== undefined ? { parent: parents[index] } : {}) }));
  const applyVisibility = (): number[] => {
    const shownRows = visibleRows(parents, collapsed);
    const visible = new Set(shownRows);
    items.forEach((item, index) => {
      item.hidden = !visible.has(index);
      item.tabIndex = index === focusedRow ? 0 : -1;
      if (plan.rows[index]?.hasChildren) {
        item.setAttribute('aria-expanded', String(!collapsed.has(index)));
        const toggle = item.querySelector('.toggle');
        if (toggle) {
          toggle.textContent = collapsed.has(index) ? '▸' : '▾';
        }
      }
    });
    return shownRows;
  };
  const focus = (index: number): void => {
    focusedRow = index;
    applyVisibility();
    items[index]?.focus();
  };
  if (!visibleRows(parents, collapsed).includes(focusedRow)) {
    focusedRow = 0;
  }
  applyVisibility();
  tree.addEventListener('keydown', (event) => {
    const keys: readonly string[] = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'];
    if (!keys.includes(event.key)) {
      if ((event.key === 'Enter' || event.key === ' ') && plan.rows[focusedRow]?.hasChildren) {
        event.preventDefault();
        if (collapsed.has(focusedRow)) collapsed.delete(focusedRow);
        else collapsed.add(focusedRow);
        focus(focusedRow);
      }
      return;
    }
    event.preventDefault();
    const move = treeMove(event.key as TreeKey, focusedRow, visibleRows(parents, collapsed), places, collapsed);
    if (move === undefined) {
      return;
    }
    if ('focus' in move) {
      focus(move.focus);
    } else if ('expand' in move) {
      collapsed.delete(move.expand);
      focus(move.expand);
    } else {
      collapsed.add(move.collapse);
      focus(move.collapse);
    }
  });
  tree.addEventListener('click', (event) => {
    const item = (event.target as HTMLElement).closest('li.treeitem');
    if (!(item instanceof HTMLElement)) {
      return;
    }
    const index = Number(item.dataset.index);
    if ((event.target as HTMLElement).classList.contains('toggle') && plan.rows[index]?.hasChildren) {
      if (collapsed.has(index)) collapsed.delete(index);
      else collapsed.add(index);
    }
    focus(index);
  });
  table.append(tree);
  return table;
}

function draw(): void {
  const doc = shown;
  if (!doc) {
    return;
  }
  const plan = doc.plans[planIndex];
  drawHeader(doc, plan);
  const profiled = doc.kind === 'profile';
  const parts: HTMLElement[] = [];
  if (doc.warnings.length > 0) {
    const warnings = section('Warnings');
    const list = element('ul', 'warnings');
    list.append(...doc.warnings.map((warning) => element('li', undefined, warning)));
    warnings.append(list);
    parts.push(warnings);
  }
  if (plan) {
    parts.push(drawTree(plan, profiled));
    if (plan.rules.length > 0) {
      const rules = section('Optimizer rules applied');
      const list = element('ul', 'chips');
      list.append(...plan.rules.map((rule) => element('li', undefined, rule)));
      rules.append(list);
      parts.push(rules);
    }
    if (plan.collections.length > 0) {
      const collections = section('Collections');
      collections.append(element('p', undefined, plan.collections.join(', ')));
      parts.push(collections);
    }
  } else {
    parts.push(element('p', 'empty', 'The server sent no plan (profile level 1 has phase times and statistics only).'));
  }
  if (doc.phases.length > 0) {
    const phases = section('Phases');
    const list = element('dl', 'phases');
    for (const phase of doc.phases) {
      const value = element('dd');
      value.append(bar(phase.share, 'runtime'), element('span', 'share-text', phase.time));
      list.append(element('dt', undefined, phase.name), value);
    }
    phases.append(list);
    parts.push(phases);
  }
  if (doc.figures.length > 0) {
    const figures = section(profiled ? 'Statistics' : 'Optimizer');
    const list = element('dl', 'figures');
    for (const figure of doc.figures) {
      list.append(element('dt', undefined, figure.label), element('dd', undefined, figure.value));
    }
    figures.append(list);
    parts.push(figures);
  }
  const query = section('Query');
  query.append(element('pre', 'query', doc.query));
  if (doc.bindVars !== undefined) {
    query.append(element('h3', undefined, 'Bind parameters'), element('pre', 'query', JSON.stringify(doc.bindVars, null, 2)));
  }
  parts.push(query);
  main.replaceChildren(...parts);
  api.setState({ title: doc.title, planIndex });
  api.postMessage({ type: 'rendered', plan: planIndex, rows: plan?.rows.length ?? 0 });
}

onHostMessage<PlanHostMessage>((message) => {
  switch (message.type) {
    case 'show': {
      const previous = api.getState();
      const sameDocument = shown?.title === message.document.title && shown.allPlans === message.document.allPlans;
      planIndex = previous !== undefined && previous.title === message.document.title && message.document.allPlans ? previous.planIndex : 0;
      if (planIndex >= message.document.plans.length) {
        planIndex = 0;
      }
      if (!sameDocument) {
        collapsed = new Set();
        focusedRow = 0;
      }
      shown = message.document;
      status.textContent = '';
      draw();
      return;
    }
    case 'busy':
      status.textContent = message.text;
      return;
    case 'failed':
      status.textContent = message.text;
      draw();
      return;
  }
});

api.postMessage({ type: 'ready' });
