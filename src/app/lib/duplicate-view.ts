/**
 * What the duplicates view shows and exports: per group (exact, or similar images), the facts of
 * each file side by side (path, size, dates, dimensions, GPS, camera, source, and a similar
 * image's distance) with those that differ marked; and the user's decision (which files to keep)
 * as CSV (papaparse) or JSON.
 */
import Papa from 'papaparse';
import type { MetadataRecord } from '../../extractors/types';
import type { DuplicateGroup } from '../../duplicates/group';
import { valueText } from './tree-filter';
import { formatBytes } from './summary-line';

/** Media types of the pictures browsers decode (docs/near-duplicates.md), as the photo extractor's `MIMEType` names them. */
const DECODED_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif']);
/** Extensions of decodable pictures no format of ours claims (their records have no format): GIF, BMP. */
const UNCLAIMED_IMAGE = /\.(gif|bmp)$/i;

/**
 * Whether a file is a picture the browser decodes (JPEG, PNG, WebP, AVIF, GIF, BMP): from its
 * record, a photo of one of those media types (not HEIC or TIFF), or a file no format claims named
 * `.gif`/`.bmp`. Such files get a perceptual hash and a thumbnail; a file not yet read is not one.
 */
export function isDecodableImage(record: MetadataRecord | undefined): boolean {
  if (!record) return false;
  if (record.format.id === 'photo') return DECODED_TYPES.has(String(record.summary.find((f) => f.key === 'MIMEType')?.value));
  return record.format.id === 'unknown' && UNCLAIMED_IMAGE.test(record.file.name);
}

/** A file of a group as the view knows it: its path, size and row, and its record's head when read. */
export interface GroupFile {
  id: number;
  path: string;
  size: number;
  record?: MetadataRecord;
  /** In a group of similar images: its perceptual hash's distance to the first file's (bits). */
  distance?: number;
  /** In a group of similar images: the row id of an earlier file of the group it is a byte-identical copy of. */
  identicalTo?: number;
}

/** One line of a group's comparison: a fact's label and each file's value ('' when it has none). */
export interface FactLine {
  label: string;
  values: string[];
  /** Whether the files' values are not all the same. */
  differs: boolean;
}

/** The summary fields compared, by label, and how their values are joined: dates, dimensions, GPS, camera, and the file's `Source` (where it came from). */
const SUMMARY_FACTS: [string, string[], string][] = [
  ['Date taken', ['DateTimeOriginal', 'CreateDate'], ', '],
  ['Dimensions', ['ImageWidth', 'ImageHeight'], ' × '],
  ['GPS', ['GPSLatitude', 'GPSLongitude'], ', '],
  ['Camera', ['Make', 'Model'], ', '],
  ['Source', ['Source'], ', '],
];

const summaryText = (record: MetadataRecord | undefined, keys: string[], separator: string) =>
  keys
    .flatMap((k) => {
      const f = record?.summary.find((s) => s.key === k);
      return f ? [valueText(f.value)] : [];
    })
    .join(separator);

/** A similar image's distance, and which earlier file (by its place in the group, from 1) it is a copy of. */
function distanceText(f: GroupFile, files: readonly GroupFile[]): string {
  if (f.distance === undefined) return '';
  const copyOf = f.identicalTo === undefined ? -1 : files.findIndex((g) => g.id === f.identicalTo);
  return copyOf < 0 ? `${f.distance} bits` : `${f.distance} bits (identical to file ${copyOf + 1})`;
}

/**
 * The facts of a group's files side by side: for similar images their distance first, then path,
 * size and modification date always, then each of SUMMARY_FACTS that any file has.
 */
export function groupFacts(files: readonly GroupFile[]): FactLine[] {
  const line = (label: string, values: string[]): FactLine => ({ label, values, differs: values.some((v) => v !== values[0]) });
  const modified = (f: GroupFile) => (f.record?.file.lastModified ? new Date(f.record.file.lastModified).toISOString().replace('T', ' ').slice(0, 19) : '');
  const lines = files.some((f) => f.distance !== undefined)
    ? [
        line(
          'Distance',
          files.map((f) => distanceText(f, files)),
        ),
      ]
    : [];
  lines.push(
    line(
      'Path',
      files.map((f) => f.path),
    ),
    line(
      'Size',
      files.map((f) => formatBytes(f.size)),
    ),
    line('Modified', files.map(modified)),
  );
  for (const [label, keys, separator] of SUMMARY_FACTS) {
    const values = files.map((f) => summaryText(f.record, keys, separator));
    if (values.some((v) => v)) lines.push(line(label, values));
  }
  return lines;
}

/** One file of the decision: its group (from 1) and the group's kind, path, size, distance (bits; 0 in an exact group), and whether it is kept. */
export interface DecisionRow {
  group: number;
  kind: 'exact' | 'near';
  path: string;
  size: number;
  distance: number;
  keep: boolean;
}

/**
 * The decision as rows, group by group, in each group's order: the exact groups (`kept[i]`: the
 * row ids kept in group i), then the similar-image groups (`similarKept` likewise), numbered on.
 */
export function decisionRows(
  groups: readonly DuplicateGroup<{ id: number; path: string }>[],
  kept: readonly (readonly number[])[],
  similar: readonly { files: readonly { id: number; path: string; size: number; distance: number }[] }[] = [],
  similarKept: readonly (readonly number[])[] = [],
): DecisionRow[] {
  const exact = groups.flatMap((g, i) => g.files.map((f) => ({ group: i + 1, kind: 'exact' as const, path: f.path, size: g.size, distance: 0, keep: kept[i]?.includes(f.id) ?? false })));
  const near = similar.flatMap((g, i) =>
    g.files.map((f) => ({ group: groups.length + i + 1, kind: 'near' as const, path: f.path, size: f.size, distance: f.distance, keep: similarKept[i]?.includes(f.id) ?? false })),
  );
  return [...exact, ...near];
}

/** CSV: columns group, kind (`exact` or `near`), path, size, distance, keep (`keep` or `duplicate`). */
export function decisionCsv(rows: readonly DecisionRow[]): string {
  return Papa.unparse(
    rows.map((r) => ({ ...r, keep: r.keep ? 'keep' : 'duplicate' })),
    { columns: ['group', 'kind', 'path', 'size', 'distance', 'keep'] },
  );
}

/** One group of the JSON decision: an exact group's size, a near group's distances by path. */
interface DecisionGroup {
  kind: DecisionRow['kind'];
  size?: number;
  keep: string[];
  duplicates: string[];
  distances?: Record<string, number>;
}

/** JSON: `{ groups: [{ kind: 'exact', size, keep: [paths], duplicates: [paths] } | { kind: 'near', keep, duplicates, distances: { path: bits } }] }`. */
export function decisionJson(rows: readonly DecisionRow[]): string {
  const groups: DecisionGroup[] = [];
  for (const r of rows) {
    const g = (groups[r.group - 1] ??= r.kind === 'exact' ? { kind: r.kind, size: r.size, keep: [], duplicates: [] } : { kind: r.kind, keep: [], duplicates: [], distances: {} });
    (r.keep ? g.keep : g.duplicates).push(r.path);
    if (g.distances) g.distances[r.path] = r.distance;
  }
  return JSON.stringify({ groups }, null, 2);
}
