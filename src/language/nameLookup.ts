/**
 * Picks the names worth offering for what is typed: names that start with it first, then names
 * that merely contain it (both ignoring case), each group in alphabetical order. Completion
 * runs this over cached collection, view, graph and attribute names on every keystroke, so it
 * stays a single pass without building anything per name.
 *
 * @example
 * matchNames(['orders', 'users', 'archived_users'], 'us'); // ['users', 'archived_users']
 */
// One collator for every call: `localeCompare` with options builds a new one per comparison.
const BY_NAME = new Intl.Collator('en', { sensitivity: 'base' }).compare;

export function matchNames(names: readonly string[], typed: string, limit = Number.POSITIVE_INFINITY): string[] {
  const wanted = typed.toLowerCase();
  const starting: string[] = [];
  const containing: string[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower.startsWith(wanted)) starting.push(name);
    else if (wanted !== '' && lower.includes(wanted)) containing.push(name);
  }
  return [...starting.sort(BY_NAME), ...containing.sort(BY_NAME)].slice(0, limit);
}
