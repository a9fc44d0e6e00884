/**
 * The polish users expect, in the built app (real Chromium): keyboard navigation of the file list
 * (↑/↓/Home/End select and scroll, Enter opens the details, `/` to the filter, Esc clears it), the
 * colour theme (following the system, or switched in Settings and kept), the toolbar on one line
 * at 1280 px, and the first-visit screen.
 */
import { test, expect, type Page } from '@playwright/test';
import { cancelQueued, fixtureDir, listedTotal, waitForBatch } from './helpers';

test.use({ viewport: { width: 1280, height: 800 } });

async function loadFixtures(page: Page): Promise<number> {
  await page.setInputFiles('#folder', fixtureDir());
  const total = await listedTotal(page);
  await waitForBatch(page, total);
  return total;
}

test('↑/↓, Home/End move the selection and scroll it into view; Enter opens it; / filters, Esc clears', async ({ page }) => {
  await page.goto('/?cache=off');
  await loadFixtures(page);
  const list = page.getByRole('listbox', { name: 'Files' });
  const selected = page.locator('.row[aria-selected="true"]');
  const detail = page.locator('article.detail h2');

  await list.focus();
  await page.keyboard.press('ArrowDown');
  const first = await page.locator('.row').first().getAttribute('data-name');
  await expect(selected).toHaveAttribute('data-name', first!);
  await expect(detail).toHaveText(first!);
  await expect(list).toHaveAttribute('aria-activedescendant', (await selected.getAttribute('id'))!);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  const second = await page.locator('.row').nth(1).getAttribute('data-name');
  await expect(selected).toHaveAttribute('data-name', second!);
  await expect(detail).toHaveText(second!);

  // The last row is far below the fold of the virtual list: End selects it and scrolls to it.
  await page.keyboard.press('End');
  await expect(selected).toBeInViewport();
  const last = await selected.getAttribute('data-name');
  await expect(detail).toHaveText(last!);
  await page.keyboard.press('ArrowDown');
  await expect(selected).toHaveAttribute('data-name', last!);
  await page.keyboard.press('Home');
  await expect(selected).toHaveAttribute('data-name', first!);
  await expect(selected).toBeInViewport();

  // Enter: the details take the focus.
  await page.keyboard.press('Enter');
  await expect(page.locator('article.detail')).toBeFocused();

  // `/` goes to the filter, except while typing in a text field.
  await page.keyboard.press('/');
  const filter = page.locator('#list-filter');
  await expect(filter).toBeFocused();
  await page.keyboard.type('fits/');
  await expect(filter).toHaveValue('fits/');
  await page.keyboard.press('Backspace');
  const shown = page.locator('.toolbar .count');
  await expect(shown).toContainText(' of ');
  await page.keyboard.press('Escape');
  await expect(filter).toHaveValue('');
  await expect(filter).not.toBeFocused();
  await expect(shown).not.toContainText(' of ');
});

test('the theme follows the system, and the switch in Settings overrides it and is kept', async ({ page }) => {
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const controls = () => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
  const LIGHT = 'rgb(255, 255, 255)';
  const DARK = 'rgb(13, 17, 23)';
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?cache=off');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
  expect(await background()).toBe(LIGHT);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe(DARK);

  await page.click('#settings summary');
  await page.selectOption('#theme', 'light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe(LIGHT);
  expect(await controls()).toBe('light');

  await page.emulateMedia({ colorScheme: 'light' });
  await page.selectOption('#theme', 'dark');
  expect(await background()).toBe(DARK);
  expect(await controls()).toBe('dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe(DARK);
  await expect(page.locator('#theme')).toHaveValue('dark');

  await page.click('#settings summary');
  await page.selectOption('#theme', 'system');
  expect(await background()).toBe(LIGHT);
});

test('the toolbar is one line at 1280 px, empty and with a batch done; the first visit says what the app does', async ({ page }) => {
  await page.goto('/');
  const first = page.locator('#first-visit');
  await expect(first).toContainText('nothing leaves the machine');
  // What the app does, and that nothing leaves the machine, in one line.
  const leadLines = await first.locator('.lead').evaluate((p) => {
    const range = document.createRange();
    range.selectNodeContents(p);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  });
  expect(leadLines).toBe(1);
  await expect(first).toContainText('Add folder');
  const lines = () =>
    page.locator('header .bar > *:not([hidden])').evaluateAll((els) => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))).size);
  expect(await lines()).toBe(1);
  await loadFixtures(page);
  await expect(first).toHaveCount(0);
  expect(await lines()).toBe(1);
  await page.click('#clear');
  await expect(first).toBeVisible();
});

test('Delete cancels the selected file while it waits', async ({ page }) => {
  await page.goto('/?cache=off');
  await page.setInputFiles('#folder', fixtureDir());
  const name = await cancelQueued(page, 'key');
  await waitForBatch(page, await listedTotal(page));
  await page.selectOption('#list-status', 'cancelled');
  await expect(page.locator('.row')).toHaveCount(1);
  await expect(page.locator('.row')).toHaveAttribute('data-name', name);
});
