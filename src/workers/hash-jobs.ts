/**
 * Hashing in a pool worker (worker-api.ts `hashBatch`): each job's file, or its ZIP entry, hashed
 * through a ByteSource (src/duplicates/hash.ts), its digest or typed error posted back as a
 * `hashed` event. A new kind of content hash joins `HashKind` and `hashOf`; `perceptual` is an
 * image's 64-bit pHash instead (src/duplicates/perceptual/perceptual-hash.ts, loaded on first use).
 */
import { BlobSource } from '../extractors/source/blob-source';
import { ZipEntrySource } from '../archive/zip-entry-source';
import type { ZipEntry } from '../archive/zip';
import { toErrorData, type ExtractErrorData } from '../extractors/errors';
import type { ByteSource } from '../extractors/types';
import { CHUNK_BYTES, fullHash, partialHash, partialReads, type HashKind } from '../duplicates/hash';
import { HEAD_BYTES } from '../extractors/source/head';
import { loadOnce } from '../extractors/lazy';

/** What to hash of a job's file. */
export interface HashRequest {
  /** A content hash (duplicates/hash.ts), or `perceptual`: the image's pHash (docs/near-duplicates.md), 16 hex digits. */
  kind: HashKind | 'perceptual';
  /** An entry of the job's file, a ZIP archive (as `ExtractRequest.entry`): the entry's bytes are hashed instead of the file's. */
  entry?: ZipEntry;
}

/** One file to hash; `id` is the pool's, echoed in the events. */
export interface HashJob {
  id: number;
  file: File;
  request: HashRequest;
}

/**
 * A hash's outcome: its digest (lower-case hex), and for a partial hash that read the whole file
 * (duplicates/hash.ts WHOLE_READ_MAX) its full hash; or why there is none (`read-failed`: the
 * file changed or went; `unsupported-feature`: an encrypted entry…; for `perceptual`,
 * `unsupported-format`: not an image the browser decodes, `corrupt`: an image that does not decode).
 */
export type HashResult = { digest: string; full?: string } | { error: ExtractErrorData };

/** What hashing posts on the worker's port: bytes hashed so far (`streaming`: a full hash, stopped by the pool only when it stands still), and each job's outcome. */
export type HashEvent = { type: 'progress'; id: number; bytesRead: number; reads: number; streaming: true } | ({ type: 'hashed'; id: number } & HashResult);

/** How often a full hash reports its progress (ms); a file hashed sooner reports none. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Bytes of a batch's full hashes asked for at once, files of one chunk or less (read whole, each
 * in one Blob read): the reads are in flight together instead of one after another. Measured with
 * `npm run bench -- --duplicates` (2,430 files, 537 MB hashed, cold search, median of 3): 1,677
 * and 1,800 ms against 2,061 and 2,128 ms without.
 */
const FULL_PREFETCH_BYTES = 64 * 1024 * 1024;

/** The ByteSource of a job: the file, or its ZIP entry. */
const sourceOf = ({ file, request }: HashJob): ByteSource => (request.entry ? new ZipEntrySource(new BlobSource(file, file.name), request.entry) : new BlobSource(file, file.name));

/**
 * Hashes `jobs` one after another, posting a `hashed` event as each ends and `progress` events
 * every PROGRESS_INTERVAL_MS during a full hash. The reads of a batch's partial hashes are all
 * asked for at once (as extraction's sniffing heads: worker-api.ts), and those of its full hashes
 * of small files up to FULL_PREFETCH_BYTES. Jobs in `skipped` when their turn comes are left out;
 * the set is emptied at the end, as an extraction batch does. Never rejects for a bad file.
 */
export async function hashJobs(jobs: HashJob[], skipped: Set<number>, post: (event: HashEvent) => void): Promise<void> {
  let budget = FULL_PREFETCH_BYTES;
  const sources = jobs.map((job) => {
    const source = sourceOf(job);
    if (job.request.kind === 'partial') prefetch(source, partialReads(source.size));
    // A perceptual hash's first read: the head, where a JPEG's EXIF thumbnail is (perceptual-hash.ts).
    else if (job.request.kind === 'perceptual') prefetch(source, [[0, HEAD_BYTES]]);
    else if (source instanceof BlobSource && source.size <= CHUNK_BYTES && (budget -= source.size) >= 0) source.prefetch(0, source.size);
    return source;
  });
  for (const [i, job] of jobs.entries()) {
    if (skipped.delete(job.id)) continue;
    post({ type: 'hashed', id: job.id, ...(await hashOf(job, sources[i], post)) });
  }
  skipped.clear();
}

/** Starts a hash's first reads now: `ranges` (offset, length) of a file; a small ZIP entry whole, in one range read (ZipEntrySource.prefetch). */
function prefetch(source: ByteSource, ranges: [number, number][]): void {
  if (source instanceof BlobSource) for (const [offset, length] of ranges) source.prefetch(offset, length);
  else if (source instanceof ZipEntrySource) source.prefetch();
}

/** The perceptual hash's code (the photo extractor's JPEG walk, the decoders): loaded by the first image hashed. */
const perceptualModule = loadOnce(() => import('../duplicates/perceptual/perceptual-hash'));

/** One job's hash, or its error. */
async function hashOf({ id, request }: HashJob, source: ByteSource, post: (event: HashEvent) => void): Promise<HashResult> {
  let hashed = 0;
  const timer = request.kind === 'full' ? setInterval(() => post({ type: 'progress', id, bytesRead: hashed, reads: source.reads, streaming: true }), PROGRESS_INTERVAL_MS) : undefined;
  try {
    if (request.kind === 'full') return { digest: await fullHash(source, (bytes) => (hashed = bytes)) };
    if (request.kind === 'perceptual') return { digest: (await (await perceptualModule()).perceptualHashOf(source)).hash };
    const { partial, full } = await partialHash(source);
    return full === undefined ? { digest: partial } : { digest: partial, full };
  } catch (e) {
    return { error: toErrorData(e, 'read-failed') };
  } finally {
    clearInterval(timer);
  }
}
