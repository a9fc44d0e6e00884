/**
 * GDAL's COG "header ghost area" (GDAL COG driver documentation, "Header ghost area"): ASCII text
 * right after the TIFF header (offset 8, or 16 for BigTIFF):
 * `GDAL_STRUCTURAL_METADATA_SIZE=XXXXXX bytes\n` then XXXXXX bytes of `KEY=VALUE\n` lines.
 */

const PREFIX = 'GDAL_STRUCTURAL_METADATA_SIZE=';
/** Length of the first line `GDAL_STRUCTURAL_METADATA_SIZE=XXXXXX bytes\n`. */
const FIRST_LINE = 43;

export interface GhostArea {
  /** The declared size of the text after the first line. */
  size: number;
  /** KEY=VALUE items in order. */
  items: [string, string][];
  /** True when GDAL would report LAYOUT=COG: IFDS_BEFORE_DATA, ROW_MAJOR, SIZE_AS_UINT4, LAST_4_BYTES_REPEATED and not KNOWN_INCOMPATIBLE_EDITION=YES. */
  cog: boolean;
  /** True when KNOWN_INCOMPATIBLE_EDITION=YES (the file was edited after being written as a COG). */
  incompatibleEdition: boolean;
}

/**
 * Parses the ghost area from `bytes` (the file from offset 0). Returns null when there is none.
 * `bigTiff` selects the start offset (8 or 16). Text beyond `bytes` is cut (the caller reads
 * enough: the declared size is at most 999,999).
 */
export function parseGhostArea(bytes: Uint8Array, bigTiff: boolean): GhostArea | null {
  const start = bigTiff ? 16 : 8;
  if (bytes.length < start + FIRST_LINE) return null;
  const first = String.fromCharCode(...bytes.subarray(start, start + FIRST_LINE));
  if (!first.startsWith(PREFIX)) return null;
  const m = /^GDAL_STRUCTURAL_METADATA_SIZE=(\d{6}) bytes\n?/.exec(first);
  if (!m) return null;
  const size = Number(m[1]);
  const body = new TextDecoder('latin1').decode(bytes.subarray(start + FIRST_LINE, start + FIRST_LINE + size));
  const items: [string, string][] = [];
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    items.push(eq < 0 ? [t, ''] : [t.slice(0, eq), t.slice(eq + 1)]);
  }
  const has = (k: string, v: string) => items.some(([a, b]) => a === k && b === v);
  const incompatibleEdition = has('KNOWN_INCOMPATIBLE_EDITION', 'YES');
  const cog = !incompatibleEdition && has('LAYOUT', 'IFDS_BEFORE_DATA') && has('BLOCK_ORDER', 'ROW_MAJOR') && has('BLOCK_LEADER', 'SIZE_AS_UINT4') && has('BLOCK_TRAILER', 'LAST_4_BYTES_REPEATED');
  return { size, items, cog, incompatibleEdition };
}

/** Bytes to read from offset 0 to parse the ghost area whose first line is in `head`. */
export function ghostBytesNeeded(head: Uint8Array, bigTiff: boolean): number {
  const start = bigTiff ? 16 : 8;
  const first = String.fromCharCode(...head.subarray(start, start + FIRST_LINE));
  const m = /^GDAL_STRUCTURAL_METADATA_SIZE=(\d{6}) bytes/.exec(first);
  return m ? start + FIRST_LINE + Number(m[1]) : 0;
}
