/**
 * Finds a Chromium for the e2e tests: $CHROMIUM_PATH, then a Playwright-installed Chromium, then
 * system ones. With `--install`, installs Debian's `chromium` when none is found and we are root
 * with apt-get (CI and fresh dev machines); Playwright's own browser download does not work here.
 * Prints the path found; exits 1 when there is none.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';

export function findBrowser() {
  const candidates = [process.env.CHROMIUM_PATH];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    /* no Playwright-installed browser */
  }
  candidates.push(
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  );
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

function installDebianChromium() {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  console.log('[e2e] No Chromium found: installing Debian chromium with apt-get…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let found = findBrowser();
  if (!found && process.argv.includes('--install') && installDebianChromium()) found = findBrowser();
  if (!found) {
    console.error('[e2e] No Chromium found. Install one (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
    process.exit(1);
  }
  console.log(`[e2e] Chromium: ${found}`);
}
