// The code-server e2e harness: everything a scenario or a suite runner needs, from one import.
export { ensureE2eTools, e2eCacheDir, repoRoot } from './tools';
export type { E2eTools } from './tools';
export { startCodeServer, installVsix, mergeSettings, quietSettings, freePort } from './codeServer';
export type { CodeServer, CodeServerOptions } from './codeServer';
export { launchBrowser, openWorkbench, workbenchUrl, remoteUri, chromiumArgs } from './browser';
export type { LaunchBrowserOptions, OpenWorkbenchOptions } from './browser';
export { runExtensionSuite } from './extensionSuite';
export type { ExtensionSuiteOptions, ExtensionSuiteResult } from './extensionSuite';
export { Workbench } from './workbench';
export { isExpectedNoise, isExpectedNoiseText, isWorkbenchChatter } from './consoleLog';
export type { ConsoleEntry } from './consoleLog';
