/**
 * Writing fixed copies of a Takeout export's media files (a Svelte 5 rune class: the page shows its
 * progress). For each file that gains something from its sidecar (takeout/fix-plan.ts): JPEG, PNG
 * and WebP get the tags embedded (takeout/write/embed.ts) and the copy is read back by our own
 * extractors in a worker and checked (takeout/fix-verify.ts); every other kind, or a file whose
 * container cannot take the tags, is copied unmodified with an XMP sidecar (`name.ext.xmp`). The
 * originals are only read: whatever a copy keeps of one is written as slices of its Blob (a picked
 * file, a stored ZIP entry's range), which the browser copies without the page reading them (the
 * 1,000-file export of `npm run bench -- --takeout <dir> --write`, 176 copies, 596 MB: 139 MB/s
 * before, 213 MB/s with slices, 229 MB/s not waiting for the journal's marks too; the browser's own
 * floor there 400–460 MB/s). The run's journal (db/fix-journal.ts) records each copy once written
 * and checked, so a run interrupted resumes where it stopped, writing nothing twice; a copy already
 * in the destination with the same bytes is not written again.
 */
import type { ByteSource, MetadataRecord } from '../../extractors/types';
import { sourceStream } from '../../extractors/source/source-stream';
import type { FixPlan } from '../../takeout/fix-plan';
import { verifyFix } from '../../takeout/fix-verify';
import { embedEdits, type EmbedKind } from '../../takeout/write/embed';
import { WriteError } from '../../takeout/write/errors';
import type { FixTags } from '../../takeout/write/tags';
import { splice, spliceBlob, type Edit } from '../../takeout/write/splice';
import { xmpSidecar } from '../../takeout/write/xmp';
import type { Destination } from '../lib/destination';
import { inLanes, originalBlob, sameBytes } from '../lib/originals';
import type { FixJournal, FixRunInfo } from '../db/fix-journal';

/** Largest file embedded in memory; larger ones get an XMP sidecar beside a streamed copy. */
const MAX_EMBED_BYTES = 64 * 1024 * 1024;
/**
 * Copies in progress at once: each waits on reads, writes and a worker's check, so a few at once
 * keep the disk busy (one at a time wrote 103 MB/s where `cp` writes 1 GB/s: `npm run bench --
 * --takeout <dir> --write`); memory at most this many originals of MAX_EMBED_BYTES (a JPEG whose
 * edits are found in its head: that head).
 */
const COPIES_AT_ONCE = 4;

/** A planned copy and the bytes of its original. */
export interface FixItem {
  plan: FixPlan;
  source: ByteSource;
}

/**
 * Bytes of a JPEG's start its edits are looked for in first: its segments before SOS (the metadata
 * the edits change) fit in them for nearly every photo, and the rest of it is then not read.
 */
const JPEG_HEAD_BYTES = 256 * 1024;

/**
 * The edits that embed `tags` in `source` (takeout/write/embed.ts) and the bytes they were found
 * in: a JPEG's first JPEG_HEAD_BYTES when its segments before SOS end there and `blob` (the
 * original's, which the copy is spliced from) is at hand, else the whole file. Null when the
 * container cannot take the tags (a WriteError).
 * @throws the source's ExtractError when a read fails
 */
async function embeddingOf(source: ByteSource, kind: EmbedKind, tags: FixTags, blob: Blob | null): Promise<{ edits: Edit[]; bytes: Uint8Array } | null> {
  if (kind === 'jpeg' && blob && source.size > JPEG_HEAD_BYTES) {
    const head = await source.read(0, JPEG_HEAD_BYTES);
    try {
      return { edits: await embedEdits(head, kind, tags), bytes: head };
    } catch (e) {
      if (!(e instanceof WriteError && e.code === 'truncated')) return null; // else: segments past the head
    }
  }
  const bytes = await source.read(0, source.size);
  try {
    return { edits: await embedEdits(bytes, kind, tags), bytes };
  } catch {
    return null;
  }
}

