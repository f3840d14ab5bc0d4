/** Every command the extension contributes; a test checks this list against package.json. */
export const CommandId = {
  runAqlAsync: 'arangodb.runAqlAsync',
  fetchResult: 'arangodb.fetchResult',
  openFullResult: 'arangodb.openFullResult',
  cancelJob: 'arangodb.cancelJob',
  clearJob: 'arangodb.clearJob',
  clearFinishedJobs: 'arangodb.clearFinishedJobs',
  refreshJobs: 'arangodb.refreshJobs',
  copyJobId: 'arangodb.copyJobId',
  exportResult: 'arangodb.exportResult',
  connect: 'arangodb.connect',
  setCredentials: 'arangodb.setCredentials',
  forgetCredentials: 'arangodb.forgetCredentials',
  switchDatabase: 'arangodb.switchDatabase',
  showLog: 'arangodb.showLog',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** The view and its container, as package.json names them. */
export const VIEW_ID = 'arangodb.jobs';
export const VIEW_CONTAINER_ID = 'arangodb';
