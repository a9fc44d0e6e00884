/**
 * The PDF reader's view of the file: ranges read through the ByteSource in aligned 4 KiB blocks,
 * kept once read (objects cluster, so neighbours cost no second read), with every read counted
 * against a byte budget (`maxMetadataBytes`) so hostile offsets cannot make the reader pull a
 * large file in piece by piece.
 */
import type { ByteSource } from '../types';
import { ExtractError } from '../errors';

const BLOCK = 4096;

/** Cached, budgeted random access to a PDF. */
export class PdfFile {
  private readonly blocks = new Map<number, Uint8Array>();
  /** Bytes fetched so far (through the source, head included when asked). */
  fetched = 0;

  constructor(
    readonly source: ByteSource,
    private readonly budget: number,
    private readonly signal?: AbortSignal,
  ) {}

  get size(): number {
    return this.source.size;
  }

  /** Bytes `[offset, offset + length)` clamped to the file; throws too-large past the budget. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.max(start, Math.min(offset + length, this.size));
    if (end === start) return new Uint8Array(0);
    const first = Math.floor(start / BLOCK);
    const last = Math.floor((end - 1) / BLOCK);
    // Missing blocks are read in contiguous runs, one source read per run.
    for (let b = first; b <= last; b++) {
      if (this.blocks.has(b)) continue;
      let runEnd = b;
      while (runEnd + 1 <= last && !this.blocks.has(runEnd + 1)) runEnd++;
      const from = b * BLOCK;
      const to = Math.min(this.size, (runEnd + 1) * BLOCK);
      if (this.fetched + (to - from) > this.budget) {
        throw new ExtractError('too-large', `Reading this PDF's metadata needs more than the ${this.budget}-byte budget.`, from);
      }
      const bytes = await this.source.read(from, to - from, this.signal);
      this.fetched += to - from;
      for (let k = b; k <= runEnd; k++) {
        const s = (k - b) * BLOCK;
        this.blocks.set(k, bytes.subarray(Math.min(s, bytes.length), Math.min(s + BLOCK, bytes.length)));
      }
      b = runEnd;
    }
    if (first === last) {
      const blk = this.blocks.get(first)!;
      return blk.subarray(start - first * BLOCK, end - first * BLOCK);
    }
    const out = new Uint8Array(end - start);
    let at = 0;
    for (let b = first; b <= last; b++) {
      const blk = this.blocks.get(b)!;
      const s = b === first ? start - first * BLOCK : 0;
      const e = b === last ? end - last * BLOCK : blk.length;
      const part = blk.subarray(Math.min(s, blk.length), Math.min(e, blk.length));
      out.set(part, at);
      at += part.length;
    }
    return at === out.length ? out : out.subarray(0, at);
  }

  /**
   * Reads without keeping the blocks (long stream data, the damaged-file scan): counted against
   * the budget all the same.
   */
  async readOnce(offset: number, length: number): Promise<Uint8Array> {
    const start = Math.max(0, Math.min(offset, this.size));
    const end = Math.max(start, Math.min(offset + length, this.size));
    if (end - start <= 2 * BLOCK) return this.read(start, end - start);
    if (this.fetched + (end - start) > this.budget) {
      throw new ExtractError('too-large', `Reading this PDF's metadata needs more than the ${this.budget}-byte budget.`, start);
    }
    this.fetched += end - start;
    return this.source.read(start, end - start, this.signal);
  }
}
