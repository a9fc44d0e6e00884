/**
 * One file as the user sees it: from the file input's `change` event to its row in the list
 * showing the record (the row's `data-status` set to a finished status), timed inside the page
 * with `performance.now()`, plus the worker's own time (record.stats.ms) and bytes read.
 * - warm: the page has loaded and its workers are ready (`data-workers="ready"` on <html>);
 * - cold: the page has just been (re)loaded — the app served by its service worker, as a
 *   returning user gets it — and the file is picked at once: worker start, chunk and WASM
 *   loading are included.
 */
import type { BrowserContext, Page } from '@playwright/test';

const FINISHED = ['done', 'partial', 'error', 'cancelled'];

/** One pick of one file. */
export interface PickTiming {
  /** `change` → row shows the record, ms. */
  rowMs: number;
  /** The worker's time for the file (record.stats.ms). */
  workerMs: number;
  bytesRead: number;
  status: string;
  format: string;
}

declare global {
  interface Window {
    __pick?: { change: number; row: number; want: number };
  }
}

/**
 * Installs, in every page of `context`, the two probes: a capturing `change` listener (it runs
 * before the app's own) and a MutationObserver that notes when `want` rows are finished.
 */
export async function installPickProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript((finished: string[]) => {
    const pick = (window.__pick = { change: 0, row: 0, want: 0 });
    addEventListener(
      'change',
      (e) => {
        if ((e.target as Element | null)?.id === 'files') pick.change = performance.now();
      },
      true,
    );
    const selector = finished.map((s) => `.row[data-status="${s}"]`).join(',');
    new MutationObserver(() => {
      if (pick.want > 0 && pick.row === 0 && document.querySelectorAll(selector).length >= pick.want) pick.row = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  }, FINISHED);
}

/** Picks `path` through the app's files input and waits for its row; the list must be empty. */
export async function timePick(page: Page, path: string): Promise<PickTiming> {
  await page.evaluate(() => Object.assign(window.__pick!, { change: 0, row: 0, want: 1 }));
  await page.setInputFiles('#files', path);
  await page.waitForFunction(() => window.__pick!.row > 0, null, { timeout: 120_000, polling: 20 });
  const rowMs = await page.evaluate(() => window.__pick!.row - window.__pick!.change);
  const row = page.locator('.row').first();
  const attr = async (name: string) => (await row.getAttribute(name)) ?? '';
  return { rowMs, workerMs: Number(await attr('data-ms')), bytesRead: Number(await attr('data-bytes-read')), status: await attr('data-status'), format: await attr('data-format') };
}

/** Empties the list (so the next pick is its only row) and lets the page settle. */
export async function clearList(page: Page): Promise<void> {
  if (await page.locator('#clear').isEnabled()) await page.click('#clear');
  await page.waitForFunction(() => document.querySelectorAll('.row').length === 0);
  await page.waitForTimeout(200);
}

/** Loads `url` (or reloads) and waits until the workers have loaded every extractor. */
export async function loadWarm(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.workers === 'ready', null, { timeout: 60_000 });
}

/** Reloads the page and picks `path` as soon as the files input is there. */
export async function timeColdPick(page: Page, url: string, path: string): Promise<PickTiming> {
  await page.goto(url);
  await page.waitForSelector('#files', { state: 'attached' });
  return timePick(page, path);
}
