/**
 * Bounds of the media extractor: bytes read stay within 1 MiB plus the `moov` box for ISO BMFF
 * (a sparse source: a 3 GiB mdat that is never materialized), within max(1 MiB, 1 %) otherwise;
 * damaged and cut inputs end as typed errors, never hang. The large variants are sparse: their
 * payloads are holes, never materialized.
 */
import { describe, expect, it } from 'vitest';
import { CountedSource } from '../source/counted-source';
import { extractRecord } from '../run';
import { extractBytes } from '../../testing/extract-bytes';
import { MP4_FIXTURE, aviLayout, fragmentedMp4Layout, mp3Bytes, mp4Bytes, mp4Layout, mpegPsLayout, tsLayout } from '../../../scripts/fixtures/media';
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

  const group = (r: Awaited<ReturnType<typeof extractRecord>>, id: string) => Object.fromEntries((r.groups.find((g) => g.id === id)?.fields ?? []).map((f) => [f.key, f.value]));

  it('a 200 MB MPEG-TS (a hole after its first second) reads ≤ 1 % and still gets its duration from the tail', async () => {
    const layout = tsLayout(10, 200e6);
    const r = await extractRecord({ source: new SparseSource(layout.size, layout.pieces, 'sparse.ts') });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.stats.bytesRead).toBeLessThanOrEqual(layout.size / 100);
    expect(group(r, 'general').duration as number).toBeCloseTo(10, 0); // 13721 s (extrapolated from the bit rate) before the tail was fed
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'h264', Width: 640, Height: 360 });
    expect(group(r, 'stream:1')).toMatchObject({ codec_name: 'aac', sample_rate: 48000, Language: 'en' });
  });

  it('a 192 MB M2TS (192-byte BDAV packets) is also read to its tail', async () => {
    const layout = tsLayout(10, 192 * 1_000_000, true);
    const r = await extractRecord({ source: new SparseSource(layout.size, layout.pieces, 'sparse.m2ts') });
    expect(r.errors).toEqual([]);
    expect(r.stats.bytesRead).toBeLessThanOrEqual(layout.size / 100);
    expect(group(r, 'general').format_name).toBe('mpegts');
    expect(group(r, 'general').duration as number).toBeCloseTo(10, 0); // 12973 s before M2TS was recognised for the tail
  });

  it('a 200 MB MPEG-PS reads ≤ 1 % and gets its duration from the tail', async () => {
    const layout = mpegPsLayout(10, 200e6);
    const r = await extractRecord({ source: new SparseSource(layout.size, layout.pieces, 'sparse.mpg') });
    expect(r.errors).toEqual([]);
    expect(r.stats.bytesRead).toBeLessThanOrEqual(layout.size / 100);
    expect(group(r, 'general')).toMatchObject({ format_name: 'mpeg', duration: 10.008 });
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'mpeg2video', Width: 720 });
  });

  it('a 200 MB AVI (800 kB frames) reads ≤ 1 %: streams and duration from hdrl, the index from the end', async () => {
    const layout = aviLayout(10, 800_000);
    const r = await extractRecord({ source: new SparseSource(layout.size, layout.pieces, 'sparse.avi') });
    expect(r.errors).toEqual([]);
    expect(r.stats.bytesRead).toBeLessThanOrEqual(layout.size / 100);
    expect(group(r, 'general')).toMatchObject({ format_name: 'avi', duration: 10, nb_streams: 2 });
    expect(group(r, 'stream:0')).toMatchObject({ codec_name: 'h264', Width: 640, Height: 360, fps: 25, FrameCount: 250 });
    expect(group(r, 'stream:1')).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: 48000 });
  });

  it('a fragmented MP4 of 100 fragments (121 MB): every moof walked at 4 KiB a hop, within 1 MiB + moov', async () => {
    const layout = fragmentedMp4Layout(100, 20_000);
    const r = await extractRecord({ source: new SparseSource(layout.size, layout.pieces, 'fragments.mp4') });
    expect(r.errors).toEqual([]);
    expect(r.stats.bytesRead).toBeLessThanOrEqual(BUDGET_BASE + 2000);
    expect(group(r, 'general').duration as number).toBeCloseTo(200.533, 3);
    expect(group(r, 'stream:0')).toMatchObject({ FrameCount: 6000, Duration: 200 });
  });

  it('a fragmented MP4 of 3000 fragments (3.6 GB) cut by the budget takes its duration from mehd, not from the fragments read', async () => {
    const layout = fragmentedMp4Layout(3000, 20_000);
    const r = await extractRecord({ source: new SparseSource(layout.size, layout.pieces, 'fragments.mp4') });
    expect(r.errors).toEqual([]);
    expect(r.stats.bytesRead).toBeLessThanOrEqual(BUDGET_BASE + 2000);
    expect(group(r, 'general')).toMatchObject({ duration: 6000, fragmented: true });
    expect(group(r, 'stream:0')).not.toHaveProperty('Duration');
    expect(group(r, 'stream:0')).not.toHaveProperty('FrameCount');
    expect(Number(r.summary.find((f) => f.key === 'OverallBitRate')?.value)).toBeCloseTo((layout.size * 8) / 6000, -1);
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
