import { fileURLToPath } from 'node:url';
import type { DocumentPosition } from '../jobs/trackedJob';

/**
 * `1.9 ms`, `950 ms`, `12.3 s`, `4 min 05 s`, `2 h 03 min`: short enough for a tree item's
 * description. Below 10 ms one more digit, so a server time of 1.9 ms does not read as 2 ms.
 */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 1000) {
    return safe < 10 && !Number.isInteger(safe) ? `${Number(safe.toPrecision(2))} ms` : `${Math.round(safe)} ms`;
  }
  const seconds = safe / 1000;
  if (seconds < 60) {
    return `${seconds.toFixed(1)} s`;
  }
  const wholeSeconds = Math.floor(seconds);
  const minutes = Math.floor(wholeSeconds / 60);
  if (minutes < 60) {
    return `${minutes} min ${String(wholeSeconds % 60).padStart(2, '0')} s`;
  }
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `16:12:05` today, `Dec 3, 16:12` earlier this year, `Dec 3 2025, 16:12` before: local time. */
export function formatClockTime(epochMs: number, now: number): string {
  const at = new Date(epochMs);
  const today = new Date(now);
  const hhmm = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  if (at.toDateString() === today.toDateString()) {
    return `${hhmm}:${pad(at.getSeconds())}`;
  }
  const day = `${MONTHS[at.getMonth()] ?? ''} ${at.getDate()}`;
  return at.getFullYear() === today.getFullYear() ? `${day}, ${hhmm}` : `${day} ${at.getFullYear()}, ${hhmm}`;
}

const RECENT_MS = 24 * 3600_000;

/** `12 s ago`, `4 min ago`, `3 h ago` within the last day; undefined for anything older (the clock time says it). */
export function formatRelative(epochMs: number, now: number): string | undefined {
  const ago = Math.max(0, now - epochMs);
  if (ago >= RECENT_MS) {
    return undefined;
  }
  if (ago < 60_000) {
    return `${Math.floor(ago / 1000)} s ago`;
  }
  if (ago < 3600_000) {
    return `${Math.floor(ago / 60_000)} min ago`;
  }
  return `${Math.floor(ago / 3600_000)} h ago`;
}

/**
 * Where a query came from, as short as a tree item needs: `slow.aql`, or `slow.aql:12` when a
 * selection further down was run (line 1-based, as editors count). Undefined when unknown.
 */
export function formatSource(documentUri: string | undefined, queryStart?: DocumentPosition): string | undefined {
  if (documentUri === undefined) {
    return undefined;
  }
  const name = documentName(documentUri);
  return queryStart !== undefined && queryStart.line > 0 ? `${name}:${queryStart.line + 1}` : name;
}

/** The document's path for a file, else its URI (an untitled editor, a remote file). */
export function documentLocation(documentUri: string): string {
  if (documentUri.startsWith('file:')) {
    try {
      return fileURLToPath(documentUri);
    } catch {
      return documentUri;
    }
  }
  return documentUri;
}

function documentName(documentUri: string): string {
  let path = documentUri;
  try {
    path = decodeURIComponent(new URL(documentUri).pathname);
  } catch {
    // Not a URI after all: name it by its last segment as it is.
  }
  const segments = path.split(/[/\\]/).filter((segment) => segment.length > 0);
  return segments[segments.length - 1] ?? documentUri;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
