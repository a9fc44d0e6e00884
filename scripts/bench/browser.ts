/**
 * The benchmark's app server and browser: `vite preview` of the built app, and a local Chromium
 * on a fresh profile (so its IndexedDB cache starts empty).
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { browserPid } from './process-memory';
// @ts-expect-error plain ESM helper without types
import { findBrowser } from '../find-browser.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

/** Starts `vite preview` of dist/ on `port` and waits until it answers. */
export async function startPreview(port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort'], { cwd: ROOT, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/`)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('vite preview did not start');
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** PID of the browser's root process (for treeRss). */
  pid: number;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * Launches Chromium on a new temporary profile. A local launch (not launchServer + connect):
 * Playwright then hands files to the browser by path instead of streaming them over its websocket.
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'metaextract-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findBrowser() ?? undefined,
    viewport: { width: 1400, height: 1000 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const pid = browserPid(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    pid,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
