/**
 * Untrusted sizes and names in photos (issue 5), through our extractor: EXIF counts that exifr
 * would allocate from (TIFF 6.0 §2), TIFF IFD pointers that loop, HEIF iloc extents that take no
 * bytes (ISO/IEC 14496-12 §8.11.3), and XMP names that are Object.prototype members (exifr's XMP
 * parser wrote them onto Object.prototype). Hostile files are built in memory with the fixture
 * writers.
 */
import { describe, expect, it } from 'vitest';
import type { Field, MetadataRecord } from '../types';
import { ascii, buildTiff, concat, jpegBody, segment, utf8 } from '../../../scripts/fixtures/photo';
import { findGroup } from '../fields';
import { extractBytes } from '../../testing/extract-bytes';

const field = (r: MetadataRecord, id: string, key: string): Field | undefined => findGroup(r.groups, id)?.fields.find((f) => f.key === key);

/** Sets the count (and value offset) of entry `tag` in the IFD at `ifd` of a little-endian TIFF. */
function setEntry(tiff: Uint8Array, ifd: number, tag: number, count: number, valueOffset?: number): void {
  const dv = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const n = dv.getUint16(ifd, true);
  for (let i = 0; i < n; i++) {
    const at = ifd + 2 + i * 12;
    if (dv.getUint16(at, true) !== tag) continue;
    dv.setUint32(at + 4, count, true);
    if (valueOffset !== undefined) dv.setUint32(at + 8, valueOffset, true);
    return;
  }
  throw new Error(`no tag ${tag}`);
}

const jpegWithExif = (tiff: Uint8Array, ...more: Uint8Array[]) => concat(new Uint8Array([0xff, 0xd8]), segment(0xe1, concat(ascii('Exif\0\0'), tiff)), ...more, jpegBody());

