/**
 * What names an archive's entry on the page, whatever the archive (ZIP: zip-record.ts; tar:
 * tar-record.ts): its row's name, and the `entry` part of its cache key.
 */

/** The name of an entry's row: the last part of its path. */
export const entryName = (entry: { path: string }) => entry.path.replace(/\/+$/, '').split('/').pop() || entry.path;

/**
 * The `entry` part of an entry's cache key (db/results-store.ts `cacheKey`): the archive's
 * identity (name, size; its lastModified is the key's own) and the entry's path.
 */
export const entryKeyPart = (archive: { name: string; size: number }, entry: { path: string }) => `archive:${archive.name}|${archive.size}|${entry.path}`;
