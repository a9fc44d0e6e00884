/**
 * Turns a drop or a picker selection into files with relative paths, walking dropped folders
 * recursively through the File and Directory Entries API (`webkitGetAsEntry`). OS metadata files
 * (.DS_Store, Thumbs.db, desktop.ini) are skipped.
 */
import type { PickedFile } from '../state/file-queue.svelte';

const SKIPPED = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

export function fromFileList(list: FileList | File[]): PickedFile[] {
  return Array.from(list)
    .filter((f) => !SKIPPED.has(f.name))
    .map((file) => ({ file, ...(file.webkitRelativePath ? { path: file.webkitRelativePath } : {}) }));
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else (all.push(...batch), next());
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: PickedFile[]): Promise<void> {
  if (SKIPPED.has(entry.name)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    const path = entry.fullPath.replace(/^\//, '');
    out.push({ file, ...(path.includes('/') ? { path } : {}) });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries((entry as FileSystemDirectoryEntry).createReader())) await walk(child, out);
  }
}

/** Files of a drop, folders expanded. Falls back to `dataTransfer.files` without entry support. */
export async function fromDataTransfer(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dt.items ?? [])
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return fromFileList(dt.files);
  const out: PickedFile[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}
