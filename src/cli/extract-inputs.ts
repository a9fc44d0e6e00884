import { extractPathRecords } from '../node/extract-path';
import { describeThrown } from '../extractors/errors';
import { walk as walkInputs, type WalkEntry } from './walk';
import { hasJson, takeoutFolderRecords } from './takeout-folder';
import { dirname, sep } from 'node:path';

/** The CLI's exit codes. */
export const EXIT = {
  /** Every file was read (its record may still carry extraction errors: not a known format, corrupt…). */
  ok: 0,
  /** Some file or folder could not be read: a `read-failed` record, or a folder named on stderr. */
  unreadable: 1,
  /** Usage: no argument, or a path given that does not exist. */
  usage: 2,
} as const;

export interface ExtractOutput {
  /** One JSON Lines record. */
  record(line: string): void;
  /** One line for stderr. */
  problem(text: string): void;
}

/**
 * Writes one record per file found under `inputs` (walk.ts) or inside a ZIP archive found there
 * (one per entry: extract-path.ts `extractPathRecords`), file after file, and returns the
 * exit code: the worst of `EXIT` met. A file that cannot be opened is a `read-failed` record and
 * a folder that cannot be listed a line on stderr; both go on with the next entry. `walk` is
 * walk.ts's unless a test wraps it (e.g. to remove a file between listing and opening).
 */
export async function extractInputs(inputs: string[], out: ExtractOutput, walk: (inputs: string[]) => AsyncIterable<WalkEntry> = walkInputs): Promise<number> {
  let status: number = EXIT.ok;
  for (const input of inputs) {
    try {
      // A folder's files are listed together (walk.ts) and extracted as one batch, so that its
      // JSON sidecars can be matched to its media files (takeout-folder.ts); a Google Photos
      // Takeout export's folders (everything under `Takeout`, `Takeout 2`… beside each other) are
      // one batch, so that a photo and its JSON in two folders match; a folder without a JSON
      // file is extracted as before, file after file.
      let batch: WalkEntry[] = [];
      const flush = async () => {
        const records = hasJson(batch) ? takeoutFolderRecords(batch) : plain(batch);
        batch = [];
        for await (const record of records) {
          if (record.errors.some((e) => e.code === 'read-failed')) status = Math.max(status, EXIT.unreadable);
          out.record(JSON.stringify(record));
        }
      };
      for await (const entry of walk([input])) {
        if (entry.listError) {
          await flush();
          out.problem(`metaextract: ${entry.path}: cannot list the folder: ${describeThrown(entry.listError)}`);
          status = Math.max(status, EXIT.unreadable);
          continue;
        }
        if (batch.length > 0 && batchKey(batch[0].path) !== batchKey(entry.path)) await flush();
        batch.push(entry);
      }
      await flush();
    } catch (e) {
      out.problem(`metaextract: ${input}: ${describeThrown(e)}`);
      status = EXIT.usage;
    }
  }
  return status;
}

/** The batch a file belongs to: its export (the folder holding its `Takeout` or `Takeout N` folder) when it is in one, else its folder. */
function batchKey(path: string): string {
  const segments = dirname(path).split(sep);
  const at = segments.findIndex((s) => /^Takeout(?: \d+)?$/u.test(s));
  return at < 0 ? dirname(path) : `${segments.slice(0, at).join(sep)}${sep}Takeout*`;
}

/** One record per file; a ZIP archive's are its entries' (extract-path.ts). */
async function* plain(entries: WalkEntry[]) {
  for (const { path, rel } of entries) yield* extractPathRecords(path, { path: rel });
}
