/**
 * What the duplicates view shows and exports: per group, the facts of each file side by side
 * (path, size, dates, GPS, camera, source) with those that differ marked; and the user's decision
 * (which files to keep) as CSV (papaparse) or JSON.
 */
import Papa from 'papaparse';
import type { MetadataRecord } from '../../extractors/types';
import type { DuplicateGroup } from '../../duplicates/group';
import { valueText } from './tree-filter';
import { formatBytes } from './summary-line';

/** A file of a group as the view knows it: its path, size and row, and its record's head when read. */
export interface GroupFile {
  id: number;
  path: string;
  size: number;
  record?: MetadataRecord;
}

/** One line of a group's comparison: a fact's label and each file's value ('' when it has none). */
export interface FactLine {
  label: string;
  values: string[];
  /** Whether the files' values are not all the same. */
  differs: boolean;
}

/** The summary fields compared, by label: dates, GPS, camera, and the file's `Source` (where it came from). */
const SUMMARY_FACTS: [string, string[]][] = [
  ['Date taken', ['DateTimeOriginal', 'CreateDate']],
  ['GPS', ['GPSLatitude', 'GPSLongitude']],
  ['Camera', ['Make', 'Model']],
  ['Source', ['Source']],
];

const summaryText = (record: MetadataRecord | undefined, keys: string[]) =>
  keys
    .flatMap((k) => {
      const f = record?.summary.find((s) => s.key === k);
      return f ? [valueText(f.value)] : [];
    })
    .join(', ');

/**
 * The facts of a group's files side by side: path, size and modification date always, then each
 * of SUMMARY_FACTS that any file has.
 */
export function groupFacts(files: readonly GroupFile[]): FactLine[] {
  const line = (label: string, values: string[]): FactLine => ({ label, values, differs: values.some((v) => v !== values[0]) });
  const modified = (f: GroupFile) => (f.record?.file.lastModified ? new Date(f.record.file.lastModified).toISOString().replace('T', ' ').slice(0, 19) : '');
  const lines = [
    line(
      'Path',
      files.map((f) => f.path),
    ),
    line(
      'Size',
      files.map((f) => formatBytes(f.size)),
    ),
    line('Modified', files.map(modified)),
  ];
  for (const [label, keys] of SUMMARY_FACTS) {
    const values = files.map((f) => summaryText(f.record, keys));
    if (values.some((v) => v)) lines.push(line(label, values));
  }
  return lines;
}

/** One file of the decision: its group (from 1), path, size, and whether it is kept. */
export interface DecisionRow {
  group: number;
  path: string;
  size: number;
  keep: boolean;
}

/** The decision as rows, group by group, in each group's order; `kept[i]` holds the row ids kept in group i. */
export function decisionRows(groups: readonly DuplicateGroup<{ id: number; path: string }>[], kept: readonly (readonly number[])[]): DecisionRow[] {
  return groups.flatMap((g, i) => g.files.map((f) => ({ group: i + 1, path: f.path, size: g.size, keep: kept[i]?.includes(f.id) ?? false })));
}

/** CSV: columns group, path, size, keep (`keep` or `duplicate`). */
export function decisionCsv(rows: readonly DecisionRow[]): string {
  return Papa.unparse(
    rows.map((r) => ({ ...r, keep: r.keep ? 'keep' : 'duplicate' })),
    { columns: ['group', 'path', 'size', 'keep'] },
  );
}

/** JSON: `{ groups: [{ size, keep: [paths], duplicates: [paths] }] }`. */
export function decisionJson(rows: readonly DecisionRow[]): string {
  const groups: { size: number; keep: string[]; duplicates: string[] }[] = [];
  for (const r of rows) {
    const g = (groups[r.group - 1] ??= { size: r.size, keep: [], duplicates: [] });
    (r.keep ? g.keep : g.duplicates).push(r.path);
  }
  return JSON.stringify({ groups }, null, 2);
}
