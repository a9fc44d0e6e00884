/**
 * Google Photos Takeout in the list (src/takeout): the rows' paths matched to the sidecar rows, each
 * media row's record given its sidecar's facts (or a "no sidecar" note with the names tried), each
 * sidecar row's `Describes` set. Matching runs once no sidecar row is left to read (FileQueue calls
 * `schedule`), so it does not wait for the media files; a media record that arrives later is
 * annotated on arrival (`annotate`) from the last match. Adding files matches again, and a row whose
 * match changed (its JSON was in a part added later) is annotated anew.
 *
 * The merged records are not cached (the cache keeps records as extracted) nor saved with the list;
 * a restored list is matched again.
 */
import type { MetadataRecord } from '../../extractors/types';
import { makeField } from '../../extractors/fields';
import { albumsBySidecar, folderKey, matchSidecars, splitPath, type TakeoutMatch } from '../../takeout/match';
import { noSidecarAnnotation, sidecarFactsOf, sidecarGroups, takeoutAnnotation, type TakeoutAnnotation } from '../../takeout/annotate';
import { withLazyGroups } from '../../workers/record-text';
import type { SidecarFacts } from '../../takeout/sidecar';
import type { RowList } from './row-list.svelte';
import type { Row } from './row';

const isTakeoutRecord = (r: MetadataRecord) => r.format.id.startsWith('takeout-');
const pathOf = (r: { path?: string; name: string }) => r.path ?? r.name;

/**
 * `record` with `annotation` instead of any earlier one: its summary now, its groups (the record's
 * own, maybe still unparsed text) only when read. Only the summary is read here, so annotating a
 * 100,000-file export does not parse every record's groups.
 */
function annotated(record: MetadataRecord, annotation: (base: MetadataRecord) => TakeoutAnnotation): MetadataRecord {
  // The groups are read only after `added` is made: `annotation` reads the summary only.
  const out = withLazyGroups(record, () => [...record.groups.filter((g) => g.id !== 'takeout'), added.group]);
  out.summary = record.summary.filter((f) => !f.key.startsWith('Takeout'));
  const added = annotation(out);
  out.summary = [...out.summary, ...added.summary];
  return out;
}

/**
 * A sidecar's `record` with `summary`, its groups made from its `facts` when read (annotate.ts
 * `sidecarGroups`): the row holds neither the groups nor the text they were parsed from. Made here,
 * not in `run`, so the closure does not hold `run`'s scope (its index of every row).
 */
function factsRecord(record: MetadataRecord, facts: SidecarFacts, summary: MetadataRecord['summary']): MetadataRecord {
  const { file } = record;
  const out = withLazyGroups(record, () => sidecarGroups(facts, file));
  out.summary = summary;
  return out;
}

/** The last match's figures: media files and sidecars of the list, and when matching ended (performance.now()). */
export interface TakeoutMatchFigures {
  media: number;
  withSidecar: number;
  sidecars: number;
  orphans: number;
  endedAt: number;
}

export class TakeoutRows {
  /** The last match's figures (null before the first): the page shows them at once, before the media files are read. */
  figures = $state.raw<TakeoutMatchFigures | null>(null);
  private match: TakeoutMatch | null = null;
  /** Sidecar path → its facts, from the sidecar rows' records. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by the methods only
  private facts = new Map<string, SidecarFacts>();
  /** Sidecar path → the album titles of the folders its media files are in. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by the methods only
  private albums = new Map<string, string[]>();
  /** Sidecar row id → its facts, read from its record's groups once (`factsOf`). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by the methods only
  private rowFacts = new Map<number, SidecarFacts>();
  /** Row id → what its record was annotated with (the sidecar path, or '' for none). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by the methods only
  private annotated = new Map<number, string>();
  /** Folders holding a sidecar: their other files are media files of the export. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read by the methods only
  private sidecarFolders = new Set<string>();
  private running: Promise<void> | null = null;
  private again = false;

  /**
   * @param list the list whose rows are matched
   * @param complete reads the groups of cache hits (rows with `storedKey`) into their records
   */
  constructor(
    private readonly list: RowList,
    private readonly complete: (rows: Row[]) => Promise<void>,
  ) {}

