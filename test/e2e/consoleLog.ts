import type { Page } from 'playwright-core';

/** One message the workbench page printed to its console, or an uncaught page error. */
export interface ConsoleEntry {
  readonly type: string;
  readonly text: string;
  /** The script or resource it came from; a failed resource load names the resource only here. */
  readonly url: string;
}

/**
 * Errors a healthy code-server workbench logs on these machines, whatever the extension does: it
 * looks up extensions on open-vsx.org (unreachable from here), asks for `vsda`, which only
 * Microsoft's builds ship (404), and gives up waiting for the built-in GitHub sign-in provider,
 * which nothing here activates (seen in every run of code-server 4.139.1 here).
 */
const expectedNoise: readonly RegExp[] = [
  /open-vsx\.org/i,
  /\bvsda\b/i,
  /Timed out waiting for authentication provider 'github' to register/,
];

/** Whether a message is one of the known, harmless errors of a workbench on these machines. */
export function isExpectedNoiseText(text: string): boolean {
  return expectedNoise.some((pattern) => pattern.test(text));
}

const recordings = new WeakMap<Page, ConsoleEntry[]>();

/** Starts recording the page's console and page errors (once per page); call before navigating. */
export function recordConsole(page: Page): readonly ConsoleEntry[] {
  const existing = recordings.get(page);
  if (existing) return existing;
  const entries: ConsoleEntry[] = [];
  recordings.set(page, entries);
  page.on('console', (message) => {
    entries.push({ type: message.type(), text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => {
    entries.push({ type: 'pageerror', text: error.stack ?? error.message, url: '' });
  });
  return entries;
}

/** Whether an entry is one of the known, harmless errors of a workbench on these machines. */
export function isExpectedNoise(entry: ConsoleEntry): boolean {
  return isExpectedNoiseText(entry.text) || isExpectedNoiseText(entry.url);
}

/** The page's console errors and page errors so far, without the expected noise. */
export function unexpectedConsoleErrors(page: Page): ConsoleEntry[] {
  return recordConsole(page).filter((entry) => (entry.type === 'error' || entry.type === 'pageerror') && !isExpectedNoise(entry));
}

/**
 * Lines the workbench itself logs through the smoke-test driver on every run (connection set-up,
 * slow-start warnings on a busy machine, cancellations while it stops the extension host). They
 * arrive on the same channel as the extension host's console, so a suite's report is easier to read
 * without them; `E2E_VERBOSE=1` prints them anyway.
 */
const workbenchChatter: readonly RegExp[] = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(renderer-/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost:remote\]/,
  /^\[AccountPolicyGate\]/,
  /^\[warn\] Creation of workbench contribution '[^']+' took \d+ms/,
  /^\[warn\] \[DefaultAccount\] Attempt \d+ to get sessions failed/,
  /^\[error\] Canceled: Canceled/,
];

/** Whether a line from the workbench log is routine chatter or known noise rather than the suite's output. */
export function isWorkbenchChatter(line: string): boolean {
  return isExpectedNoiseText(line) || workbenchChatter.some((pattern) => pattern.test(line));
}
