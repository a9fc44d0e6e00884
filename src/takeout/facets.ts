/**
 * The Takeout facets of a record (what the list filters on and the export summary counts), read
 * from the summary fields `annotate.ts` writes: `TakeoutGains` on every media file with a sidecar,
 * `TakeoutConflicts`, `TakeoutSidecar: none` on a media file of an export without one, and the
 * sidecar's own `Describes` (empty: an orphan). Browser-safe, pure.
 */
import type { MetadataRecord } from '../extractors/types';

/** A way to filter an export's files. */
export type TakeoutFacet = 'sidecar' | 'no-sidecar' | 'orphan' | 'gains-date' | 'gains-place' | 'gains-people' | 'conflicts' | 'tagged';

/** The facets in the order the summary shows them, with their labels. */
export const TAKEOUT_FACETS: readonly [TakeoutFacet, string][] = [
  ['sidecar', 'with a sidecar'],
  ['no-sidecar', 'without a sidecar'],
  ['gains-date', 'gain a date'],
  ['gains-place', 'gain a place'],
  ['gains-people', 'gain people'],
  ['tagged', 'already tagged'],
  ['conflicts', 'with conflicts'],
  ['orphan', 'orphan sidecars'],
];

/** The facets of `record` (none for a file outside an export). A media file is "tagged" when it already carries the sidecar's date and place. */
export function takeoutFacetsOf(record: MetadataRecord | undefined): readonly TakeoutFacet[] {
  if (!record) return [];
  let out = known.get(record);
  if (!out) known.set(record, (out = facetsOf(record)));
  return out;
}

/** Facets by record: records are not changed once listed (an update replaces the record), so a list's counts, redone at every screen update, cost a lookup a row. */
const known = new WeakMap<MetadataRecord, TakeoutFacet[]>();

function facetsOf(record: MetadataRecord): TakeoutFacet[] {
  const out: TakeoutFacet[] = [];
  for (const f of record.summary) {
    if (f.key === 'TakeoutGains' && Array.isArray(f.value)) {
      const gains = f.value;
      out.push('sidecar');
      for (const g of ['date', 'place', 'people'] as const) if (gains.includes(g)) out.push(`gains-${g}`);
      if (!gains.includes('date') && !gains.includes('place')) out.push('tagged');
    } else if (f.key === 'TakeoutConflicts') out.push('conflicts');
    else if (f.key === 'TakeoutSidecar' && f.value === 'none') out.push('no-sidecar');
    else if (f.key === 'Describes' && record.format.id === 'takeout-sidecar' && Array.isArray(f.value) && f.value.length === 0) out.push('orphan');
  }
  return out;
}
