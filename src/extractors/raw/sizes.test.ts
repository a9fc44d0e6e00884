/**
 * Untrusted sizes in RAW files (issue 16): ISO/IEC 14496-12 box sizes (CR3), RAF header offsets and
 * directory counts (ExifTool FujiFilm RAF notes), TIFF IFD counts, SubIFD lists and IFD links
 * (TIFF 6.0 §2), MakerNote IFD offsets and DNGPrivateData counts. Each hostile file, built from the
 * fixture writers with one field changed, must end in a record (a typed error at worst) quickly,
 * with few reads, never reading past the file, and never allocating from a declared size.
 */
import { describe, expect, it } from 'vitest';
import type { MetadataRecord } from '../types';
import { findGroup } from '../fields';
import { extractBytes } from '../../testing/extract-bytes';
import { assemble, cr2, cr3, dng, nef, raf } from '../../../scripts/fixtures/raw';
import { ascii, concat, u16, u32 } from '../../../scripts/fixtures/photo';

const setU32 = (b: Uint8Array, at: number, v: number, le = false) => new DataView(b.buffer, b.byteOffset).setUint32(at, v, le);
const setU16 = (b: Uint8Array, at: number, v: number, le = false) => new DataView(b.buffer, b.byteOffset).setUint16(at, v, le);
/** Offset of the first occurrence of `text` in `b` (a box type, a MakerNote header). */
function find(b: Uint8Array, text: string, from = 0): number {
  const t = ascii(text);
  outer: for (let i = from; i + t.length <= b.length; i++) {
    for (let k = 0; k < t.length; k++) if (b[i + k] !== t[k]) continue outer;
    return i;
  }
  throw new Error(`${text} not found`);
}
const images = (r: MetadataRecord) => Object.fromEntries((findGroup(r.groups, 'raw-images')?.fields ?? []).map((f) => [f.key, f.value]));

/** Extracts `bytes` and checks the invariants every hostile file must keep. */
async function hostile(bytes: Uint8Array, name: string): Promise<MetadataRecord> {
  const { r, source, ms } = await extractBytes(bytes, name);
  expect(r.errors.filter((e) => e.code === 'internal')).toEqual([]);
  expect(ms).toBeLessThan(2000);
  expect(source.reads).toBeLessThan(100);
  expect(source.bytesRead).toBeLessThanOrEqual(4 * bytes.length + 65536);
  return r;
}

