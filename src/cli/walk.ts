import { readdir, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { isSkippedName } from '../workers/skipped-names';

/**
 * One item of a walk: a file to extract, or (with `listError`) a folder that could not be listed.
 * `rel` is the path relative to the folder given (undefined for paths given directly).
 */
export interface WalkEntry {
  path: string;
  rel?: string;
  /** The fs error of a folder's `readdir` (EACCES, or ENOENT when it was removed meanwhile). */
  listError?: Error;
}

/**
 * Expands files and folders into WalkEntry items: a folder's files by name, then its subfolders
 * the same way. Symbolic links to files are followed (a dangling one is yielded, so that opening
 * it reports the error); links to folders are not (no cycles), nor are FIFOs, sockets and devices.
 * Hidden and system names are skipped (skipped-names.ts). A folder that cannot be listed is
 * yielded with `listError` and the walk goes on.
 * @throws the fs error of a path given in `inputs` that does not exist
 */
export async function* walk(inputs: string[]): AsyncGenerator<WalkEntry> {
  for (const input of inputs) {
    const st = await stat(input);
    if (!st.isDirectory()) {
      yield { path: input };
      continue;
    }
    const stack = [input];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
      } catch (e) {
        yield { path: dir, rel: relative(input, dir), listError: e as Error };
        continue;
      }
      const folders: string[] = [];
      for (const e of entries) {
        if (isSkippedName(e.name)) continue;
        const p = join(dir, e.name);
        if (e.isDirectory()) folders.push(p);
        else if (e.isFile() || (e.isSymbolicLink() && (await linksToFile(p)))) yield { path: p, rel: relative(input, p) };
      }
      stack.push(...folders.reverse());
    }
  }
}

/** True when the link at `path` leads to a regular file or nowhere (dangling). */
async function linksToFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return true;
  }
}
