import { defineConfig } from '@playwright/test';
// @ts-expect-error plain ESM helper without types
import { findBrowser } from './scripts/find-browser.mjs';

// E2E against the built app (`vite preview`), in a real Chromium found on this machine
// (see scripts/find-browser.mjs; Playwright cannot download its own browsers here).
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: 'http://localhost:4173',
    acceptDownloads: true,
    launchOptions: {
      executablePath: findBrowser() ?? undefined,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'npx vite preview --port 4173 --strictPort',
    url: 'http://localhost:4173',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
