/**
 * Turns a drop or a picker selection into files with relative paths, walking folders recursively
 * and streaming them in chunks (extraction starts while a big folder is still being listed):
 * - File System Access handles where the browser has them (`showDirectoryPicker`, and
 *   `DataTransferItem.getAsFileSystemHandle` for drops in Chromium): `getFile()` is asynchronous
 *   and returns a File whose size and date are already known, so the page never stats files;
 * - the File and Directory Entries API (`webkitGetAsEntry`) for drops elsewhere;
 * - a `webkitdirectory` input as the last resort (its Files are stat-ed lazily on the main
 *   thread by Chromium, ≈0.2 ms each, on first `size` read or postMessage).
 * Hidden and system entries are skipped (see skipped-names.ts).
 */
import type { PickedFile } from '../state/file-queue.svelte';
import { isSkippedName } from './skipped-names';

/** Files per chunk handed to the queue. */
const CHUNK = 200;
/** `getFile()` / `file()` calls in flight at once: each is an IPC round trip of ≈1 ms. */
const CONCURRENCY = 32;

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
type Handle = DirectoryHandle | FileHandle;

/** A lazily opened file: its path and how to get the File. */
interface Pending {
  path: string;
  open(): Promise<File>;
}

/**
 * Opens `pending` files with at most CONCURRENCY in flight and yields them in chunks of CHUNK,
 * in listing order. Files that cannot be opened (deleted meanwhile, permission) are skipped.
 */
async function* opened(pending: AsyncIterable<Pending>): AsyncGenerator<PickedFile[]> {
  const window: Promise<PickedFile | null>[] = [];
  let chunk: PickedFile[] = [];
  const take = async () => {
    const f = await window.shift()!;
    if (f) chunk.push(f);
  };
  for await (const p of pending) {
    window.push(p.open().then((file) => ({ file, ...(p.path.includes('/') ? { path: p.path } : {}) }), () => null));
    if (window.length >= CONCURRENCY) await take();
    if (chunk.length >= CHUNK) yield chunk.splice(0);
  }
  while (window.length) {
    await take();
    if (chunk.length >= CHUNK) yield chunk.splice(0);
  }
  if (chunk.length) yield chunk;
}

async function* handleFiles(handle: Handle, prefix: string): AsyncGenerator<Pending> {
  if (isSkippedName(handle.name)) return;
  const path = prefix ? `${prefix}/${handle.name}` : handle.name;
  if (handle.kind === 'file') {
    yield { path, open: () => handle.getFile() };
    return;
  }
  for await (const child of handle.values()) yield* handleFiles(child, path);
}

/**
 * Lets the user pick a folder with `showDirectoryPicker` and streams its files (paths start with
 * the folder's name, like `webkitRelativePath`). Returns null where the API is missing, so the
 * caller falls back to the `webkitdirectory` input; an empty stream when the user cancels.
 */
export async function pickDirectory(): Promise<AsyncIterable<PickedFile[]> | null> {
  const picker = (window as { showDirectoryPicker?: (o?: object) => Promise<DirectoryHandle> }).showDirectoryPicker;
  if (!picker) return null;
  let root: DirectoryHandle;
  try {
    root = await picker({ mode: 'read' });
  } catch {
    return single([]);
  }
  return opened(handleFiles(root, ''));
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

async function* entryFiles(entry: FileSystemEntry): AsyncGenerator<Pending> {
  if (isSkippedName(entry.name)) return;
  if (entry.isFile) {
    const file = entry as FileSystemFileEntry;
    yield { path: entry.fullPath.replace(/^\//, ''), open: () => new Promise<File>((res, rej) => file.file(res, rej)) };
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries((entry as FileSystemDirectoryEntry).createReader())) yield* entryFiles(child);
  }
}

/**
 * Files of a drop, folders expanded, streamed in chunks. Must be called during the drop event:
 * items are readable only then, so each item's handle, entry and File are taken synchronously
 * here. Per item, prefers `getAsFileSystemHandle` (Chromium), then `webkitGetAsEntry`, then the
 * plain File (a synthetic drop has neither).
 */
export function fromDataTransfer(dt: DataTransfer): AsyncIterable<PickedFile[]> {
  const items = Array.from(dt.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => ({
      handle: (item as { getAsFileSystemHandle?: () => Promise<Handle | null> }).getAsFileSystemHandle?.().catch(() => null),
      entry: item.webkitGetAsEntry?.() ?? null,
      file: item.getAsFile(),
    }));
  if (items.length === 0 && dt.files?.length) return single(fromFileList(dt.files));
  return opened(
    (async function* () {
      for (const { handle, entry, file } of items) {
        const h = await handle;
        if (h) yield* handleFiles(h, '');
        else if (entry) yield* entryFiles(entry);
        else if (file && !isSkippedName(file.name)) yield { path: file.name, open: async () => file };
      }
    })(),
  );
}

async function* single(files: PickedFile[]): AsyncGenerator<PickedFile[]> {
  if (files.length) yield files;
}
