/**
 * What the History view says about an entry, as plain text (tested in Node): the item's
 * description and the lines of its tooltip.
 */
import { documentLocation, formatDuration, formatSource } from '../views/format';
import { escapeMarkdown } from '../views/jobText';
import type { HistoryEntry, HistoryOutcome } from './historyStore';

const OUTCOME_WORDS: Record<HistoryOutcome, string> = {
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  lost: 'lost',
};

function clock(epochMs: number): string {
  const at = new Date(epochMs);
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

function rowsText(rows: number): string {
  return `${rows} ${rows === 1 ? 'row' : 'rows'}`;
}

/** What happened, in a few words: `3 rows · server 4.2 ms`, `error 1501`, `running`, `lost`. */
function outcomeFacts(entry: HistoryEntry): string[] {
  if (entry.outcome === 'done') {
    return [...(entry.rows !== undefined ? [rowsText(entry.rows)] : ['done']), ...(entry.serverTimeMs !== undefined ? [`server ${formatDuration(entry.serverTimeMs)}`] : [])];
  }
  if (entry.outcome === 'failed' && entry.errorNum !== undefined) {
    return [`error ${entry.errorNum}`];
  }
  return [OUTCOME_WORDS[entry.outcome]];
}

/** Where the query came from: `q.aql › top-students`, `q.aql`, or nothing for an untitled run. */
export function historySource(entry: HistoryEntry): string | undefined {
  const file = formatSource(entry.documentUri);
  if (file === undefined) return entry.blockName;
  return entry.blockName === undefined ? file : `${file} › ${entry.blockName}`;
}

/** The item's description: `16:12:05 · 3 rows · server 4.2 ms · q.aql › top · _system`. */
export function historyDescription(entry: HistoryEntry): string {
  const source = historySource(entry);
  return [clock(entry.submittedAt), ...outcomeFacts(entry), ...(source === undefined ? [] : [source]), entry.database].join(' · ');
}

/** The tooltip's lines under the query and its bind parameters (Markdown, one fact per line). */
export function historyTooltipLines(entry: HistoryEntry): string[] {
  const lines = [`Submitted ${new Date(entry.submittedAt).toLocaleString()} as job \`${entry.jobId}\``, `Database: \`${entry.database}\``, `Coordinator: \`${entry.coordinator}\``];
  if (entry.documentUri !== undefined) {
    lines.push(`From \`${documentLocation(entry.documentUri)}\`${entry.blockName === undefined ? '' : `, block \`${entry.blockName}\``}`);
  }
  const took = entry.finishedAt === undefined ? '' : ` after ${formatDuration(entry.finishedAt - entry.submittedAt)}`;
  switch (entry.outcome) {
    case 'running':
      lines.push('Outcome: still running');
      break;
    case 'done':
      lines.push(`Outcome: done${took}${entry.rows === undefined ? '' : `, ${rowsText(entry.rows)}`}`);
      break;
    case 'failed':
      lines.push(`Outcome: failed${took}${entry.errorNum === undefined ? '' : `, error ${entry.errorNum}`}${entry.errorMessage === undefined ? '' : `: ${escapeMarkdown(entry.errorMessage)}`}`);
      break;
    default:
      lines.push(`Outcome: ${OUTCOME_WORDS[entry.outcome]}`);
  }
  if (entry.serverTimeMs !== undefined) {
    lines.push(`Server execution time: ${formatDuration(entry.serverTimeMs)}`);
  }
  if (entry.droppedBindVars !== undefined && entry.droppedBindVars.length > 0) {
    lines.push(`Not kept (named like secrets; asked for again on *Run Again*): ${entry.droppedBindVars.map((name) => `\`@${name}\``).join(', ')}`);
  }
  return lines;
}
