import type { MetadataRecord } from '../../extractors/types';
import { valueText } from './tree-filter';

/** A one-line summary of a record for the list: its first summary facts, or its first error. */
export function summaryLine(record: MetadataRecord, maxFields = 4): string {
  if (record.errors.length && record.summary.length === 0) return `${record.errors[0].code}: ${record.errors[0].message}`;
  return record.summary
    .slice(0, maxFields)
    .map((f) => `${f.label ?? f.key}: ${valueText(f.value)}${f.unit ? ` ${f.unit}` : ''}`)
    .join(' · ');
}

/** Bytes as a short human string (binary units). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
