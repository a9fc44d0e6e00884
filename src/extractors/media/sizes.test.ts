/**
 * Bounds of the media extractor: bytes read stay within 1 MiB plus the `moov` box for ISO BMFF
 * (a sparse source: a 3 GiB mdat that is never materialized), within max(1 MiB, 1 %) otherwise;
 * damaged and cut inputs end as typed errors, never hang.
 */
import { describe, expect, it } from 'vitest';
import { CountedSource } from '../source/counted-source';
import { extractRecord } from '../run';
import { extractBytes } from '../../testing/extract-bytes';
import { MP4_FIXTURE, mp3Bytes, mp4Bytes, mp4Layout } from '../../../scripts/fixtures/media';
import { BUDGET_BASE, budgetFor } from './read';

/** A file of `size` bytes holding `pieces` and zeros elsewhere, without allocating the zeros. */
class SparseSource extends CountedSource {
  constructor(
    readonly size: number,
    private readonly pieces: Array<{ offset: number; bytes: Uint8Array }>,
    readonly name: string,
  ) {
    super();
  }
  protected async readRange(offset: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    for (const p of this.pieces) {
      const from = Math.max(offset, p.offset);
      const to = Math.min(offset + length, p.offset + p.bytes.length);
      if (from < to) out.set(p.bytes.subarray(from - p.offset, to - p.offset), from - offset);
    }
    return out;
  }
}

describe('media read bounds', () => {
  it('an MP4 with a 3 GiB sparse mdat and its moov at the end reads ≤ 1 MiB + moov, and finds the moov', async () => {
    const layout = mp4Layout({ ...MP4_FIXTURE, mdatBytes: 3 * 2 ** 30 });
    const source = new SparseSource(layout.size, layout.pieces, 'sparse.mp4');
    const r = await extractRecord({ source });
    expect(r.errors).toEqual([]);
    expect(r.groups.find((g) => g.id === 'tags')?.fields.find((f) => f.key === 'title')?.value).toBe('Fixture clip');
    expect(r.stats.bytesRead).toBeLessThanOrEqual(BUDGET_BASE + layout.moovSize);
  });

  it('the budget: 1 MiB + moov for ISO BMFF, max(1 MiB, 1 %) otherwise', () => {
    expect(budgetFor(4 * 2 ** 30, 5000)).toBe(BUDGET_BASE + 5000);
    expect(budgetFor(1e6, undefined)).toBe(BUDGET_BASE);
    expect(budgetFor(1e9, undefined)).toBe(1e7);
  });

  it('a long MP3 (about 50 MB of frames) reads ≤ 1 % of it', async () => {
    const frames = 120_000;
    const bytes = mp3Bytes(frames);
    const { r, source } = await extractBytes(bytes, 'long.mp3');
    expect(r.errors).toEqual([]);
    expect(source.bytesRead).toBeLessThanOrEqual(Math.max(BUDGET_BASE, bytes.length / 100));
  });

  it('cut and damaged inputs end as typed errors, quickly', async () => {
    const mp4 = mp4Bytes({ ...MP4_FIXTURE, mdatBytes: 1000 });
    const cases: Array<[string, Uint8Array]> = [
      ['cut-in-moov.mp4', mp4.subarray(0, mp4.length - 200)],
      ['only-ftyp.mp4', mp4.subarray(0, 40)],
      ['noise.mp4', Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) & 0xff)],
      ['header-only.mp3', mp3Bytes(1).subarray(0, 60)],
      ['ebml.mkv', new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
    ];
    for (const [name, bytes] of cases) {
      const { r, ms } = await extractBytes(bytes, name);
      expect(ms, name).toBeLessThan(5000);
      if (r.errors.length > 0) expect(['truncated', 'corrupt', 'unsupported-format', 'too-large'], name).toContain(r.errors[0].code);
      expect(
        r.errors.some((e) => e.code === 'internal'),
        name,
      ).toBe(false);
    }
  });
});
