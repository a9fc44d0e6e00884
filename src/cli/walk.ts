import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isSkippedName } from '../workers/skipped-names';

/**
 * Expands files and folders (recursively, sorted by name) into `{ path, rel }` pairs, where `rel`
 * is the path relative to the folder given (undefined for files given directly).
 * Throws the fs error for a path that does not exist.
 */
export async function* walk(inputs: string[]): AsyncGenerator<{ path: string; rel?: string }> {
  for (const input of inputs) {
    const st = await stat(input);
    if (!st.isDirectory()) {
      yield { path: input };
      continue;
    }
    const stack = [input];
    while (stack.length) {
      const dir = stack.pop()!;
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? 1 : -1));
      for (const e of entries) {
        if (isSkippedName(e.name)) continue;
        const p = join(dir, e.name);
        if (e.isDirectory()) stack.push(p);
        else if (e.isFile()) yield { path: p, rel: relative(input, p) };
      }
    }
  }
}
