/** Deterministic mutations of AQL text for fuzzing: the same seed gives the same queries. */

export const SEED_QUERIES: readonly string[] = [
  'FOR s IN students FILTER s.age > @min SORT s.name LIMIT 10 RETURN { name: s.name, age: s.age }',
  'FOR i IN 1..100 COLLECT g = i % 7 WITH COUNT INTO n RETURN [g, n]',
  'LET xs = (FOR i IN 1..5 RETURN i * i) RETURN SUM(xs)',
  'FOR a IN 1..3 FOR b IN 1..3 FILTER a != b RETURN CONCAT(a, "-", b)',
  'RETURN { "a": [1, 2.5, -3e2, null, true], b: "x\\"y", c: @@coll }',
  'FOR d IN @@coll UPDATE d WITH { seen: true } IN @@coll OPTIONS { ignoreErrors: true } RETURN NEW',
  '/* comment */ RETURN LENGTH("text") // trailing',
  'FOR i IN 1..10 LET sq = i * i FILTER sq > 10 && sq < 80 || i == 1 RETURN sq ? i : -i',
];

const TOKENS = ['FOR', 'IN', 'RETURN', 'FILTER', 'LET', '(', ')', '[', ']', '{', '}', ',', '..', '"', "'", '`', '/*', '//', '@', '@@', '.', '?', ':', '=', '==', '\\', '\n', ' ', '1e999', '-', 'NOT', 'COLLECT', 'INTO', '\u0000', '\u{1F600}'];

/** One to four random edits of a seed query: deletions, insertions of AQL-ish tokens, swaps, cuts, repeats. */
export function mutateQuery(random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  let text = SEED_QUERIES[pick(SEED_QUERIES.length)] ?? '';
  const edits = 1 + pick(4);
  for (let edit = 0; edit < edits; edit++) {
    const at = pick(text.length + 1);
    switch (pick(6)) {
      case 0:
        text = text.slice(0, at) + text.slice(at + 1 + pick(8));
        break;
      case 1:
        text = text.slice(0, at) + (TOKENS[pick(TOKENS.length)] ?? '') + text.slice(at);
        break;
      case 2:
        text = text.slice(0, at);
        break;
      case 3: {
        const other = pick(text.length + 1);
        text = text.slice(0, Math.min(at, other)) + text.slice(Math.max(at, other)) + text.slice(Math.min(at, other), Math.max(at, other));
        break;
      }
      case 4:
        text = text.slice(0, at) + text.slice(at, at + 1 + pick(10)).repeat(2 + pick(20)) + text.slice(at);
        break;
      default:
        text = text.slice(0, at) + String.fromCharCode(pick(0x7f)) + text.slice(at + 1);
    }
  }
  return text;
}
