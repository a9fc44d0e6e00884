/**
 * The files a duplicate search's decision keeps (the duplicates view's Keep boxes), for copying
 * them (state/copy-kept.svelte.ts). Pure.
 */
/** A searched file: its row, the File holding it, and the ZIP entry it is when it is one. */
interface Searched {
  id: number;
  file: File;
  entry?: unknown;
}

/**
 * The files kept, in the order searched: of each group (identical or similar files), the files
 * marked kept (`kept[g]`, row ids; a file kept in one of its groups is kept); with `unique`, also every searched file in no group, except a ZIP archive whose entries
 * were searched (its entries are copied, not the archive as well).
 */
export function keptFiles<T extends Searched>(searched: readonly T[], groups: readonly { files: readonly { id: number }[] }[], kept: readonly (readonly number[])[], unique: boolean): T[] {
  const inGroup = new Set<number>();
  const keep = new Set<number>();
  groups.forEach((g, i) => {
    for (const f of g.files) inGroup.add(f.id);
    for (const id of kept[i] ?? []) keep.add(id);
  });
  const archives = new Set(searched.filter((f) => f.entry).map((f) => f.file));
  return searched.filter((f) => keep.has(f.id) || (unique && !inGroup.has(f.id) && !(!f.entry && archives.has(f.file))));
}
