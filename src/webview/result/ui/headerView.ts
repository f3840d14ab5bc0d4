import type { ResultHeader } from '../../../webviewHost/messages/resultMessages';
import { element } from './dom';

/** What the viewer shows above the rows: the query and what the server said about running it. */
export function headerView(header: ResultHeader): HTMLElement {
  const facts = element('dl', { className: 'facts' });
  const fact = (label: string, value: string): void => {
    facts.append(element('div', { className: 'fact' }, element('dt', { text: label }), element('dd', { text: value })));
  };
  fact('Rows', header.rowCount.toLocaleString('en-US'));
  fact('Database', header.database);
  if (header.executionTime !== undefined) fact('Execution time', header.executionTime);
  for (const statistic of header.statistics) fact(statistic.label, statistic.value);
  fact('Job', header.jobId);

  const query = element('details', { className: 'query', attributes: { open: '' } }, element('summary', { text: 'Query' }), element('pre', { className: 'query-text', text: header.query }));
  const parts: HTMLElement[] = [element('h1', { className: 'title', text: header.title }), facts, query];
  if (header.bindVars !== undefined) {
    parts.push(element('details', { className: 'bind-vars' }, element('summary', { text: 'Bind parameters' }), element('pre', { text: header.bindVars })));
  } else {
    parts.push(element('p', { className: 'bind-vars none', text: 'Bind parameters: none' }));
  }
  if (header.warnings.length > 0) {
    const list = element('ul', { className: 'warnings' });
    for (const warning of header.warnings) list.append(element('li', { text: warning.code === undefined ? warning.message : `${warning.message} (warning ${warning.code})` }));
    parts.push(element('section', { className: 'warnings-section', attributes: { 'aria-label': 'Warnings' } }, element('h2', { text: `Warnings (${header.warnings.length})` }), list));
  }
  return element('header', { className: 'result-header', attributes: { 'aria-label': 'About this result' } }, ...parts);
}