describe('photo untrusted sizes', () => {
  it('an EXIF count of 0x7FFFFFFF SHORTs (4 GiB) is cleared before exifr allocates, and the rest of IFD0 is kept', async () => {
    const tiff = buildTiff(true, {
      ifd0: [
        { tag: 0x010f, type: 'ASCII', value: 'Hostile Camera' },
        { tag: 0x0102, type: 'SHORT', value: [8, 8, 8] },
      ],
    });
    setEntry(tiff, 8, 0x0102, 0x7fffffff, 8);
    const before = process.memoryUsage().arrayBuffers;
    const { r } = await extractBytes(jpegWithExif(tiff), 'hostile.jpg');
    // Without the guard exifr allocated a 4 GiB Uint16Array here and lost IFD0.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    expect(r.errors).toEqual([]);
    expect(field(r, 'ifd0', 'Make')?.value).toBe('Hostile Camera');
    expect(r.warnings).toEqual([expect.stringMatching(/IFD0 tag 0x0102 declares 2147483647 values \(4294967294 bytes at offset 8\) past the end/)]);
  });

  it('EXIF RATIONAL and ASCII values whose offsets point past the block: cleared, the other tags kept', async () => {
    const tiff = buildTiff(true, {
      ifd0: [
        { tag: 0x010f, type: 'ASCII', value: 'Kept' },
        { tag: 0x0110, type: 'ASCII', value: 'Model name' },
      ],
      exif: [
        { tag: 0x829a, type: 'RATIONAL', value: [[1, 250]] },
        { tag: 0x8827, type: 'SHORT', value: [400] },
      ],
    });
    setEntry(tiff, 8, 0x0110, 11, 0xfffffff0);
    const exifOffset = new DataView(tiff.buffer).getUint32(8 + 2 + 2 * 12 + 8, true);
    setEntry(tiff, exifOffset, 0x829a, 1, tiff.length - 4);
    const { r } = await extractBytes(jpegWithExif(tiff), 'hostile.jpg');
    expect(field(r, 'ifd0', 'Make')?.value).toBe('Kept');
    expect(field(r, 'exififd', 'ISO')?.value).toBe(400);
    expect(r.warnings).toHaveLength(2);
  });

  it('a TIFF file entry whose value runs past the end of the file: one warning for it, the rest of its IFD decoded', async () => {
    const tiff = buildTiff(true, {
      ifd0: [
        { tag: 0x010f, type: 'ASCII', value: 'Kept Co.' },
        { tag: 0x0110, type: 'ASCII', value: 'Model name' },
        { tag: 0x0100, type: 'LONG', value: [2] },
      ],
    });
    setEntry(tiff, 8, 0x0110, 1000); // 1000 ASCII bytes from inside a 72-byte file
    const { r } = await extractBytes(tiff, 'cut.tif');
    expect(r.errors).toEqual([]);
    expect(field(r, 'ifd0', 'Make')?.value).toBe('Kept Co.');
    expect(field(r, 'ifd0', 'ImageWidth')?.value).toBe(2);
    expect(r.warnings).toEqual([expect.stringMatching(/IFD0 tag 0x0110 declares 1000 values \(1000 bytes at offset \d+\) past the end/)]);
  });

  it('a TIFF file whose IFD pointers loop (Exif → IFD0, IFD1 → IFD0, Interop → Exif): ends promptly, without errors, with IFD0 read', async () => {
    const tiff = buildTiff(true, {
      ifd0: [
        { tag: 0x010f, type: 'ASCII', value: 'Loop Co.' },
        { tag: 0x0100, type: 'LONG', value: [32] },
      ],
      exif: [
        { tag: 0x8827, type: 'SHORT', value: [100] },
        { tag: 0xa005, type: 'LONG', value: [0] },
      ],
      ifd1: [{ tag: 0x0103, type: 'SHORT', value: [6] }],
    });
    const dv = new DataView(tiff.buffer);
    const ifd0Count = dv.getUint16(8, true);
    const exifOffset = dv.getUint32(8 + 2 + (ifd0Count - 1) * 12 + 8, true);
    dv.setUint32(8 + 2 + ifd0Count * 12, 8, true); // IFD0's next IFD is IFD0
    setEntry(tiff, 8, 0x8769, 1, 8); // Exif pointer → IFD0
    setEntry(tiff, exifOffset, 0xa005, 1, exifOffset); // Interop → the Exif IFD
    const { r, ms } = await extractBytes(concat(tiff, new Uint8Array(64)), 'loop.tif');
    expect(ms).toBeLessThan(2000);
    expect(r.errors).toEqual([]);
    expect(field(r, 'ifd0', 'Make')?.value).toBe('Loop Co.');
  });

  it('HEIF iloc items whose extents take no bytes (all sizes 0, extent_count 65535): bounded, prompt', async () => {
    const u16 = (v: number) => new Uint8Array([v >> 8, v & 255]);
    const u32 = (v: number) => new Uint8Array([v >>> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255]);
    const box = (type: string, ...payload: Uint8Array[]) => {
      const body = concat(...payload);
      return concat(u32(8 + body.length), ascii(type), body);
    };
    const full = (type: string, ...payload: Uint8Array[]) => box(type, new Uint8Array(4), ...payload);
    const items = 5000;
    // Version 0, offset/length/base sizes 0: each item is id, data_reference_index, extent_count = 65535.
    const iloc = full('iloc', new Uint8Array([0, 0]), u16(items), ...Array.from({ length: items }, (_, i) => concat(u16(i + 1), u16(0), u16(65535))));
    const meta = full('meta', full('pitm', u16(1)), full('iinf', u16(1), full('infe', u16(1), u16(0), ascii('hvc1'), ascii('Image\0'))), iloc);
    const bytes = concat(box('ftyp', ascii('heic'), u32(0), ascii('mif1')), meta, box('mdat', new Uint8Array(16)));
    // Before the fix: 5000 × 65535 extent objects (hung, then out of memory).
    const { r, ms } = await extractBytes(bytes, 'hostile.heic');
    expect(ms).toBeLessThan(2000);
    expect(r.format.id).toBe('photo');
    expect(field(r, 'heif', 'PrimaryItemID')?.value).toBe(1);
  });

  it('XMP names that are Object.prototype members do not pollute it and are kept as written', async () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:__proto__="urn:p" xmlns:constructor="urn:c"
 dc:title="see constructor:x" constructor:viaAttr="a">
<!-- " --><__proto__:polluted>yes</__proto__:polluted><!-- " -->
<constructor:viaTag>b</constructor:viaTag><dc:__proto__>c</dc:__proto__>
</rdf:Description></rdf:RDF></x:xmpmeta>`;
    const bytes = concat(new Uint8Array([0xff, 0xd8]), segment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/\0'), utf8(xmp))), jpegBody());
    const { r } = await extractBytes(bytes, 'proto.jpg');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).viaAttr).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).viaTag).toBeUndefined();
    expect(field(r, 'xmp-__proto__', '__proto__:polluted')?.value).toBe('yes');
    expect(field(r, 'xmp-constructor', 'constructor:viaAttr')?.value).toBe('a');
    expect(field(r, 'xmp-constructor', 'constructor:viaTag')?.value).toBe('b');
    expect(field(r, 'xmp-dc', 'dc:__proto__')?.value).toBe('c');
    expect(field(r, 'xmp-dc', 'dc:title')?.value).toBe('see constructor:x');
  });
});
