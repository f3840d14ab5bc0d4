import type { Locator, Page } from 'playwright-core';
import type { ConsoleEntry } from './consoleLog';
import { recordConsole, unexpectedConsoleErrors } from './consoleLog';

/** Turns the workbench's non-breaking spaces (editor and status bar rendering) into plain spaces. */
function plainText(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** One line of text with runs of whitespace (an item's icon and counters span lines) as one space. */
function oneLine(text: string): string {
  return plainText(text).replace(/\s+/g, ' ').trim();
}

/**
 * A page object for UI scenarios in a code-server workbench, with the selectors seen working on
 * VS Code 1.139: F1 palette, `.statusbar`, activity-bar entries by `aria-label`, `.pane-body`
 * trees, `.view-lines` editors.
 *
 * @example
 * const workbench = new Workbench(await openWorkbench(server, browser));
 * await workbench.runCommand('ArangoDB: Run Query as Async Job');
 * assert.match(await workbench.statusBarText(), /1 pending/);
 */
export class Workbench {
  /**
   * How long to wait for something to appear, in milliseconds. Generous: on a busy two-core machine
   * the extension host has been seen to need 40 s before an extension's commands were listed.
   */
  timeoutMs = 60_000;

  constructor(readonly page: Page) {
    // Pages from openWorkbench() are recorded from their start; others from here on.
    recordConsole(page);
  }

  /**
   * Runs a command by its title (as the palette shows it, category included) through F1. Retypes
   * the title until the palette lists it first: an extension's commands appear only once the
   * extension host has read its contributions, which can take seconds after the workbench shows.
   */
  async runCommand(title: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('input');
    await this.page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: this.timeoutMs });
    // Enter before the list has filtered would run whatever was first a moment ago.
    const firstRowIsTitle = widget.locator('.monaco-list-row').first().filter({ hasText: title });
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      await input.fill(`>${title}`);
      try {
        await firstRowIsTitle.waitFor({ state: 'visible', timeout: 2000 });
        break;
      } catch (error) {
        if (Date.now() >= deadline) {
          const shown = await widget.locator('.monaco-list-row').allInnerTexts();
          throw new Error(`the command palette does not offer "${title}" (it shows: ${JSON.stringify(shown)})`, { cause: error });
        }
        await input.fill('>');
      }
    }
    await input.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: this.timeoutMs });
  }

  /** Stores the password through *ArangoDB: Set Password or Token* (its quick pick, then the masked input). */
  async storePassword(password: string): Promise<void> {
    await this.runCommand('ArangoDB: Set Password or Token');
    const input = this.page.locator('.quick-input-widget input');
    await this.page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Password' }).first().waitFor({ state: 'visible', timeout: this.timeoutMs });
    await input.press('Enter');
    await this.page.locator('.quick-input-widget input[type="password"]').waitFor({ state: 'visible', timeout: this.timeoutMs });
    await input.fill(password);
    await input.press('Enter');
  }

  /** The whole status bar's text, items in order separated by single spaces. */
  async statusBarText(): Promise<string> {
    const items = await this.page.locator('.statusbar .statusbar-item').allInnerTexts();
    return items.map(oneLine).filter((item) => item.length > 0).join(' ');
  }

  /** Waits until the status bar shows `expected`, and returns its text then. */
  async waitForStatusBar(expected: string | RegExp): Promise<string> {
    await this.page.locator('.statusbar .statusbar-item').filter({ hasText: expected }).first().waitFor({ state: 'visible', timeout: this.timeoutMs });
    return this.statusBarText();
  }

  /** Opens a view container from the activity bar by its title (the entry's `aria-label`). */
  async openViewContainer(ariaLabel: string): Promise<void> {
    const entry = this.page.locator(`.activitybar .action-item .action-label[aria-label^="${cssString(ariaLabel)}"]`).first();
    await entry.waitFor({ state: 'visible', timeout: this.timeoutMs });
    const item = entry.locator('xpath=..');
    if ((await item.getAttribute('class'))?.split(/\s+/).includes('checked') !== true) await entry.click();
    await this.page.locator('.sidebar .pane-body').first().waitFor({ state: 'visible', timeout: this.timeoutMs });
  }

  /** The pane (section) of a view in the side bar, by the view's title. */
  viewPane(viewTitle: string): Locator {
    return this.page.locator('.sidebar .pane').filter({ has: this.page.locator('.pane-header', { hasText: viewTitle }) }).first();
  }

  /** The labels of the rows a view's tree shows now (only the rendered, expanded ones). */
  async treeItems(viewTitle: string): Promise<string[]> {
    const pane = this.viewPane(viewTitle);
    await pane.locator('.pane-body').waitFor({ state: 'visible', timeout: this.timeoutMs });
    // One snapshot in the page: the tree re-renders rows while it updates (elapsed times tick every
    // second), so reading row after row from here could meet a row that is gone.
    const rows: RenderedLine[] = await pane.locator('.pane-body .monaco-list-row').evaluateAll((elements: readonly DomRow[]) =>
      elements.map((element) => ({
        style: element.getAttribute('style') ?? '',
        text: (element.querySelector('.label-name') ?? element).textContent ?? '',
      })),
    );
    const top = (row: RenderedLine): number => Number(/top:\s*(-?[\d.]+)px/.exec(row.style)?.[1] ?? 0);
    return rows.sort((a, b) => top(a) - top(b)).map((row) => plainText(row.text).trim());
  }

  /** Waits until a view's tree shows a row with `label`, and returns all its labels then. */
  async waitForTreeItem(viewTitle: string, label: string | RegExp): Promise<string[]> {
    await this.viewPane(viewTitle).locator('.pane-body .monaco-list-row').filter({ hasText: label }).first().waitFor({ state: 'visible', timeout: this.timeoutMs });
    return this.treeItems(viewTitle);
  }

  /**
   * The visible lines of the active editor, top to bottom. The DOM renders only what is on screen:
   * assert on long documents through the extension's API in the in-host suite instead.
   */
  async activeEditorText(): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await lines.waitFor({ state: 'visible', timeout: this.timeoutMs });
    // Lines are absolutely positioned, not in document order: sort them by their `top`.
    const rendered: RenderedLine[] = await lines.locator('.view-line').evaluateAll((elements: readonly DomLine[]) =>
      elements.map((element) => ({ style: element.getAttribute('style') ?? '', text: element.textContent ?? '' })),
    );
    const top = (line: RenderedLine): number => Number(/top:\s*(-?[\d.]+)px/.exec(line.style)?.[1] ?? 0);
    return plainText(rendered.sort((a, b) => top(a) - top(b)).map((line) => line.text).join('\n'));
  }

  /** Saves a PNG of the whole window. */
  async screenshot(filePath: string): Promise<void> {
    await this.page.screenshot({ path: filePath });
  }

  /** Console and page errors so far, without the known noise (open-vsx.org look-ups, `vsda` 404s). */
  consoleErrors(): ConsoleEntry[] {
    return unexpectedConsoleErrors(this.page);
  }
}

/** What the page function reads of a tree row (the project compiles without the DOM lib). */
interface DomRow extends DomLine {
  querySelector(selector: string): DomLine | null;
}

/** What the page function reads of a line element (the project compiles without the DOM lib). */
interface DomLine {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}

interface RenderedLine {
  readonly style: string;
  readonly text: string;
}

/** Escapes a string for a double-quoted CSS attribute value. */
function cssString(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
