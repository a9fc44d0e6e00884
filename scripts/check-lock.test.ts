import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// scripts/check-lock.mjs (`npm run test:lock`, first in `npm test`) run on the committed
// package.json and lock, and on copies put out of sync in a temporary folder.
const script = resolve('scripts/check-lock.mjs');
/** package.json or package-lock.json, typed for the fields the tests read and change. */
type Json = { dependencies: Record<string, string>; packages: Record<string, unknown> } & Record<string, unknown>;
const committed = (name: string): Json => JSON.parse(readFileSync(name, 'utf8'));

function checkLock(pkg: Json, lock: Json) {
  const dir = mkdtempSync(join(tmpdir(), 'check-lock-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
    const run = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
    return { status: run.status, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('check-lock', () => {
  it('accepts the committed lock', () => {
    expect(checkLock(committed('package.json'), committed('package-lock.json'))).toEqual({ status: 0, stderr: '' });
  });

  it('refuses a lock without the optional platform packages of other systems (the npm 10 lock)', () => {
    // The lock before npm 11 rewrote it held rollup's Linux glibc binaries only; `npm ci` on a
    // clean clone then failed while `npm install` did not.
    const lock = committed('package-lock.json');
    const platforms = Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/@rollup/rollup-'));
    const dropped = platforms.filter((k) => !/rollup-linux-(x64|arm64)-gnu$/.test(k));
    expect(dropped).toHaveLength(24);
    for (const key of dropped) delete lock.packages[key];
    const { status, stderr } = checkLock(committed('package.json'), lock);
    expect(status).toBe(1);
    for (const key of dropped) expect(stderr).toContain(`Missing: ${key.slice('node_modules/'.length)}@`);
  });

  it('refuses a dependency whose version changed in package.json only', () => {
    const pkg = committed('package.json');
    pkg.dependencies.idb = '8.0.3';
    const { status, stderr } = checkLock(pkg, committed('package-lock.json'));
    expect(status).toBe(1);
    expect(stderr).toContain("Invalid: lock file's idb@8.0.4 does not satisfy idb@8.0.3");
  });

  it('refuses a lock that still holds a dependency removed from package.json', () => {
    const pkg = committed('package.json');
    delete pkg.dependencies.papaparse;
    const { status, stderr } = checkLock(pkg, committed('package-lock.json'));
    expect(status).toBe(1);
    expect(stderr).toContain("dependencies in package.json differ from the lock's root entry");
  });
});
