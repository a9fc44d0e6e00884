/**
 * The CLI's Google Photos Takeout step: the files of one folder, or of a whole export (every
 * `Takeout`, `Takeout 2`… folder beside each other: extract-inputs.ts), matched to their JSON sidecars
 * (src/takeout), extracted in listing order with the sidecar's facts added to each media file's
 * record, and each sidecar's and album metadata.json's own record made a short note.
 */
import { readFile, stat } from 'node:fs/promises';
import type { MetadataRecord } from '../extractors/types';
import { extractPathRecords } from '../node/extract-path';
import { albumsBySidecar, isJsonName, matchSidecars, splitPath, type TakeoutMatch } from '../takeout/match';
import { MAX_SIDECAR_BYTES, parseAlbumMetadata, parseSidecar, SidecarError, type AlbumFacts, type SidecarFacts } from '../takeout/sidecar';
import { addNoSidecar, addTakeoutFacts, asAlbumRecord, asSidecarRecord } from '../takeout/annotate';
import type { WalkEntry } from './walk';

/** True when the folder's files call for the Takeout step: only a JSON file among them does. */
export function hasJson(entries: WalkEntry[]): boolean {
  return entries.some((e) => isJsonName(splitPath(e.path).name));
}

async function readBounded(path: string): Promise<Uint8Array> {
  if ((await stat(path)).size > MAX_SIDECAR_BYTES) throw new SidecarError('too-large', `The sidecar is larger than ${MAX_SIDECAR_BYTES} bytes.`);
  return readFile(path);
}

/** A sidecar's facts, or the reason it gives none (a warning on the records that would show them). */
async function readFacts<T>(path: string, parse: (b: Uint8Array) => T): Promise<T | string> {
  try {
    return parse(await readBounded(path));
  } catch (e) {
    return e instanceof SidecarError ? `${e.code}: ${e.message}` : `cannot read: ${(e as Error).message}`;
  }
}

/**
 * The records of one folder's files, or of a whole export's (`entries`, as walk.ts lists them),
 * each as extractPathRecords gives it, plus the Takeout facts.
 */
export async function* takeoutFolderRecords(entries: WalkEntry[]): AsyncGenerator<MetadataRecord> {
  // Sizes of the media files: an album folder's copy is known by its name and size (match.ts rule 4).
  const sized = await Promise.all(
    entries.map(async (e) =>
      isJsonName(splitPath(e.path).name)
        ? e
        : {
            ...e,
            size: await stat(e.path).then(
              (s) => s.size,
              () => undefined,
            ),
          },
    ),
  );
  const match: TakeoutMatch = matchSidecars(sized);
  const shown = new Map(entries.map((e) => [e.path, e.rel ?? e.path]));
  const titles = new Map<string, string | undefined>();
  for (const path of match.albums.values()) {
    const album = await readFacts(path, parseAlbumMetadata);
    titles.set(path, typeof album === 'string' ? undefined : album.title);
  }
  const albums = albumsBySidecar(match, (path) => titles.get(path));
  const facts = new Map<string, SidecarFacts | string>();
  for (const m of match.media.values()) {
    if (m.sidecar && !facts.has(m.sidecar)) facts.set(m.sidecar, await readFacts(m.sidecar, parseSidecar));
  }
  for (const { path, rel } of entries) {
    for await (const record of extractPathRecords(path, { path: rel })) {
      const m = match.media.get(path);
      const side = match.sidecars.get(path);
      if (m?.sidecar && m.rules && record.file.path === rel) {
        const f = facts.get(m.sidecar)!;
        if (typeof f === 'string') record.warnings.push(`Takeout sidecar ${shown.get(m.sidecar)}: ${f}`);
        else addTakeoutFacts(record, f, shown.get(m.sidecar)!, m.rules, albums.get(m.sidecar));
      } else if (m && !m.sidecar && record.file.path === rel && !record.errors.some((e) => e.code === 'unsupported-format')) {
        addNoSidecar(record, m.tried ?? []);
      } else if (side && record.errors.some((e) => e.code === 'unsupported-format')) {
        const f = facts.get(path) ?? (await readFacts(path, parseSidecar));
        if (typeof f !== 'string')
          asSidecarRecord(
            record,
            f,
            side.media.map((p) => shown.get(p)!),
          );
      } else if (!m && !side && record.errors.some((e) => e.code === 'unsupported-format')) {
        const folder = splitPath(path).folder;
        if (match.albums.get(folder) === path) {
          const f: AlbumFacts | string = await readFacts(path, parseAlbumMetadata);
          if (typeof f !== 'string') asAlbumRecord(record, f, splitPath(rel ?? path).folder);
        }
      }
      yield record;
    }
  }
}