describe('raw untrusted sizes', () => {
  it('CR3: a top-level box size past the end of the file, one below its header size, and a 2^62 64-bit size', async () => {
    const past = cr3();
    const moov = find(past, 'moov') - 4;
    setU32(past, moov + new DataView(past.buffer).getUint32(moov), 0xfffffff0); // the box after moov
    const r1 = await hostile(past, 'past.cr3');
    expect(r1.errors.map((e) => e.code)).toContain('truncated');
    expect(r1.summary.find((f) => f.key === 'Make')?.value).toBe('Canon');

    const tiny = cr3();
    setU32(tiny, find(tiny, 'moov') - 4, 4);
    const r2 = await hostile(tiny, 'tiny.cr3');
    expect(r2.errors.length).toBe(1);
    expect(r2.warnings.join(' ')).toMatch(/invalid size 4/);

    const huge = concat(u32(24), ascii('ftypcrx '), u32(1), ascii('crx '), u32(1), ascii('moov'), u32(0x40000000), u32(0), new Uint8Array(64));
    const r3 = await hostile(huge, 'huge.cr3');
    expect(r3.errors.length).toBe(1);
    expect(r3.errors[0].code).not.toBe('internal');
  });

  it('CR3: a CMT box running past moov, a THMB JPEG length of 4 GiB, a co64 offset past 2^53 and a stsz of 4 GiB', async () => {
    const b = cr3();
    setU32(b, find(b, 'CMT2') - 4, 0x7fffffff);
    const r = await hostile(b, 'cmt.cr3');
    expect(r.summary.find((f) => f.key === 'Make')?.value).toBe('Canon');
    expect(r.summary.find((f) => f.key === 'ISO')).toBeUndefined(); // CMT2 and the boxes after it are lost with the bad size

    const t = cr3();
    setU32(t, find(t, 'THMB') + 4 + 8, 0xffffffff);
    setU32(t, find(t, 'co64') + 12, 0xffffffff);
    const r2 = await hostile(t, 'thmb.cr3');
    expect(images(r2).ThumbnailLength).toBe(141);
    expect(images(r2).JpgFromRawLength).toBeUndefined();

    const s = cr3();
    setU32(s, find(s, 'stsz') + 8, 0xffffffff);
    expect(images(await hostile(s, 'stsz.cr3')).JpgFromRawLength).toBeLessThan(s.length);
  });

  it('RAF: JPEG offset and length past the file, a directory count of 2^32 − 1 and a directory length of 4 GiB', async () => {
    const off = raf();
    setU32(off, 84, 0xfffffff0);
    const r1 = await hostile(off, 'off.raf');
    expect(r1.warnings.join(' ')).toMatch(/outside the file/);
    const len = raf();
    setU32(len, 88, 0xffffffff);
    setU32(len, 96, 0xffffffff);
    setU32(len, u32ToIndex(len, 92), 0xffffffff);
    const r2 = await hostile(len, 'len.raf');
    expect(r2.summary.find((f) => f.key === 'Make')?.value).toBe('FUJIFILM');
    expect(new Set(r2.errors.map((e) => e.code))).toEqual(new Set(['truncated']));
  });

  it('TIFF: an IFD chain that loops, 2^32 − 1 SubIFDs, an IFD of 65535 entries, a Canon MakerNote IFD of 65535 entries', async () => {
    const le = true;
    const bytes = assemble(le, 8, (at) => concat(ascii('II'), u16(42, le), u32(at.ifd0, le)), [
      {
        name: 'ifd0',
        ifd: [
          { tag: 0x010f, type: 'ASCII', value: 'Canon' },
          { tag: 0x014a, type: 'LONG', value: [0, 0] },
          { tag: 0x8769, type: 'LONG', value: [0] },
        ],
        pointers: { 0x014a: ['ifd0', 'bad'], 0x8769: 'exif' },
        next: 'ifd0',
      },
      { name: 'exif', ifd: [{ tag: 0x927c, type: 'IFD', value: [{ tag: 0x000c, type: 'LONG', value: [1] }] }] },
      { name: 'bad', data: concat(u16(0xffff, le), new Uint8Array(30)) },
    ]).bytes;
    const note = findNoteIfd(bytes);
    setU16(bytes, note, 0xffff, le);
    const subifds = findEntry(bytes, 0x014a, le);
    setU32(bytes, subifds + 4, 0xffffffff, le);
    const r = await hostile(bytes, 'loop.cr2');
    expect(r.summary.find((f) => f.key === 'Make')?.value).toBe('Canon');
    expect(r.warnings.join(' ')).toMatch(/Canon MakerNote .* no readable IFD/);
  });

  it('MakerNotes: a Nikon inner IFD offset past the note, a DNGPrivateData count of 4 GiB', async () => {
    const n = nef();
    const inner = find(n, 'Nikon\0') + 10;
    setU32(n, inner + 4, 0xfffffff0);
    const r1 = await hostile(n, 'note.nef');
    expect(r1.warnings.join(' ')).toMatch(/Nikon MakerNote .* no readable IFD/);
    expect(r1.summary.find((f) => f.key === 'ISO')?.value).toBe(400);

    const d = dng();
    setU32(d, find(d, 'MakN') + 4, 0xffffffff);
    const r2 = await hostile(d, 'priv.dng');
    expect(r2.summary.find((f) => f.key === 'SerialNumber')?.value).toBe('11223344');
  });

  it('CR2: a preview strip of 4 GiB at 4 GiB is reported as declared, never read', async () => {
    const b = cr2();
    const strip = findEntry(b, 0x0111, true);
    setU32(b, strip + 8, 0xfffffff0, true);
    const r = await hostile(b, 'strip.cr2');
    expect(images(r).PreviewImageStart).toBeUndefined();
    expect(r.warnings.join(' ')).toMatch(/lies outside the file/);
    expect(r.summary.find((f) => f.key === 'SerialNumber')?.value).toBe('987654321');
  });
});

/** The offset of a big-endian u32 field's value, read from the header (RAF directory offset at `at`). */
function u32ToIndex(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(at, false);
}

/** Offset of the first IFD entry with `tag` in IFD0 of a TIFF at the start of `b`. */
function findEntry(b: Uint8Array, tag: number, le: boolean): number {
  const dv = new DataView(b.buffer, b.byteOffset);
  const ifd = dv.getUint32(4, le);
  for (let i = 0; i < dv.getUint16(ifd, le); i++) if (dv.getUint16(ifd + 2 + 12 * i, le) === tag) return ifd + 2 + 12 * i;
  throw new Error(`no tag ${tag}`);
}

/** Offset of the MakerNote IFD: the value of the Exif IFD's 0x927C entry. */
function findNoteIfd(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset);
  const exif = dv.getUint32(findEntry(b, 0x8769, true) + 8, true);
  for (let i = 0; i < dv.getUint16(exif, true); i++) if (dv.getUint16(exif + 2 + 12 * i, true) === 0x927c) return dv.getUint32(exif + 2 + 12 * i + 8, true);
  throw new Error('no MakerNote');
}
