/** Every command the extension contributes; a test checks this list against package.json. */
export const CommandId = {
  runAqlAsync: 'arangodb.runAqlAsync',
  explainQuery: 'arangodb.explainQuery',
  profileQuery: 'arangodb.profileQuery',
  showProfile: 'arangodb.showProfile',
  fetchResult: 'arangodb.fetchResult',
  openFullResult: 'arangodb.openFullResult',
  openResultAsText: 'arangodb.openResultAsText',
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
  refreshSchema: 'arangodb.refreshSchema',
  killQuery: 'arangodb.serverActivity.killQuery',
  clearSlowQueries: 'arangodb.serverActivity.clearSlowQueries',
  copyServerQuery: 'arangodb.serverActivity.copyQuery',
  openServerQueryInEditor: 'arangodb.serverActivity.openInEditor',
  revealQuery: 'arangodb.revealQuery',
  historyRunAgain: 'arangodb.history.runAgain',
  historyOpenResult: 'arangodb.history.openResult',
  historyOpenInEditor: 'arangodb.history.openInEditor',
  historyCopyQuery: 'arangodb.history.copyQuery',
  historyDelete: 'arangodb.history.delete',
  historyClear: 'arangodb.history.clear',
  historyFilter: 'arangodb.history.filter',
  historyClearFilter: 'arangodb.history.clearFilter',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** The view and its container, as package.json names them. */
export const VIEW_ID = 'arangodb.jobs';
export const VIEW_CONTAINER_ID = 'arangodb';
/** The server's running and slow queries, beside the job explorer in the same container. */
export const SERVER_ACTIVITY_VIEW_ID = 'arangodb.serverActivity';
/** The History view, beside the job explorer in the same container. */
export const HISTORY_VIEW_ID = 'arangodb.history';
