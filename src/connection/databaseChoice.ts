/** How many accessible databases a message names before it refers to the picker instead. */
const NAMED_AT_MOST = 12;

/**
 * Why `name` cannot be switched to, with the server's own answer. ArangoDB answers 404/1228 for a
 * database that does not exist, but 401/11 when authentication is on and the user may not use it,
 * without saying whether it exists; the message keeps that distinction.
 */
export function unusableDatabaseMessage(name: string, username: string, serverAnswer: string, accessible: readonly string[] | undefined): string {
  const cause = /errorNum 1228\b/.test(serverAnswer)
    ? `there is no database "${name}"`
    : `database "${name}" does not exist, or ${username} may not use it`;
  const list =
    accessible === undefined
      ? 'The databases you can access could not be listed.'
      : accessible.length === 0
        ? `${username} can access no database.`
        : accessible.length <= NAMED_AT_MOST
          ? `Databases ${username} can access: ${accessible.join(', ')}.`
          : `${username} can access ${accessible.length} databases: pick one with Switch Database.`;
  return `${cause} (the server says: ${serverAnswer}). ${list} The database setting is unchanged.`;
}
