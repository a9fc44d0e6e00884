/**
 * The list's source facet: what made each file, read from the `SourceKind` and `Source` summary
 * fields every record carries (extractors/provenance: a generator, a camera, a phone, a
 * screenshot, an editor, an instrument, a software, or unknown), counted by kind and by name.
 * Pure, browser-safe.
 */
import type { MetadataRecord } from '../../extractors/types';

/** A file's source: its kind (`generator`, `camera`…) and its name ("ComfyUI", "Canon EOS R5"). */
export interface FileSource {
  kind: string;
  name: string;
}

/** How many listed files have one source. */
export interface SourceCount extends FileSource {
  count: number;
}

/** The kinds in the order the facet shows them; others follow in order of appearance. */
const KIND_ORDER = ['generator', 'camera', 'phone', 'screenshot', 'editor', 'instrument', 'software', 'unknown'];

/** The source of `record`, or undefined for a record without one (not yet read, or cached before sources existed). */
export function sourceOf(record: MetadataRecord | undefined): FileSource | undefined {
  if (!record) return undefined;
  let kind: string | undefined;
  let name: string | undefined;
  for (const f of record.summary) {
    if (f.key === 'SourceKind' && typeof f.value === 'string') kind = f.value;
    else if (f.key === 'Source' && typeof f.value === 'string') name = f.value;
  }
  return kind === undefined ? undefined : { kind, name: name ?? kind };
}

/**
 * The facet value a filter holds: `kind` for every file of that kind, `kind:name` for one source
 * (kinds never hold a colon, so the first one splits them).
 */
export function sourceFacetValue(source: FileSource, byName: boolean): string {
  return byName ? `${source.kind}:${source.name}` : source.kind;
}

/** Whether `record`'s source is within the facet value `facet` (see `sourceFacetValue`). */
export function inSourceFacet(record: MetadataRecord | undefined, facet: string): boolean {
  const source = sourceOf(record);
  if (!source) return false;
  const colon = facet.indexOf(':');
  return colon < 0 ? source.kind === facet : source.kind === facet.slice(0, colon) && source.name === facet.slice(colon + 1);
}

/** Counts kept as rows come and go (`add(record, ±1)`), listed per source at a screen update (O(sources), not O(rows)). */
export class SourceTally {
  private counts = new Map<string, SourceCount>();

  /** Adds (`sign` 1) or takes away (-1) `record`'s source. */
  add(record: MetadataRecord | undefined, sign: 1 | -1): void {
    const source = sourceOf(record);
    if (!source) return;
    const key = sourceFacetValue(source, true);
    const c = this.counts.get(key);
    if (c) {
      c.count += sign;
      if (c.count === 0) this.counts.delete(key);
    } else if (sign > 0) this.counts.set(key, { ...source, count: 1 });
  }

  /** Every source with files, by kind (`KIND_ORDER`), then most files first, then name. */
  list(): SourceCount[] {
    const rank = (kind: string) => {
      const i = KIND_ORDER.indexOf(kind);
      return i < 0 ? KIND_ORDER.length : i;
    };
    return [...this.counts.values()].map((c) => ({ ...c })).sort((a, b) => rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind) || b.count - a.count || a.name.localeCompare(b.name));
  }
}