export class FixCopies {
  state = $state<'idle' | 'running' | 'done' | 'stopped'>('idle');
  total = $state(0);
  /** Copies written (or found written) and checked in this run, resumed ones included. */
  written = $state(0);
  /** Copies a previous session of this run had written (skipped now). */
  resumed = $state(0);
  /** Bytes written in this session. */
  bytes = $state(0);
  failed = $state.raw<{ path: string; message: string }[]>([]);
  /** The destination's name. */
  destination = $state('');
  private stopping = false;

  /**
   * @param verify reads a written copy with our extractors (a worker of the pool) into its record
   */
  constructor(private readonly verify: (copy: File, path: string) => Promise<MetadataRecord>) {}

  /** Asks the running run to stop after the copies in progress. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Writes the copies of `items` into `destination`, skipping those `journal` says run `run` has
   * written. Per-copy failures are listed in `failed`; the run goes on.
   */
  async run(items: readonly FixItem[], destination: Destination, journal: FixJournal | null, run: FixRunInfo | null): Promise<void> {
    this.state = 'running';
    this.stopping = false;
    this.destination = destination.name;
    this.total = items.length;
    this.written = 0;
    this.bytes = 0;
    this.failed = [];
    const done = journal && run ? await journal.done(run.id) : new Set<string>(); // eslint-disable-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    this.resumed = 0;
    // Marks are not waited for by the lanes (an IndexedDB transaction each: waiting cost a fifth of
    // the run's time); a mark lost to a closed tab costs the resumed run a check of that copy, which
    // `put` then finds in place byte for byte and does not write again.
    const marks: Promise<void>[] = [];
    await inLanes(
      items,
      COPIES_AT_ONCE,
      async (item) => {
        const { target } = item.plan;
        if (done.has(target)) {
          this.resumed += 1;
          this.written += 1;
          return;
        }
        const written = await this.copy(item, destination);
        if (journal && run) marks.push(journal.markDone(run.id, target, written).catch(() => {}));
        this.written += 1;
      },
      (item, message) => (this.failed = [...this.failed, { path: item.plan.target, message }]),
      () => this.stopping,
    );
    await Promise.all(marks);
    await destination.close();
    if (!this.stopping && journal && run) await journal.finish(run.id);
    this.state = this.stopping ? 'stopped' : 'done';
  }

  /** One copy; resolves with the bytes written. @throws Error saying what did not land */
  private async copy({ plan, source }: FixItem, destination: Destination): Promise<number> {
    const lastModified = plan.tags.taken ? plan.tags.taken.utcSeconds * 1000 : undefined;
    const blob = await originalBlob(source);
    // A container that cannot take the tags (takeout/write WriteError) gets an XMP sidecar instead, below.
    const embedding = plan.kind !== 'sidecar' && source.size <= MAX_EMBED_BYTES ? await embeddingOf(source, plan.kind, plan.tags, blob) : null;
    if (embedding) {
      const { edits, bytes } = embedding;
      // The original's unchanged runs as slices of its Blob: the browser copies them itself.
      const copy = blob ? spliceBlob(blob, edits) : new Blob([splice(bytes, edits) as Uint8Array<ArrayBuffer>]);
      const present = await this.put(destination, plan.target, copy, lastModified);
      const back = present ?? (await destination.existing(plan.target)) ?? new File([copy], plan.target.split('/').pop()!);
      const problems = verifyFix(await this.verify(back, plan.target), plan.tags);
      if (problems.length) throw new Error(`The copy was written but ${problems.join('; ')}.`);
      return present ? 0 : copy.size;
    }
    const existing = await destination.existing(plan.target);
    let written = 0;
    if (existing?.size !== source.size) {
      await destination.write(plan.target, blob ?? sourceStream(source), lastModified);
      written += source.size;
    }
    const xmp = new Blob([xmpSidecar(plan.tags)]);
    await this.put(destination, `${plan.target}.xmp`, xmp, lastModified);
    this.bytes += written;
    return written + xmp.size;
  }

  /** Writes `copy` at `path` unless the destination has these very bytes there already: then resolves with that file, else null. */
  private async put(destination: Destination, path: string, copy: Blob, lastModified?: number): Promise<File | null> {
    const existing = await destination.existing(path);
    if (existing && (await sameBytes(existing, copy))) return existing;
    await destination.write(path, copy, lastModified);
    this.bytes += copy.size;
    return null;
  }
}
