import { expect, type Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Folder of generated fixtures written by global-setup (one sub-folder per format). */
export function fixtureDir(): string {
  const dir = process.env.E2E_FIXTURES;
  if (!dir) throw new Error('E2E_FIXTURES is not set: global-setup did not run');
  return dir;
}

export const fixture = (format: string, name: string) => join(fixtureDir(), format, name);

/** Waits until every picked file is listed and returns how many there are. */
export async function listedTotal(page: Page, timeout = 30_000): Promise<number> {
  const progress = page.locator('#batch-progress');
  await expect(progress).toHaveAttribute('data-listing', 'false', { timeout });
  return Number(await progress.getAttribute('data-total'));
}

/** Waits until #batch-progress says every one of `total` files is listed and finished. */
export async function waitForBatch(page: Page, total: number, timeout = 30_000) {
  const progress = page.locator('#batch-progress');
  await expect(progress).toHaveAttribute('data-listing', 'false', { timeout });
  await expect(progress).toHaveAttribute('data-total', String(total), { timeout });
  await expect(progress).toHaveAttribute('data-done', String(total), { timeout });
}

/** The list row of a file, by name. */
export const row = (page: Page, name: string) => page.locator(`.row[data-name="${name}"]`);

/**
 * As soon as a queued row is on screen, cancels the last one in one step in the page (the batch is
 * fast here): by its ✕ (`click`) or by selecting it and pressing Delete on the list (`key`); then,
 * with `all`, everything still unfinished (#cancel-all). Resolves to the row's name.
 */
export function cancelQueued(page: Page, way: 'click' | 'key', all = false): Promise<string> {
  return page.evaluate(
    ({ way, all }) =>
      new Promise<string>((resolve) => {
        const cancel = () => {
          const queued = [...document.querySelectorAll<HTMLElement>('.row[data-status="queued"]')].pop();
          if (!queued) return false;
          if (way === 'click') queued.querySelector<HTMLElement>('.cancel')!.click();
          else {
            queued.click();
            document.querySelector('[role=listbox]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }));
          }
          if (all) document.querySelector<HTMLButtonElement>('#cancel-all')!.click();
          resolve(queued.dataset.name!);
          return true;
        };
        if (cancel()) return;
        const watch = new MutationObserver(() => cancel() && watch.disconnect());
        watch.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
      }),
    { way, all },
  );
}

/** Selects a file and returns the detail view. */
export async function open(page: Page, name: string) {
  await row(page, name).click();
  const detail = page.locator('article.detail');
  await expect(detail.locator('h2')).toHaveText(name);
  return detail;
}

/**
 * Opens every group of the detail view, level by level (a group renders its content, and so its
 * child groups, once open), until none is closed.
 */
export async function openAllGroups(page: Page) {
  await page.locator('article.detail').evaluate(async (detail) => {
    for (let closed = detail.querySelectorAll('details:not([open])'); closed.length; closed = detail.querySelectorAll('details:not([open])')) {
      closed.forEach((e) => e.setAttribute('open', ''));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
  });
}

/**
 * The value text of the first field with `key` in the detail view (opening every group first),
 * or of the field directly in the group with id `group`.
 */
export async function fieldValue(page: Page, key: string, group?: string): Promise<string> {
  await openAllGroups(page);
  const scope = group ? `details[data-group="${group}"] > table ` : '';
  return (await page.locator(`article.detail ${scope}tr[data-key="${key}"] .text`).first().textContent()) ?? '';
}

/**
 * A valid FITS file whose primary header holds `cards` HIERARCH cards (FITS 4.0 §4.4.1; ≈8 MB for
 * 99,000): every card is parsed and shown, which takes a worker about half a second. Written in
 * the e2e fixture folder, which the global teardown deletes.
 */
export async function slowFits(cards: number, name = 'many-cards.fits'): Promise<string> {
  const dir = join(fixtureDir(), `slow-${cards}`);
  await mkdir(dir, { recursive: true });
  const lines = ['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    0'];
  for (let i = 0; i < cards; i++) lines.push(`HIERARCH KEY${i} = ${i} / card ${i}`);
  lines.push('END');
  const text = lines.map((c) => c.padEnd(80)).join('');
  const path = join(dir, name);
  await writeFile(path, text.padEnd(Math.ceil(text.length / 2880) * 2880));
  return path;
}
