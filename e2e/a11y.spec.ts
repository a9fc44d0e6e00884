/**
 * Accessibility (axe-core, in the built app, real Chromium): the empty app, the list of the
 * generated fixtures with a file open, and the duplicates view, in the light and the dark palette
 * (the system's colour scheme, emulated), with no `serious` or `critical` violation.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fixtureDir, listedTotal, open, waitForBatch } from './helpers';

test.use({ viewport: { width: 1280, height: 800 } });

/** The serious and critical violations axe finds on the page, one line each (rule, impact, the elements). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious violation in the ${colorScheme} palette: empty, listed with a file open, duplicates`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/?cache=off');
    await expect(page.locator('#first-visit')).toBeVisible();
    expect(await seriousViolations(page), 'empty app').toEqual([]);

    await page.setInputFiles('#folder', fixtureDir());
    const total = await listedTotal(page);
    await waitForBatch(page, total);
    // The list is virtual: the filter brings the row on screen.
    await page.fill('#list-filter', 'fits-basic');
    await open(page, 'fits-basic.fits');
    expect(await seriousViolations(page), 'list with a file open').toEqual([]);

    await page.click('#find-duplicates');
    await expect(page.locator('#duplicates')).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
    await expect(page.locator('#duplicates')).toHaveAttribute('data-near-phase', 'done', { timeout: 30_000 });
    expect(await seriousViolations(page), 'duplicates view').toEqual([]);
  });
}
