/**
 * Where fixed copies go: a folder the user picked (File System Access API: Chromium), or, where
 * there is none, a ZIP download built by client-zip when the run ends. Nothing is written anywhere
 * else, and never over a file the user picked to read (the destination is a folder they choose
 * for the copies).
 */
import { downloadZip } from 'client-zip';

export interface Destination {
  /** The folder's name, or the ZIP's file name. */
  readonly name: string;
  /** The file at `path` if the destination already has one (a resumed run's copy). */
  existing(path: string): Promise<File | null>;
  /**
   * Writes `data` at `path` (a Blob is copied by the browser without the page reading it; folders
   * created; `lastModified` in Unix ms where the destination keeps it: the ZIP does, a folder cannot). In a folder the file appears only once whole (the API
   * writes a swap file and moves it into place on close); a failed write leaves no file.
   * @throws the API's DOMException (no permission, no space) or the stream's error
   */
  write(path: string, data: Uint8Array | Blob | ReadableStream<Uint8Array>, lastModified?: number): Promise<void>;
  /** Ends the run: a ZIP destination starts its download. */
  close(): Promise<void>;
}

/**
 * The path's folder names and file name, safe as File System Access names and ZIP entry names:
 * empty, `.` and `..` segments dropped (paths come from archives, which may hold anything).
 * @throws Error when nothing is left
 */
export function safeSegments(path: string): string[] {
  const segments = path.split(/[/\\]/u).filter((s) => s !== '' && s !== '.' && s !== '..');
  if (segments.length === 0) throw new Error(`No file name in "${path}".`);
  return segments;
}

/**
 * Asks the user for a folder to write into (File System Access, read-write; `id` lets the browser
 * start where this kind of folder was picked last). Resolves with its handle, null when the user
 * closed the picker, or undefined where the browser has no picker (then write a ZIP:
 * `zipDestination`).
 */
export async function pickWritableFolder(id: string): Promise<FileSystemDirectoryHandle | null | undefined> {
  const picker = (window as { showDirectoryPicker?: (o?: object) => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker;
  if (!picker) return undefined;
  try {
    return await picker({ mode: 'readwrite', id });
  } catch {
    return null;
  }
}

/** A destination in a folder the user picked (or the origin-private file system's). */
export function folderDestination(root: FileSystemDirectoryHandle): Destination {
  const folders = new Map<string, Promise<FileSystemDirectoryHandle>>();
  const folder = (segments: string[], create: boolean): Promise<FileSystemDirectoryHandle> => {
    if (segments.length === 0) return Promise.resolve(root);
    const key = `${create}\u0000${segments.join('/')}`;
    let found = folders.get(key);
    if (!found) {
      found = folder(segments.slice(0, -1), create).then((parent) => parent.getDirectoryHandle(segments.at(-1)!, { create }));
      found.catch(() => folders.delete(key));
      folders.set(key, found);
    }
    return found;
  };
  const fileHandle = async (path: string, create: boolean) => {
    const segments = safeSegments(path);
    return (await folder(segments.slice(0, -1), create)).getFileHandle(segments.at(-1)!, { create });
  };
  return {
    name: root.name,
    async existing(path) {
      try {
        return await (await fileHandle(path, false)).getFile();
      } catch (e) {
        if (e instanceof DOMException && (e.name === 'NotFoundError' || e.name === 'TypeMismatchError')) return null;
        throw e;
      }
    },
    async write(path, data) {
      const writable = await (await fileHandle(path, true)).createWritable();
      if (!(data instanceof ReadableStream)) {
        try {
          await writable.write(data as Uint8Array<ArrayBuffer> | Blob);
        } catch (e) {
          await writable.abort().catch(() => {});
          throw e;
        }
        await writable.close();
      } else await data.pipeTo(writable); // closes it, or aborts it on an error
    },
    async close() {},
  };
}

/** A destination that collects the copies and downloads them as one ZIP (`fileName`) on close. */
export function zipDestination(fileName: string): Destination {
  const files: { name: string; input: Uint8Array | ReadableStream<Uint8Array>; size?: number; lastModified?: Date }[] = [];
  return {
    name: fileName,
    async existing() {
      return null;
    },
    async write(path, data, lastModified) {
      const input = data instanceof Blob ? { input: data.stream(), size: data.size } : { input: data };
      files.push({ name: safeSegments(path).join('/'), ...input, ...(lastModified !== undefined ? { lastModified: new Date(lastModified) } : {}) });
    },
    async close() {
      const blob = await downloadZip(files).blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}
