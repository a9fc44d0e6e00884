/**
 * Core contracts shared by every extractor, the worker, the CLI and the UI.
 * Everything in a MetadataRecord is plain, structured-cloneable data so it can cross Comlink and
 * be stored in IndexedDB.
 */
import type { ExtractErrorData } from './errors';
import type { FormatInfo } from './format-info';

/** Random-access reader over a file's bytes. Offsets and lengths are in bytes. */
export interface ByteSource {
  /** Total size in bytes (exact past 4 GiB). */
  readonly size: number;
  /** File name (no directories). */
  readonly name: string;
  /** Number of bytes returned by `read` so far. */
  readonly bytesRead: number;
  /** Number of `read` calls so far. */
  readonly reads: number;
  /** The underlying Blob in the browser, for libraries that want one (exifr, h5wasm WORKERFS). */
  readonly blob?: Blob;
  /** Absolute path on disk in Node, for libraries that read paths (h5wasm/node). */
  readonly path?: string;
  /**
   * Reads up to `length` bytes at `offset`. Returns fewer bytes at EOF (an empty array past it),
   * never throws for EOF. Throws ExtractError('read-failed') when the file cannot be read,
   * ExtractError('aborted') when `signal` fires.
   */
  read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
}

/** How much to extract. */
type DepthProfile = 'summary' | 'full';

/** Options that steer every extractor. */
export interface ExtractOptions {
  depth: DepthProfile;
  /** Upper bound on bytes an extractor may read for metadata (not a hard error for all formats). */
  maxMetadataBytes: number;
  /** Cap on array values kept in a Field (longer arrays are cut and marked). */
  maxArrayItems: number;
  /** Cap on structural objects (HDUs, IFDs, HDF5 objects, DICOM elements) walked per file. */
  maxObjects: number;
  /**
   * The password to open an encrypted file with (PDF: the user or the owner password); absent, the
   * empty password is tried. Never part of a record, a cache entry or a message.
   */
  password?: string;
}

export const DEFAULT_OPTIONS: ExtractOptions = {
  depth: 'full',
  maxMetadataBytes: 64 * 1024 * 1024,
  maxArrayItems: 64,
  maxObjects: 100_000,
};

/** Passed to `Extractor.extract`. */
export interface ExtractContext {
  signal?: AbortSignal;
  options: ExtractOptions;
  /** Records a non-fatal problem; it ends up in `MetadataRecord.warnings`. */
  warn(message: string): void;
}

/** A JSON-able value: dates are ISO 8601 / native strings, big integers strings. */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

/** One metadata item. `key` is the item's own name in its standard (NAXIS1, (0010,0010), GPSLatitude). */
export interface Field {
  key: string;
  label?: string;
  value: FieldValue;
  unit?: string;
  comment?: string;
  /** The value as written in the file, when `value` is a decoded form of it. */
  raw?: FieldValue;
  /** When `value` is an array cut to `ExtractOptions.maxArrayItems`: the full length. */
  total?: number;
}

/** A node of the metadata tree (HDU, IFD, DICOM sequence item, HDF5 group…). */
export interface FieldGroup {
  id: string;
  label: string;
  fields: Field[];
  children?: FieldGroup[];
}

/** Result of extracting one file. Plain data, IndexedDB-storable. */
export interface MetadataRecord {
  schemaVersion: 1;
  format: { id: string; name: string; version?: string };
  file: { name: string; size: number; lastModified?: number; path?: string };
  /** The dozen facts a person wants first. */
  summary: Field[];
  groups: FieldGroup[];
  warnings: string[];
  errors: ExtractErrorData[];
  stats: { bytesRead: number; reads: number; ms: number; extractor: string; cached: boolean };
}

/** What an extractor returns; the runner adds `file`, `stats`, `warnings`, `schemaVersion`. */
export interface ExtractorOutput {
  format: { id: string; name: string; version?: string };
  summary: Field[];
  groups: FieldGroup[];
  /** Failures that still left a partial result. */
  errors?: ExtractErrorData[];
  /**
   * Reads a library made outside the ByteSource (h5wasm reads its mounted file itself); the
   * runner adds them to `stats` so bytesRead stays the truth about what was read.
   */
  externalReads?: { bytes: number; reads: number };
}

/** One format's extractor. Must read only the byte ranges it needs. */
export interface Extractor {
  /**
   * Extracts metadata. Throws ExtractError for failures that leave nothing to show; any other
   * throw is reported as `internal`. Must honour `ctx.signal`.
   */
  extract(source: ByteSource, ctx: ExtractContext): Promise<ExtractorOutput>;
  /**
   * Loads what `extract` would otherwise load on first use (libraries, WASM, tables), so that a
   * warmed worker makes no request while extracting: the server cannot tell which formats a user
   * opens. Rejects when a part cannot be loaded (e.g. offline without the service worker's cache).
   */
  preload?(): Promise<void>;
}

export type SniffResult = 'yes' | 'maybe' | 'no';

/** A format in the registry (registry.ts): its plain data (format-info.ts) and its code. */
export interface RegistryEntry extends FormatInfo {
  /** Lower-case extensions without the dot (from `fileTypes`); used only to break ties. */
  extensions: string[];
  /** Decides from the first bytes (up to 64 KiB) and the name. Must not throw. */
  sniff(head: Uint8Array, name: string): SniffResult;
  /**
   * For a file no sniff claimed and longer than the head (`from` bytes): whether the format's
   * signature lies further on (HDF5 after a user block of 64 KiB or more). Reads a few bytes.
   */
  locate?(source: ByteSource, from: number, signal?: AbortSignal): Promise<boolean>;
  load(): Promise<Extractor>;
}
