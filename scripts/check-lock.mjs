/**
 * Fails (exit 1, the problems on stderr) when package-lock.json in the current directory is out of
 * sync with package.json, so that `npm ci` on a clean clone installs exactly the locked tree on
 * every platform. Two checks, both offline and without touching node_modules:
 * 1. The lock's root entry (`packages[""]`) declares the same dependencies, devDependencies,
 *    optionalDependencies and peerDependencies as package.json: `npm ci` itself accepts a lock that
 *    still holds a dependency removed from package.json or moved to another field.
 * 2. `npm ci --dry-run --offline` accepts the lock: npm builds the tree package.json asks for, the
 *    optional packages of every platform included (rollup's 24 `@rollup/rollup-<os>-<cpu>`), and
 *    reports each package missing from the lock or locked at another version. With the lock in
 *    sync it needs neither the network nor npm's cache.
 */
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** The dependency fields whose entries differ between package.json and the lock's root entry. */
function rootEntryProblems(pkg, lock) {
  const root = lock.packages?.[''] ?? {};
  const text = (deps) => JSON.stringify(Object.entries(deps ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
  return DEPENDENCY_FIELDS.filter((field) => text(pkg[field]) !== text(root[field])).map((field) => `${field} in package.json differ from the lock's root entry`);
}

/** npm's own verdict: why `npm ci --dry-run` refuses the lock, nothing when it accepts it. */
function npmCiProblems() {
  const args = ['ci', '--dry-run', '--offline', '--json', '--ignore-scripts', '--no-audit', '--no-fund'];
  // Under `npm run`, npm_execpath is npm's own CLI script: run it with this Node, on any OS.
  const run = process.env.npm_execpath
    ? spawnSync(process.execPath, [process.env.npm_execpath, ...args], { encoding: 'utf8' })
    : spawnSync('npm', args, { encoding: 'utf8', shell: process.platform === 'win32' });
  if (run.status === 0) return [];
  try {
    // With --json npm prints its error as { error: { code, summary, detail } } on stdout.
    const { error } = JSON.parse(run.stdout);
    return [`npm ci: ${error.code}: ${error.summary}`];
  } catch {
    return [`npm ci --dry-run failed (${run.error ?? `exit ${run.status}`}):\n${run.stderr}`];
  }
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const problems = [...rootEntryProblems(pkg, lock), ...npmCiProblems()];
if (problems.length > 0) {
  console.error(`[lock] package-lock.json is out of sync with package.json:\n${problems.join('\n')}`);
  console.error('[lock] Run `npm install` (npm 11) and commit package-lock.json.');
  process.exit(1);
}
console.log(`[lock] package-lock.json is in sync with package.json (${Object.keys(lock.packages).length - 1} packages).`);
