/**
 * A real drop of files and folders from disk, as a file manager does it: Chromium's DevTools
 * `Input.dispatchDragEvent` with `data.files` (absolute paths) gives the page genuine
 * DataTransfer items, with folder entries and File System Access handles, which a synthetic
 * `DragEvent` cannot carry.
 */
import type { Page } from '@playwright/test';

/** Drags `paths` onto the page at (x, y) and drops them. */
export async function dropPaths(page: Page, paths: string[], x = 400, y = 300): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const data = { items: [], files: paths, dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, x, y, data });
  } finally {
    await cdp.detach();
  }
}
