/**
 * LIKE patterns and regular expressions. arangod uses ICU regular expressions; JavaScript's
 * (with the `u` flag where the pattern allows it) agree on the syntax queries commonly use.
 */

const likeCache = new Map<string, RegExp>();
const regexCache = new Map<string, RegExp | null>();
const CACHE_LIMIT = 256;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(key, value);
  return value;
}

/** A LIKE pattern as an anchored regular expression: `%` any run, `_` one character, `\` escapes. */
export function likeRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  const cached = likeCache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  let source = '';
  const characters = Array.from(pattern);
  for (let i = 0; i < characters.length; i += 1) {
    const character = characters[i]!;
    if (character === '\\' && i + 1 < characters.length) {
      i += 1;
      source += escapeRegex(characters[i]!);
    } else if (character === '%') {
      source += '[\\s\\S]*';
    } else if (character === '_') {
      source += '[\\s\\S]';
    } else {
      source += escapeRegex(character);
    }
  }
  return remember(likeCache, key, new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u'));
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/gu, '\\$&');
}

/** A compiled regular expression, or null when the pattern is invalid (warning 1543). */
export function compileRegex(pattern: string, caseInsensitive: boolean, global = false): RegExp | null {
  const flags = `${caseInsensitive ? 'i' : ''}${global ? 'g' : ''}`;
  const key = `${flags}/${pattern}`;
  if (regexCache.has(key)) {
    const cached = regexCache.get(key) ?? null;
    if (cached !== null) {
      cached.lastIndex = 0;
    }
    return cached;
  }
  let compiled: RegExp | null = null;
  try {
    compiled = new RegExp(pattern, `${flags}u`);
  } catch {
    try {
      compiled = new RegExp(pattern, flags);
    } catch {
      compiled = null;
    }
  }
  return remember(regexCache, key, compiled);
}
