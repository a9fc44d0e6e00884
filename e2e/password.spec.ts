/**
 * A PDF that needs a password (issue 16): the list shows what can be read without it and the
 * detail view offers a password field; a wrong password keeps it locked, the right one opens it in
 * the worker. The password is stored nowhere, and the opened details are cached (and saved with
 * the list) only when the user lets them be.
 */
import { test, expect, type Page } from '@playwright/test';
import { fixture, waitForBatch, row, open } from './helpers';
import { inDb } from './stored';

const NAME = 'pdf-password.pdf';
const PASSWORD = 'secret';
/** The fixture's Info /Title (scripts/fixtures/pdf.ts, an HTML payload shown as text). */
const TITLE_MARK = 'onerror';

/** Every value of every store of the app's database, as one JSON text. */
function storedText(page: Page): Promise<string> {
  return inDb(page, (openDb) =>
    openDb(
      (db) =>
        new Promise<string>((resolve, reject) => {
          const names = [...db.objectStoreNames];
          const tx = db.transaction(names);
          const all = names.map((n) => tx.objectStore(n).getAll());
          tx.oncomplete = () => resolve(JSON.stringify(all.map((r) => r.result)));
          tx.onerror = () => reject(tx.error);
        }),
    ),
  );
}

/** Waits until the cache has written what is queued (QUIET_MS) and the list's save delay has passed. */
const settle = (page: Page) => page.waitForTimeout(2000);

test('a wrong password keeps it locked, the right one opens it; the password is kept nowhere and the opened details are not cached', async ({ page }) => {
  await page.goto('/');
  await page.setInputFiles('#files', [fixture('pdf', NAME)]);
  await waitForBatch(page, 1);
  await expect(row(page, NAME)).toHaveAttribute('data-status', 'partial');
  const detail = await open(page, NAME);
  await expect(detail.locator('.error[data-code="password-required"]')).toBeVisible();

  await detail.locator('#password').fill('not-it');
  await detail.locator('#password-open').click();
  await expect(detail.locator('.error[data-code="password-required"]')).toContainText('does not open');
  await expect(detail.locator('#password')).toHaveValue('');

  await detail.locator('#password').fill(PASSWORD);
  await detail.locator('#password-open').click();
  await expect(row(page, NAME)).toHaveAttribute('data-status', 'done');
  await expect(detail.locator('.error')).toHaveCount(0);
  await expect(detail.locator('.summary')).toContainText(TITLE_MARK);

  await settle(page);
  const stored = await storedText(page);
  expect(stored).toContain(NAME);
  expect(stored).not.toContain(PASSWORD);
  expect(stored).not.toContain('not-it');
  expect(stored, 'the opened details are not cached').not.toContain(TITLE_MARK);

  // After a reload the row comes back locked (what the cache holds), and cannot be opened without the file.
  await page.reload();
  await expect(row(page, NAME)).toHaveAttribute('data-status', 'partial');
  const again = await open(page, NAME);
  await again.locator('#password').fill(PASSWORD);
  await again.locator('#password-open').click();
  await expect(again.locator('[role="alert"]')).toContainText('add it again');
});

test('with "keep", the opened details are cached and come back after a reload; the password still is not', async ({ page }) => {
  await page.goto('/');
  await page.setInputFiles('#files', [fixture('pdf', NAME)]);
  await waitForBatch(page, 1);
  const detail = await open(page, NAME);
  await detail.locator('#password').fill(PASSWORD);
  await detail.locator('#password-keep').check();
  await detail.locator('#password-open').click();
  await expect(row(page, NAME)).toHaveAttribute('data-status', 'done');

  await settle(page);
  const stored = await storedText(page);
  expect(stored).toContain(TITLE_MARK);
  expect(stored).not.toContain(PASSWORD);

  await page.reload();
  await expect(row(page, NAME)).toHaveAttribute('data-status', 'done');
  await expect((await open(page, NAME)).locator('.summary')).toContainText(TITLE_MARK);
});
