/**
 * Turns a drop or a picker selection into files with relative paths, walking folders recursively
 * and streaming them in chunks (extraction starts while a big folder is still being listed):
 * - File System Access handles where the browser has them (`showDirectoryPicker`, and
 *   `DataTransferItem.getAsFileSystemHandle` for drops in Chromium) are walked in a worker
 *   (list.worker.ts): nothing per file on the main thread, and the Files come with their size
 *   and date, so the page never stats them;
 * - the File and Directory Entries API (`webkitGetAsEntry`) for drops elsewhere, walked here;
 * - a `webkitdirectory` input as the last resort (its Files are stat-ed lazily on the main
 *   thread by Chromium, ≈0.2 ms each, on first `size` read or postMessage).
 * Hidden and system entries are skipped (workers/skipped-names.ts).
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import { openInChunks, type FsHandle, type PendingFile, type PickedFile } from '../../workers/folder-walk';
import { isSkippedName } from '../../workers/skipped-names';
import type { ListWorkerApi } from '../../workers/list.worker';

/** Files of an `<input type=file>` (with `webkitRelativePath` for a folder input). */
export function fromFileList(list: FileList | File[]): PickedFile[] {
  return Array.from(list)
    .filter((f) => !(f.webkitRelativePath || f.name).split('/').some(isSkippedName))
    .map((file) => ({ file, ...(file.webkitRelativePath ? { path: file.webkitRelativePath } : {}) }));
}

/**
 * Streams the files under `handles` (in order), walked by a list worker that ends with the walk
 * or when the consumer stops early.
 */
async function* walkHandles(handles: FsHandle[]): AsyncGenerator<PickedFile[]> {
  const worker = new Worker(new URL('../../workers/list.worker.ts', import.meta.url), { type: 'module', name: 'metaextract-list' });
  const api = wrap<ListWorkerApi>(worker);
  const chunks: PickedFile[][] = [];
  let finished = false;
  let wake: (() => void) | null = null;
  const signal = () => (wake?.(), (wake = null));
  worker.addEventListener('error', () => ((finished = true), signal()));
  void api
    .walk(
      handles,
      proxy((files: PickedFile[]) => void (chunks.push(files), signal())),
    )
    .catch(() => undefined)
    .finally(() => ((finished = true), signal()));
  try {
    for (;;) {
      if (chunks.length) yield chunks.shift()!;
      else if (finished) return;
      else await new Promise<void>((r) => (wake = r));
    }
  } finally {
    api[releaseProxy]();
    worker.terminate();
  }
}

async function* single(files: PickedFile[]): AsyncGenerator<PickedFile[]> {
  if (files.length) yield files;
}

/**
 * Lets the user pick a folder with `showDirectoryPicker` and streams its files (paths start with
 * the folder's name, like `webkitRelativePath`). Returns null where the API is missing, so the
 * caller falls back to the `webkitdirectory` input; an empty stream when the user cancels.
 */
export async function pickDirectory(): Promise<AsyncIterable<PickedFile[]> | null> {
  const picker = (window as { showDirectoryPicker?: (o?: object) => Promise<FsHandle> }).showDirectoryPicker;
  if (!picker) return null;
  try {
    return walkHandles([await picker({ mode: 'read' })]);
  } catch {
    return single([]);
  }
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function* entryFiles(entry: FileSystemEntry): AsyncGenerator<PendingFile> {
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
 * here. Uses File System Access handles when every item has one (Chromium), else per item the
 * entry (`webkitGetAsEntry`) or the plain File (a synthetic drop has neither).
 */
export function fromDataTransfer(dt: DataTransfer): AsyncIterable<PickedFile[]> {
  const items = Array.from(dt.items ?? [])
    .filter((item) => item.kind === 'file')
    .map((item) => ({
      handle: (item as { getAsFileSystemHandle?: () => Promise<FsHandle | null> }).getAsFileSystemHandle?.().catch(() => null),
      entry: item.webkitGetAsEntry?.() ?? null,
      file: item.getAsFile(),
    }));
  if (items.length === 0) return single(dt.files?.length ? fromFileList(dt.files) : []);
  return (async function* () {
    const handles = await Promise.all(items.map((i) => i.handle ?? null));
    if (handles.every((h) => h)) {
      yield* walkHandles(handles as FsHandle[]);
      return;
    }
    yield* openInChunks(
      (async function* () {
        for (const { entry, file } of items) {
          if (entry) yield* entryFiles(entry);
          else if (file && !isSkippedName(file.name)) yield { path: file.name, open: async () => file };
        }
      })(),
    );
  })();
}

/** The parameters a launch of the installed app brings (File Handling, https://wicg.github.io/manifest-incubations/#launchqueue-interface). */
interface LaunchParams {
  files?: readonly FsHandle[];
}

/**
 * Calls `onFiles` with the files the installed app is launched with: the files a user opened with
 * MetaExtract from the operating system (the manifest's `file_handlers`), each launch's files
 * streamed in chunks like a folder pick. Does nothing where the browser has no `launchQueue`.
 */
export function onLaunchFiles(onFiles: (files: AsyncIterable<PickedFile[]>) => void): void {
  const queue = (window as { launchQueue?: { setConsumer(consumer: (params: LaunchParams) => void): void } }).launchQueue;
  queue?.setConsumer((params) => {
    if (params.files?.length) onFiles(walkHandles([...params.files]));
  });
}
