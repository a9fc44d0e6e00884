/**
 * A ZIP archive as a record (browser-safe): the worker lists an archive no format claims
 * (workers/worker-api.ts) and returns this record, format `zip`, whose `entries` group holds one
 * child group per central directory entry with every field of its ZipEntry; the page reads the
 * entries back from it (`zipEntriesOf`, also from a cached record's groups) and extracts each file
 * entry as its own row (app/state/file-queue.svelte.ts).
 */
import type { Field, FieldGroup, MetadataRecord } from '../extractors/types';
import { emptyRecord } from '../extractors/empty-record';
import type { ExtractErrorData } from '../extractors/errors';
import type { ZipEntry, ZipListing } from './zip';

export const ZIP_FORMAT = { id: 'zip', name: 'ZIP archive' } as const;

const METHODS: Record<number, string> = { 0: 'stored', 8: 'deflated', 9: 'deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ' };

/** The record of an archive that was listed (`listing`), or that could not be (`error`). */
export function zipRecord(file: MetadataRecord['file'], result: { listing: ZipListing } | { error: ExtractErrorData }, stats: { bytesRead: number; reads: number; ms: number }): MetadataRecord {
  const record = emptyRecord(file, 'error' in result ? [result.error] : []);
  record.format = { ...ZIP_FORMAT };
  record.stats = { ...record.stats, ...stats, extractor: 'zip' };
  if ('error' in result) return record;
  const { entries, prefix, zip64 } = result.listing;
  const files = entries.filter((e) => !e.directory);
  record.summary = [
    { key: 'Entries', value: entries.length },
    { key: 'Files', value: files.length },
    { key: 'UncompressedSize', label: 'Uncompressed size', value: files.reduce((n, e) => n + e.size, 0), unit: 'bytes' },
  ];
  const archive: Field[] = [{ key: 'ZIP64', value: zip64 }];
  if (prefix) archive.push({ key: 'Prefix', label: 'Bytes before the archive', value: prefix, unit: 'bytes' });
  record.groups = zipGroups(archive, entries);
  return record;
}

/**
 * The groups of a `zip` record: its `archive` group's fields, and an `entries` group with one child
 * group per entry. Made again from the entries `zipEntriesOf` reads back, they are the record's
 * groups as it was made: the page keeps a listed archive's entries (its rows share them) instead of
 * its groups' text, about 1 KB an entry (app/state/file-queue.svelte.ts).
 */
export function zipGroups(archive: Field[], entries: readonly ZipEntry[]): FieldGroup[] {
  return [
    { id: 'archive', label: 'Archive', fields: archive },
    {
      id: 'entries',
      label: `Entries (${entries.length})`,
      fields: [],
      children: entries.map((e, i) => ({ id: `entry-${i}`, label: e.path, fields: entryFields(e) })),
    },
  ];
}

function entryFields(e: ZipEntry): Field[] {
  return [
    { key: 'path', label: 'Path', value: e.path },
    { key: 'size', label: 'Size', value: e.size, unit: 'bytes' },
    { key: 'compressedSize', label: 'Compressed size', value: e.compressedSize, unit: 'bytes' },
    { key: 'method', label: 'Method', value: METHODS[e.method] ?? `method ${e.method}`, raw: e.method },
    { key: 'modified', label: 'Modified', value: e.modified },
    { key: 'crc32', label: 'CRC-32', value: e.crc32.toString(16).padStart(8, '0'), raw: e.crc32 },
    { key: 'localHeaderOffset', label: 'Local header offset', value: e.localHeaderOffset },
    { key: 'encrypted', label: 'Encrypted', value: e.encrypted },
    { key: 'directory', label: 'Folder', value: e.directory },
  ];
}

/** The entries of a `zip` record's groups (zipRecord), in central directory order; [] when there are none. */
export function zipEntriesOf(groups: readonly FieldGroup[]): ZipEntry[] {
  const list = groups.find((g) => g.id === 'entries')?.children ?? [];
  return list.flatMap((g) => {
    const f = new Map(g.fields.map((x) => [x.key, x]));
    const num = (k: string, raw = false) => {
      const field = f.get(k);
      const v = raw ? field?.raw : field?.value;
      return typeof v === 'number' ? v : NaN;
    };
    const entry: ZipEntry = {
      path: String(f.get('path')?.value ?? ''),
      size: num('size'),
      compressedSize: num('compressedSize'),
      method: num('method', true),
      localHeaderOffset: num('localHeaderOffset'),
      crc32: num('crc32', true),
      modified: String(f.get('modified')?.value ?? ''),
      encrypted: f.get('encrypted')?.value === true,
      directory: f.get('directory')?.value === true,
    };
    const valid = entry.path && [entry.size, entry.compressedSize, entry.method, entry.localHeaderOffset, entry.crc32].every(Number.isSafeInteger);
    return valid ? [entry] : [];
  });
}