  /** Matches the list now, or once more after the run in progress; resolves when matched. */
  schedule(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.schedule();
      }
    });
    return this.running;
  }

  /** Forgets every match (the list was cleared). */
  reset(): void {
    this.match = null;
    this.figures = null;
    this.facts.clear();
    this.rowFacts.clear();
    this.albums = new Map(); // eslint-disable-line svelte/prefer-svelte-reactivity -- see albums
    this.annotated.clear();
  }

  /** Annotates row `id` (its record just arrived) from the last match; a no-op for a path not matched yet. */
  annotate(id: number): void {
    const row = this.list.get(id);
    if (!row?.record || row.storedKey || !this.match || isTakeoutRecord(row.record)) return;
    const m = this.match.media.get(pathOf(row));
    if (!m) return;
    const sidecar = m.sidecar && this.facts.has(m.sidecar) ? m.sidecar : '';
    if (this.annotated.get(id) === sidecar) return;
    if (!sidecar && !this.inExport(m.path)) return;
    const facts = this.facts.get(sidecar);
    const record = annotated(row.record, (base) => (facts ? takeoutAnnotation(base, facts, sidecar, m.rules ?? [], this.albums.get(sidecar)) : noSidecarAnnotation(m.tried ?? [])));
    this.annotated.set(id, sidecar);
    this.list.update(id, { record });
  }

  /**
   * Record `record` of row `id` as the list keeps it: a sidecar's (`takeout-sidecar`) with its
   * facts, read from its groups now and kept for the matching, and groups made from them when read
   * (`factsRecord`), not the text they came as (≈2 KB a sidecar: an export's 50,000 held 100 MB
   * until matched); any other record as it is.
   */
  kept(id: number, record: MetadataRecord): MetadataRecord {
    if (record.format.id !== 'takeout-sidecar') return record;
    const facts = sidecarFactsOf(record.groups);
    if (!facts) return record;
    this.rowFacts.set(id, facts);
    return factsRecord(record, facts, record.summary);
  }

  /** The facts of sidecar row `id`, read from its record's groups the first time (its record is then replaced by one that keeps the facts, not the groups). */
  private factsOf(id: number): SidecarFacts | undefined {
    const known = this.rowFacts.get(id);
    if (known) return known;
    const record = this.list.get(id)?.record;
    const facts = record && sidecarFactsOf(record.groups);
    if (facts) this.rowFacts.set(id, facts);
    return facts;
  }

  /** True for a media file of an export: under a `Takeout` folder, or in a folder holding sidecars. */
  private inExport(path: string): boolean {
    const { folder } = splitPath(path);
    return folderKey(folder) !== folder || /^Takeout(?:\/|$)/u.test(folder) || this.sidecarFolders.has(folder);
  }

  private async run(): Promise<void> {
    const rows = this.list.all();
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local index, not state
    const byPath = new Map<string, Row[]>();
    for (const r of rows) {
      const p = pathOf(r);
      const list = byPath.get(p);
      if (list) list.push(r);
      else byPath.set(p, [r]);
    }
    const match = matchSidecars([...byPath].map(([path, [r]]) => ({ path, size: r.size })));
    const sidecarRow = (path: string) => byPath.get(path)?.find((r) => r.record?.format.id === 'takeout-sidecar');
    const albumRow = (path: string) => byPath.get(path)?.find((r) => r.record?.format.id === 'takeout-album');
    // Cache hits keep their groups in the cache: the sidecars' facts and the media files' EXIF are there.
    const mediaRows = [...match.media.keys()].flatMap((p) => byPath.get(p) ?? []);
    const stored = [...[...match.sidecars.keys()].flatMap((p) => byPath.get(p) ?? []), ...mediaRows].filter((r) => r.storedKey && r.record);
    if (stored.length) await this.complete(stored);

    this.facts.clear();
    this.sidecarFolders.clear();
    for (const path of match.sidecars.keys()) {
      const row = sidecarRow(path);
      const facts = row && this.factsOf(row.id);
      if (facts) this.facts.set(path, facts);
      this.sidecarFolders.add(splitPath(path).folder);
    }
    this.albums = albumsBySidecar(match, (path) => {
      const title = albumRow(path)?.record?.summary.find((f) => f.key === 'Title')?.value;
      return typeof title === 'string' ? title : undefined;
    });
    this.match = match;
    for (const r of mediaRows) this.annotate(r.id);
    for (const [path, s] of match.sidecars) {
      const row = sidecarRow(path);
      const current = row && this.list.get(row.id);
      if (!current?.record || current.storedKey) continue;
      const old = current.record.summary.find((f) => f.key === 'Describes');
      if (JSON.stringify(old?.value) === JSON.stringify(s.media)) continue;
      const field = makeField('Describes', s.media, { label: 'Describes', ...(s.media.length === 0 ? { comment: 'orphan: no media file of the export matches' } : {}) });
      const summary = old ? current.record.summary.map((f) => (f === old ? field : f)) : [field, ...current.record.summary];
      const facts = this.facts.get(path);
      this.list.update(current.id, { record: facts ? factsRecord(current.record, facts, summary) : { ...current.record, summary } });
    }
    this.list.flush();
    const media = [...match.media.values()];
    const sidecars = [...match.sidecars.values()];
    this.figures = {
      media: media.filter((m) => m.sidecar || this.inExport(m.path)).length,
      withSidecar: media.filter((m) => m.sidecar).length,
      sidecars: sidecars.length,
      orphans: sidecars.filter((s) => s.media.length === 0).length,
      endedAt: performance.now(),
    };
  }
}
