/**
 * The one handle a webview page has on VS Code, typed by the messages each side may send. VS Code
 * lets a page call `acquireVsCodeApi` once; every module gets that one handle from here.
 */
interface VsCodeApi<ToHost, State> {
  postMessage(message: ToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<ToHost, State>(): VsCodeApi<ToHost, State>;

let api: VsCodeApi<unknown, unknown> | undefined;

export function vscodeApi<ToHost, State>(): VsCodeApi<ToHost, State> {
  api ??= acquireVsCodeApi<unknown, unknown>();
  return api as VsCodeApi<ToHost, State>;
}

/** Calls `handle` with each message the extension posts to this page. */
export function onHostMessage<FromHost>(handle: (message: FromHost) => void): void {
  window.addEventListener('message', (event: MessageEvent<FromHost>) => handle(event.data));
}
