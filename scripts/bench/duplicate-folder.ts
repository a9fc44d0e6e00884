/**
 * A photo folder with exact duplicates, for the duplicates benchmark and e2e test: `n` originals
 * under `camera/d000/…` (a JPEG head from `photo(i)`, then `body(i)` bytes of seeded noise as the
 * scan, then EOI: real bytes, no holes, so every tool reads real data), and, as people's folders
 * get them:
 * - backups (`i % 10 == 3`): `backup/<same path>`, same name and modification time;
 * - downloads (`i % 20 == 7`): `downloads/<name> (1).jpg`, and `(2)` when `i % 40 == 7`, dated later;
 * - edits of the same size (`i % 25 == 11`): `edited/<name>`, one byte of the scan's middle changed:
 *   the same size, head and tail as the original (their partial hashes collide), not a duplicate.
 * Deterministic: two runs write the same bytes and dates.
 */
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pad } from './photos';

/** Photo `i` of the folder: its head, the bytes of noise after it, its modification time (s). */
export interface FolderPhoto {
  name: string;
  head: Uint8Array;
  body: number;
  mtime: number;
}

/** What was written: every file (paths relative to the folder), the groups of identical files (each sorted, sorted by first path), and the bytes. */
export interface DuplicateFolder {
  files: string[];
  groups: string[][];
  bytes: number;
}

/** `n` bytes of xorshift32 noise from `seed`, four bytes a step. */
function noise(n: number, seed: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(n / 4));
  let x = seed | 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x;
  }
  return new Uint8Array(words.buffer, 0, n);
}

/** Writes the folder under `dir` (see the module comment); `photo(i)` describes original `i`. */
export async function writeDuplicateFolder(dir: string, n: number, photo: (i: number) => FolderPhoto): Promise<DuplicateFolder> {
  const files: string[] = [];
  const groups: string[][] = [];
  let bytes = 0;
  const put = async (path: string, data: Uint8Array, mtime: number) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), data);
    await utimes(join(dir, path), mtime, mtime);
    files.push(path);
    bytes += data.length;
  };
  for (let i = 0; i < n; i++) {
    const p = photo(i);
    const data = new Uint8Array(p.head.length + p.body + 2);
    data.set(p.head);
    data.set(noise(p.body, i + 1), p.head.length);
    data.set([0xff, 0xd9], data.length - 2);
    const original = `camera/d${pad(Math.floor(i / 1000), 3)}/${p.name}`;
    await put(original, data, p.mtime);
    const copies: string[] = [];
    if (i % 10 === 3) copies.push(`backup/${original}`);
    if (i % 20 === 7) copies.push(`downloads/${p.name.replace(/\.jpg$/i, '')} (1).jpg`);
    if (i % 40 === 7) copies.push(`downloads/${p.name.replace(/\.jpg$/i, '')} (2).jpg`);
    for (const c of copies) await put(c, data, c.startsWith('backup/') ? p.mtime : p.mtime + 86_400);
    if (copies.length) groups.push([original, ...copies].sort());
    if (i % 25 === 11) {
      const edited = data.slice();
      edited[p.head.length + (p.body >> 1)] ^= 0xff;
      await put(`edited/${p.name}`, edited, p.mtime + 3600);
    }
  }
  return { files, groups: groups.sort((a, b) => a[0].localeCompare(b[0])), bytes };
}
