/** What the app keeps in its IndexedDB database `metaextract`, read from the page (tests, benchmark). */
import type { Page } from '@playwright/test';

/**
 * In the page: opens `metaextract` (at `version` if given, running `upgrade` in `onupgradeneeded`
 * when the database is older or missing), calls `use` with it and closes it once `use` settles.
 * Resolves with what `use` returns; rejects with the open's error (an `upgrade` that throws
 * aborts the open) or with what `use` throws or rejects with.
 */
export type OpenDb = <R>(use: (db: IDBDatabase) => R | Promise<R>, version?: number, upgrade?: (db: IDBDatabase) => void) => Promise<R>;

/**
 * Runs `fn` in the page with an {@link OpenDb} and `arg`, and resolves with what it returns. `fn`
 * is serialized like any `page.evaluate` function: it sees no Node variables (pass data as `arg`),
 * and should pass its inner functions as anonymous arrows: esbuild's `keepNames` (tsx) wraps named
 * ones, even object properties, in a `__name` call the page does not define.
 * Rejects with what `fn` throws or rejects with.
 */
export async function inDb<R, A = undefined>(page: Page, fn: (openDb: OpenDb, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
  const openDb = await page.evaluateHandle(
    (): OpenDb => (use, version, upgrade) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('metaextract', version);
        if (upgrade) open.onupgradeneeded = () => upgrade(open.result);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          // `use` runs now (its transactions are active) and what it throws becomes a rejection.
          (async () => use(db))()
            .finally(() => db.close())
            .then(resolve, reject);
        };
      }),
  );
  try {
    return (await openDb.evaluate(fn as (openDb: OpenDb, arg: unknown) => R | Promise<R>, arg)) as R;
  } finally {
    await openDb.dispose();
  }
}

/**
 * Number of records in the cache (`records`), of files' content hashes (`hashes`), or of rows of
 * the saved list (`session`, which holds pages of rows).
 */
export function storedCount(page: Page, store: 'records' | 'session' | 'hashes'): Promise<number> {
  return inDb(
    page,
    (openDb, store) =>
      openDb(
        (db) =>
          new Promise<number>((resolve, reject) => {
            const req = store === 'session' ? db.transaction(store).objectStore(store).getAll() : db.transaction(store).objectStore(store).count();
            req.onsuccess = () => resolve(typeof req.result === 'number' ? req.result : (req.result as { rows: unknown[] }[]).reduce((n, p) => n + p.rows.length, 0));
            req.onerror = () => reject(req.error);
          }),
      ),
    store,
  );
}

/** Number of entries of the `hashes` store holding a hash of `kind` for some path (`partial`/`full`: content, `perceptual`: an image's). */
export function storedHashCount(page: Page, kind: 'partial' | 'full' | 'perceptual'): Promise<number> {
  return inDb(
    page,
    (openDb, kind) =>
      openDb(
        (db) =>
          new Promise<number>((resolve, reject) => {
            const req = db.transaction('hashes').objectStore('hashes').getAll();
            req.onsuccess = () => resolve((req.result as { byPath: Record<string, Record<string, string>> }[]).filter((e) => Object.values(e.byPath).some((h) => h[kind])).length);
            req.onerror = () => reject(req.error);
          }),
      ),
    kind,
  );
}
