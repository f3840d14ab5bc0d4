// `npm run golden:refresh`: copies the golden transcripts from `../shared/arangodb/golden` (beside
// the repository, where the recordings are kept) into `test/fixtures/arangodb-golden/`, which is
// what the tests read. Without that folder there is nothing to refresh from: it says so and exits
// 0, so a fresh clone can run it. `--check` changes nothing and exits 1 when the copies differ.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.resolve(repoRoot, '..', 'shared', 'arangodb', 'golden');
const target = path.join(repoRoot, 'test', 'fixtures', 'arangodb-golden');
const check = process.argv.includes('--check');

/** The recordings, by path relative to the golden folder: `*.json` at the top and one folder deep. */
function recordings(folder) {
  if (!existsSync(folder)) {
    return new Map();
  }
  const files = new Map();
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.json')) {
      files.set(entry.name, readFileSync(path.join(folder, entry.name)));
    } else if (entry.isDirectory()) {
      for (const inner of readdirSync(path.join(folder, entry.name), { withFileTypes: true })) {
        if (inner.isFile() && inner.name.endsWith('.json')) {
          files.set(`${entry.name}/${inner.name}`, readFileSync(path.join(folder, entry.name, inner.name)));
        }
      }
    }
  }
  return files;
}

if (!existsSync(source)) {
  console.log(`No golden transcripts beside the repository (${source}): nothing to refresh; the copies in ${path.relative(repoRoot, target)} stay as they are.`);
  process.exit(0);
}

const wanted = recordings(source);
const present = recordings(target);
const added = [...wanted.keys()].filter((file) => !present.has(file));
const changed = [...wanted.keys()].filter((file) => present.has(file) && !present.get(file).equals(wanted.get(file)));
const removed = [...present.keys()].filter((file) => !wanted.has(file));
const summary = `${wanted.size} transcripts in ${source}: ${added.length} new, ${changed.length} changed, ${removed.length} gone`;

if (check) {
  console.log(summary);
  for (const [label, files] of [['new', added], ['changed', changed], ['gone', removed]]) {
    for (const file of files) console.log(`  ${label}: ${file}`);
  }
  process.exit(added.length + changed.length + removed.length === 0 ? 0 : 1);
}

for (const file of [...added, ...changed]) {
  mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
  writeFileSync(path.join(target, file), wanted.get(file));
}
for (const file of removed) {
  rmSync(path.join(target, file));
}
console.log(`${summary}; ${path.relative(repoRoot, target)} now matches.`);
