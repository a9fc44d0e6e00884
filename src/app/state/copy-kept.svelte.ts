/**
 * Copying the files a user kept in the duplicates view into a folder they picked, organised by a
 * template (lib/copy-template.ts: `{source}/{yyyy}/{mm}/`…), as a Svelte 5 rune class the page
 * shows. Originals are only read (a picked file, or a ZIP entry: a slice of the archive when
 * stored, else inflated as it streams), never moved or deleted; a file already in the folder is
 * never overwritten: the copy takes a free name beside it ("name (2).jpg"), unless that file
 * holds these very bytes, which is then left as it is (a run done twice writes nothing twice;
 * same-size files are compared byte for byte).
 */
import type { MetadataRecord } from '../../extractors/types';
import { BlobSource } from '../../extractors/source/blob-source';
import { sourceStream } from '../../extractors/source/source-stream';
import { ZipEntrySource } from '../../archive/zip-entry-source';
import type { ZipEntry } from '../../archive/zip';
import { expandTemplate, TargetPaths } from '../lib/copy-template';
import type { Destination } from '../lib/destination';
import { inLanes, originalBlob, sameBytes } from '../lib/originals';

/** A kept file: where its bytes are (the file, or the ZIP archive holding `entry`), its path in the list and its record. */
export interface KeptFile {
  path: string;
  file: File;
  entry?: ZipEntry;
  record?: MetadataRecord;
}

/** Copies written at once (each waits on reads and writes of its own). */
const COPIES_AT_ONCE = 4;

export class CopyKept {
  state = $state<'idle' | 'running' | 'done' | 'stopped'>('idle');
  total = $state(0);
  /** Copies written in this run. */
  written = $state(0);
  /** Kept files whose copy was in the folder already, byte for byte. */
  present = $state(0);
  /** Bytes written in this run. */
  bytes = $state(0);
  failed = $state.raw<{ path: string; message: string }[]>([]);
  /** The destination's name. */
  destination = $state('');
  private stopping = false;

  /** Asks the running copy to stop after the files in progress. */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Copies `files` into `destination` at the paths `template` gives (one path each, kept apart
   * by TargetPaths); per-file failures are listed in `failed` and the run goes on.
   * @throws Error when `template` holds an unknown token (before anything is written)
   */
  async run(files: readonly KeptFile[], template: string, destination: Destination): Promise<void> {
    const paths = new TargetPaths();
    const planned = files.map((f) => ({ file: f, target: paths.take(expandTemplate(template, { name: f.path.split('/').pop()!, lastModified: f.file.lastModified, record: f.record })) }));
    this.state = 'running';
    this.stopping = false;
    this.destination = destination.name;
    this.total = files.length;
    this.written = 0;
    this.present = 0;
    this.bytes = 0;
    this.failed = [];
    await inLanes(
      planned,
      COPIES_AT_ONCE,
      ({ file, target }) => this.copy(file, target, paths, destination),
      ({ file }, message) => (this.failed = [...this.failed, { path: file.path, message }]),
      () => this.stopping,
    );
    await destination.close();
    this.state = this.stopping ? 'stopped' : 'done';
  }

  /** One copy, at `target` or, when another file is there, at the next free name. */
  private async copy(kept: KeptFile, target: string, paths: TargetPaths, destination: Destination): Promise<void> {
    const source = kept.entry ? new ZipEntrySource(new BlobSource(kept.file), kept.entry) : new BlobSource(kept.file);
    const blob = await originalBlob(source);
    for (let path = target; ; path = paths.take(target)) {
      const existing = await destination.existing(path);
      if (!existing) {
        await destination.write(path, blob ?? sourceStream(source), kept.entry ? undefined : kept.file.lastModified);
        this.written += 1;
        this.bytes += source.size;
        return;
      }
      if (await sameBytes(existing, blob ?? source)) {
        this.present += 1;
        return;
      }
    }
  }
}
