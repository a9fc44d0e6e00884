/** Cancelling: queued and running files stop, the batch still completes, and the pool keeps working. */
import { test, expect } from '@playwright/test';
import { fixtureDir, fixture, waitForBatch, listedTotal, row } from './helpers';

test('cancel one file and then the whole batch; the workers stay usable', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.setInputFiles('#folder', fixtureDir());

  // As soon as a queued row is on screen: cancel the last one by its own button, then everything
  // still unfinished, both in one step in the page (the batch is fast here).
  const name = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const cancel = () => {
          const queued = [...document.querySelectorAll<HTMLElement>('.row[data-status="queued"]')].pop();
          if (!queued) return false;
          queued.querySelector<HTMLElement>('.cancel')!.click();
          document.querySelector<HTMLButtonElement>('#cancel-all')!.click();
          resolve(queued.dataset.name!);
          return true;
        };
        if (cancel()) return;
        const watch = new MutationObserver(() => cancel() && watch.disconnect());
        watch.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
      }),
  );
  const total = await listedTotal(page);
  expect(total).toBeGreaterThan(40);
  await waitForBatch(page, total);
  await expect(page.locator('.row[data-status="queued"], .row[data-status="reading"]')).toHaveCount(0);
  // The list is virtualised: show only the cancelled rows to find and count them.
  await page.selectOption('#list-status', 'cancelled');
  await expect(row(page, name).first()).toHaveAttribute('data-status', 'cancelled');
  expect(await page.locator('.row[data-status="cancelled"]').count()).toBeGreaterThan(1);
  await page.selectOption('#list-status', '');

  // The pool still extracts after cancelling (a cancelled running job's worker was replaced).
  await page.click('#clear');
  await page.setInputFiles('#files', [fixture('hdf5', 'hdf5-basic.h5'), fixture('fits', 'fits-basic.fits')]);
  await waitForBatch(page, 2);
  await expect(row(page, 'hdf5-basic.h5')).toHaveAttribute('data-status', 'done');
  await expect(row(page, 'fits-basic.fits')).toHaveAttribute('data-status', 'done');
});
