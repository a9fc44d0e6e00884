/**
 * Writing fixed copies of a Takeout export's media files (a Svelte 5 rune class: the page shows its
 * progress). For each file that gains something from its sidecar (takeout/fix-plan.ts): JPEG, PNG
 * and WebP get the tags embedded (takeout/write/embed.ts) and the copy is read back by our own
 * extractors in a worker and checked (takeout/fix-verify.ts); every other kind, or a file whose
 * container cannot take the tags, is copied unmodified with an XMP sidecar (`name.ext.xmp`). The
 * originals are only read. The run's journal (db/fix-journal.ts) records each copy once written
 * and checked, so a run interrupted resumes where it stopped, writing nothing twice; a copy already
 * in the destination with the same bytes is not written again.
 */
import type { ByteSource, MetadataRecord } from '../../extractors/types';
import { sourceStream } from '../../extractors/source/source-stream';
import type { FixPlan } from '../../takeout/fix-plan';
import { verifyFix } from '../../takeout/fix-verify';
import { embedTags } from '../../takeout/write/embed';
import { xmpSidecar } from '../../takeout/write/xmp';
import type { Destination } from '../lib/destination';
import type { FixJournal, FixRunInfo } from '../db/fix-journal';

/** Largest file embedded in memory; larger ones get an XMP sidecar beside a streamed copy. */
const MAX_EMBED_BYTES = 64 * 1024 * 1024;
/**
 * Copies in progress at once: each waits on reads, writes and a worker's check, so a few at once
 * keep the disk busy (one at a time wrote 103 MB/s where `cp` writes 1 GB/s: `npm run bench --
 * --takeout <dir> --write`); memory at most this many originals and copies of MAX_EMBED_BYTES.
 */
const COPIES_AT_ONCE = 4;

/** A planned copy and the bytes of its original. */
export interface FixItem {
  plan: FixPlan;
  source: ByteSource;
}

const sameBytes = async (file: File, bytes: Uint8Array) => file.size === bytes.length && new Uint8Array(await file.arrayBuffer()).every((b, i) => b === bytes[i]);

export class FixCopies {
  state = $state<'idle' | 'running' | 'done' | 'stopped'>('idle');
  total = $state(0);
  /** Copies written (or found written) and checked in this run, resumed ones included. */
  written = $state(0);
  /** Copies a previous session of this run had written (skipped now). */
  resumed = $state(0);
  /** Bytes written in this session. */
  bytes = $state(0);
  failed = $state.raw<{ target: string; message: string }[]>([]);
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
    let next = 0;
    const lane = async () => {
      while (!this.stopping && next < items.length) {
        const item = items[next++];
        const { target } = item.plan;
        if (done.has(target)) {
          this.resumed += 1;
          this.written += 1;
          continue;
        }
        try {
          const written = await this.copy(item, destination);
          if (journal && run) await journal.markDone(run.id, target, written);
          this.written += 1;
        } catch (e) {
          this.failed = [...this.failed, { target, message: e instanceof Error ? e.message : String(e) }];
        }
      }
    };
    await Promise.all(Array.from({ length: COPIES_AT_ONCE }, lane));
    await destination.close();
    if (!this.stopping && journal && run) await journal.finish(run.id);
    this.state = this.stopping ? 'stopped' : 'done';
  }

  /** One copy; resolves with the bytes written. @throws Error saying what did not land */
  private async copy({ plan, source }: FixItem, destination: Destination): Promise<number> {
    const lastModified = plan.tags.taken ? plan.tags.taken.utcSeconds * 1000 : undefined;
    if (plan.kind !== 'sidecar' && source.size <= MAX_EMBED_BYTES) {
      const original = await source.read(0, source.size);
      let copy: Uint8Array | null = null;
      try {
        copy = await embedTags(original, plan.kind, plan.tags);
      } catch {
        // The container cannot take them (takeout/write WriteError): an XMP sidecar instead, below.
      }
      if (copy) {
        const present = await this.put(destination, plan.target, copy, lastModified);
        const back = present ?? (await destination.existing(plan.target)) ?? new File([copy as Uint8Array<ArrayBuffer>], plan.target.split('/').pop()!);
        const problems = verifyFix(await this.verify(back, plan.target), plan.tags);
        if (problems.length) throw new Error(`The copy was written but ${problems.join('; ')}.`);
        return present ? 0 : copy.length;
      }
    }
    const existing = await destination.existing(plan.target);
    let written = 0;
    if (existing?.size !== source.size) {
      await destination.write(plan.target, sourceStream(source), lastModified);
      written += source.size;
    }
    const xmp = new TextEncoder().encode(xmpSidecar(plan.tags));
    await this.put(destination, `${plan.target}.xmp`, xmp, lastModified);
    this.bytes += written;
    return written + xmp.length;
  }

  /** Writes `bytes` at `path` unless the destination has these very bytes there already: then resolves with that file, else null. */
  private async put(destination: Destination, path: string, bytes: Uint8Array, lastModified?: number): Promise<File | null> {
    const existing = await destination.existing(path);
    if (existing && (await sameBytes(existing, bytes))) return existing;
    await destination.write(path, bytes, lastModified);
    this.bytes += bytes.length;
    return null;
  }
}
