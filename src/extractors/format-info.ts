/**
 * What the page, the cache and the installed app know of a format without loading any of its
 * code: plain data, one `format.ts` per format folder, listed in formats.ts. The code side (its
 * sniffer and extractor) joins it in registry.ts.
 */
export interface FormatInfo {
  /** Registry id, `record.format.id` of its records before the extractor names a subformat. */
  id: string;
  label: string;
  /** Output version; bump it when the format's records change, so cached records re-extract (versions.ts). */
  version: string;
  /**
   * Media type → file name extensions (lower case, no dot): the registry's detection hints and the
   * installed app's `file_handlers` (file-types.ts).
   */
  fileTypes: Readonly<Record<string, readonly string[]>>;
  /**
   * The bytes at the end of a file that the extractor reads, for files with these extensions
   * (JPEG: the last 4 KiB, its EOI check). A worker asks for them together with the sniffing
   * heads (detect.ts `tailBytes`); a hint only: other files are read when their extractor asks.
   */
  tail?: { extensions: readonly string[]; bytes: number };
}
