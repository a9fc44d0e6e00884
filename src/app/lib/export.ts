/**
 * Exports of the result list: JSON (the MetadataRecord array, schema in the README) and CSV (one
 * row per file; fixed file columns, the file's source (source-facet.ts) and the evidence for it,
 * then one column per other summary key met in any record, in order of first appearance). CSV
 * quoting by papaparse.
 */
import Papa from 'papaparse';
import type { MetadataRecord } from '../../extractors/types';
import { statusOf } from '../../extractors/status';
import { valueText } from './tree-filter';
import { TAKEOUT_COLUMNS, takeoutRow } from '../../takeout/table';
import { sourceOf } from './source-facet';

export function recordsToJson(records: MetadataRecord[]): string {
  return JSON.stringify(records, null, 2);
}

const FILE_COLUMNS = ['name', 'path', 'size', 'format', 'status', 'errors', 'bytesRead', 'cached', 'source', 'sourceKind', 'sourceEvidence'] as const;
/** Summary keys the fixed columns hold already. */
const IN_FILE_COLUMNS = new Set(['Source', 'SourceKind']);

export function recordsToCsv(records: MetadataRecord[]): string {
  const summaryKeys: string[] = [];
  const seen = new Set<string>(IN_FILE_COLUMNS);
  // A summary key named as a fixed column (a NetCDF's `source` attribute) gets a column of its own, its name marked.
  const column = (key: string) => ((FILE_COLUMNS as readonly string[]).includes(key) ? `${key} (summary)` : key);
  for (const r of records)
    for (const f of r.summary)
      if (!seen.has(f.key)) {
        seen.add(f.key);
        summaryKeys.push(column(f.key));
      }
  const rows = records.map((r) => {
    const source = sourceOf(r);
    const row: Record<string, string | number | boolean> = {
      name: r.file.name,
      path: r.file.path ?? '',
      size: r.file.size,
      format: r.format.name,
      status: statusOf(r),
      errors: r.errors.map((e) => `${e.code}: ${e.message}`).join('; '),
      bytesRead: r.stats.bytesRead,
      cached: r.stats.cached,
      source: source?.name ?? '',
      sourceKind: source?.kind ?? '',
      sourceEvidence: r.summary.find((f) => f.key === 'Source')?.comment ?? '',
    };
    for (const f of r.summary) if (!IN_FILE_COLUMNS.has(f.key)) row[column(f.key)] = valueText(f.value) + (f.unit ? ` ${f.unit}` : '');
    return row;
  });
  return Papa.unparse({ fields: [...FILE_COLUMNS, ...summaryKeys], data: rows.map((row) => [...FILE_COLUMNS, ...summaryKeys].map((k) => row[k] ?? '')) });
}

/** The merged table of a Google Photos Takeout export (takeout/table.ts): a row per media file of the export, as CSV. */
export function takeoutToCsv(records: MetadataRecord[]): string {
  const rows = records.flatMap((r) => takeoutRow(r) ?? []);
  return Papa.unparse({ fields: [...TAKEOUT_COLUMNS], data: rows.map((row) => TAKEOUT_COLUMNS.map((k) => row[k])) });
}

/** The same table as JSON: an array of row objects. */
export function takeoutToJson(records: MetadataRecord[]): string {
  return JSON.stringify(
    records.flatMap((r) => takeoutRow(r) ?? []),
    null,
    2,
  );
}

/** Saves text as a download in the browser. */
export function download(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
