/**
 * A tar archive as a record (browser-safe): the worker streams a `.tar` or `.tgz` no format claims
 * (workers/worker-api.ts, tar-scan.ts) and returns this record, format `tar` or `tgz`, whose
 * `entries` group holds one child group per entry read; the page reads the entries back from it
 * (`tarEntriesOf`, also from a cached record's groups) to list the file entries' cached records.
 */
import type { Field, FieldGroup, MetadataRecord } from '../extractors/types';
import { emptyRecord } from '../extractors/empty-record';
import type { ExtractErrorData } from '../extractors/errors';
import { startsAsTar, type TarEntry } from './tar';
import type { ScanResult } from './tar-scan';

const TAR_FORMATS = {
  tgz: { id: 'tgz', name: 'gzip-compressed tar archive' },
  tar: { id: 'tar', name: 'tar archive' },
} as const;

export type TarKind = keyof typeof TAR_FORMATS;

/**
 * Which tar archive a file is, from its first bytes and name: `tgz` for gzip data (RFC 1952
 * §2.3.1: ID1 0x1f, ID2 0x8b, CM 8) named `.tgz` or `.tar.gz`; `tar` for a ustar or GNU header at
 * the start (tar.ts `startsAsTar`); null for anything else.
 */
export function tarKindOf(head: Uint8Array, name: string): TarKind | null {
  if (head[0] === 0x1f && head[1] === 0x8b && head[2] === 8 && /\.(tgz|tar\.gz)$/i.test(name)) return 'tgz';
  return startsAsTar(head) ? 'tar' : null;
}

/** Whether a record is a tar listing (`tarRecord`). */
export const isTarRecord = (record: MetadataRecord) => record.format.id === TAR_FORMATS.tgz.id || record.format.id === TAR_FORMATS.tar.id;

/** An entry as the page needs it back from a listing: what names and keys its record. */
export type ListedTarEntry = Pick<TarEntry, 'path' | 'size' | 'kind'>;

/** The record of an archive that was streamed (`scan`), or that could not be (`error`, before any entry). */
export function tarRecord(
  file: MetadataRecord['file'],
  kind: TarKind,
  result: { scan: ScanResult } | { error: ExtractErrorData },
  stats: { bytesRead: number; reads: number; ms: number },
): MetadataRecord {
  const scanError = 'scan' in result ? result.scan.error : result.error;
  const record = emptyRecord(file, scanError ? [scanError] : []);
  record.format = { ...TAR_FORMATS[kind] };
  record.stats = { ...record.stats, ...stats, extractor: kind };
  if (!('scan' in result)) return record;
  const { entries, endMarker, tarBytes } = result.scan;
  const files = entries.filter((e) => e.kind === 'file');
  record.summary = [
    { key: 'Entries', value: entries.length },
    { key: 'Files', value: files.length },
    { key: 'UncompressedSize', label: 'Uncompressed size', value: files.reduce((n, e) => n + e.size, 0), unit: 'bytes' },
  ];
  if (!endMarker && !scanError) record.warnings.push('The archive has no end-of-archive marker (two zero blocks, POSIX ustar): it may have been cut at an entry boundary.');
  record.groups = [
    {
      id: 'archive',
      label: 'Archive',
      fields: [
        { key: 'Compression', value: kind === 'tgz' ? 'gzip' : 'none' },
        { key: 'TarBytes', label: 'tar stream read', value: tarBytes, unit: 'bytes' },
        { key: 'EndOfArchive', label: 'End-of-archive marker', value: endMarker },
      ],
    },
    { id: 'entries', label: `Entries (${entries.length})`, fields: [], children: entries.map((e, i) => ({ id: `entry-${i}`, label: e.path, fields: entryFields(e) })) },
  ];
  return record;
}

/** Seconds since the Epoch as ISO 8601 UTC; a time no Date holds as the number. */
function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

function entryFields(e: TarEntry): Field[] {
  const fields: Field[] = [
    { key: 'path', label: 'Path', value: e.path },
    { key: 'size', label: 'Size', value: e.size, unit: 'bytes' },
    { key: 'kind', label: 'Type', value: e.kind, raw: e.typeflag },
    { key: 'modified', label: 'Modified', value: isoTime(e.mtime), raw: e.mtime },
    { key: 'mode', label: 'Mode', value: e.mode.toString(8).padStart(4, '0'), raw: e.mode },
    { key: 'headerOffset', label: 'Header offset (tar stream)', value: e.headerOffset },
  ];
  if (e.linkpath) fields.push({ key: 'linkpath', label: 'Link target', value: e.linkpath });
  return fields;
}

/** The entries of a tar record's groups (`tarRecord`), in archive order; [] when there are none. */
export function tarEntriesOf(groups: readonly FieldGroup[]): ListedTarEntry[] {
  const list = groups.find((g) => g.id === 'entries')?.children ?? [];
  return list.flatMap((g) => {
    const f = new Map(g.fields.map((x) => [x.key, x.value]));
    const path = f.get('path');
    const size = f.get('size');
    const kind = f.get('kind');
    return typeof path === 'string' && path && Number.isSafeInteger(size) && typeof kind === 'string' ? [{ path, size: size as number, kind: kind as TarEntry['kind'] }] : [];
  });
}
