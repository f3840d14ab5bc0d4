import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where every webview's page script and style sheet are built to (scripts/build.mjs). */
export function webviewBundleRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** Options for a webview that may load only its own bundle and run only scripts it was given. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [webviewBundleRoot(extensionUri)] };
}

export interface WebviewPage {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  /** The bundle's name: `dist/webview/<bundle>.js` (and `.css` when `withStyles`). */
  bundle: string;
  /** The page's title, for screen readers. */
  title: string;
  withStyles?: boolean;
}

/**
 * The page of a webview: no remote content, no inline script, nothing but its own bundle. The
 * script and the style sheet run by a fresh nonce; styles a script sets through the CSSOM (row
 * positions of a virtual list) are not affected by `style-src`.
 */
export function webviewHtml(page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const root = webviewBundleRoot(page.extensionUri);
  const script = page.webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.bundle}.js`));
  const styles = page.webview.asWebviewUri(vscode.Uri.joinPath(root, `${page.bundle}.css`));
  const source = page.webview.cspSource;
  const policy = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${source} 'nonce-${nonce}'`,
    `font-src ${source}`,
    `img-src ${source} data:`,
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<title>${escapeHtml(page.title)}</title>`,
    page.withStyles === true ? `<link rel="stylesheet" nonce="${nonce}" href="${styles.toString()}">` : '',
    '</head>',
    '<body>',
    `<script nonce="${nonce}" src="${script.toString()}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
