/**
 * Walking a folder into files with relative paths, streamed in chunks: shared by the page (File
 * and Directory Entries API) and the list worker (File System Access handles). Hidden and system
 * entries are skipped (skipped-names.ts). Each file is opened asynchronously (`getFile()` /
 * `entry.file()`, an IPC round trip of ≈1 ms), CONCURRENCY at a time; files that cannot be
 * opened (deleted meanwhile, no permission) are left out.
 */
import { isSkippedName } from './skipped-names';

/** A file to extract and its path relative to the dropped/picked folder (absent for a lone file). */
export interface PickedFile {
  file: File;
  path?: string;
}

/** A file found by a walk, not opened yet. */
export interface PendingFile {
  /** Path from the walk's root, the root's own name first. */
  path: string;
  open(): Promise<File>;
}

/** Files per chunk. */
const CHUNK = 200;
/** Files being opened at once. */
const CONCURRENCY = 32;

/**
 * Opens `pending` files with at most CONCURRENCY in flight and yields them in chunks of CHUNK, in
 * walk order.
 */
export async function* openInChunks(pending: AsyncIterable<PendingFile>): AsyncGenerator<PickedFile[]> {
  const opening: Promise<PickedFile | null>[] = [];
  const chunk: PickedFile[] = [];
  const take = async () => {
    const f = await opening.shift()!;
    if (f) chunk.push(f);
  };
  for await (const p of pending) {
    opening.push(
      p.open().then(
        (file) => ({ file, ...(p.path.includes('/') ? { path: p.path } : {}) }),
        () => null,
      ),
    );
    if (opening.length >= CONCURRENCY) await take();
    if (chunk.length >= CHUNK) yield chunk.splice(0);
  }
  while (opening.length) {
    await take();
    if (chunk.length >= CHUNK) yield chunk.splice(0);
  }
  if (chunk.length) yield chunk;
}

/** The File System Access handles a walk accepts (typed here: lib.dom lacks `values()`). */
export type FsHandle = { kind: 'file'; name: string; getFile(): Promise<File> } | { kind: 'directory'; name: string; values(): AsyncIterable<FsHandle> };

/** Files under a File System Access handle (a file handle yields itself). */
export async function* handleFiles(handle: FsHandle, prefix = ''): AsyncGenerator<PendingFile> {
  if (isSkippedName(handle.name)) return;
  const path = prefix ? `${prefix}/${handle.name}` : handle.name;
  if (handle.kind === 'file') yield { path, open: () => handle.getFile() };
  else for await (const child of handle.values()) yield* handleFiles(child, path);
}
