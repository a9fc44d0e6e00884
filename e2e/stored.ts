/** What the app keeps in its IndexedDB database `metaextract`, read from the page (tests, benchmark). */
import type { Page } from '@playwright/test';

/**
 * Number of records in the cache (`records`), or of rows of the saved list (`session`, which holds
 * pages of rows).
 */
export function storedCount(page: Page, store: 'records' | 'session'): Promise<number> {
  return page.evaluate(
    (store) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('metaextract');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = store === 'records' ? db.transaction(store).objectStore(store).count() : db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => {
            db.close();
            resolve(typeof req.result === 'number' ? req.result : (req.result as { rows: unknown[] }[]).reduce((n, p) => n + p.rows.length, 0));
          };
          req.onerror = () => (db.close(), reject(req.error));
        };
      }),
    store,
  );
}
