/**
 * Turns a drop or a picker selection into files with relative paths, walking folders recursively:
 * dropped ones through the File and Directory Entries API (`webkitGetAsEntry`), picked ones
 * through the File System Access API (`showDirectoryPicker`) or a `webkitdirectory` input.
 * Hidden and system entries are skipped (see skipped-names.ts).
 */
import type { PickedFile } from '../state/file-queue.svelte';
import { isSkippedName } from './skipped-names';

/** Files of an `<input type=file>` (with `webkitRelativePath` for a folder input). */
export function fromFileList(list: FileList | File[]): PickedFile[] {
  return Array.from(list)
    .filter((f) => !(f.webkitRelativePath || f.name).split('/').some(isSkippedName))
    .map((file) => ({ file, ...(file.webkitRelativePath ? { path: file.webkitRelativePath } : {}) }));
}

interface DirectoryHandle {
  name: string;
  kind: 'directory';
  values(): AsyncIterable<DirectoryHandle | FileHandle>;
}
interface FileHandle {
  name: string;
  kind: 'file';
  getFile(): Promise<File>;
}

/**
 * Lets the user pick a folder with `showDirectoryPicker` and returns its files (paths start with
 * the folder's name, like `webkitRelativePath`). Returns null where the API is missing, so the
 * caller falls back to the `webkitdirectory` input; an empty array when the user cancels.
 */
export async function pickDirectory(): Promise<PickedFile[] | null> {
  const picker = (window as { showDirectoryPicker?: (o?: object) => Promise<DirectoryHandle> }).showDirectoryPicker;
  if (!picker) return null;
  let root: DirectoryHandle;
  try {
    root = await picker({ mode: 'read' });
  } catch {
    return [];
  }
  const out: PickedFile[] = [];
  const walkHandle = async (dir: DirectoryHandle, prefix: string) => {
    for await (const entry of dir.values()) {
      if (isSkippedName(entry.name)) continue;
      const path = `${prefix}/${entry.name}`;
      if (entry.kind === 'file') out.push({ file: await entry.getFile(), path });
      else await walkHandle(entry, path);
    }
  };
  await walkHandle(root, root.name);
  return out;
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
  if (isSkippedName(entry.name)) return;
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
