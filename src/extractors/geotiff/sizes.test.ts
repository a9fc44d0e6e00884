/**
 * Untrusted sizes in TIFF/GeoTIFF (issue 5): IFD chains that loop (TIFF 6.0 §2: the next-IFD
 * offset), entry counts near EOF, tag counts whose byte size overflows 32 bits, GeoKey directories
 * that declare more keys than they hold, and offsets past EOF never hang, throw untyped errors,
 * allocate from the declared sizes or read past the file. Hostile files are built in memory with
 * the fixture layout writer.
 */
import { describe, expect, it } from 'vitest';
import type { ExtractOptions, Field, FieldGroup, MetadataRecord } from '../types';
import { ascii, double, geoKeys, imageTags, layoutTiff, type IfdSpec } from '../../../scripts/fixtures/geotiff';
import { extractBytes } from '../../testing/extract-bytes';

/** A little-endian classic TIFF of `ifds` (tiny strips), with each IFD's offset. */
function tiff(ifds: IfdSpec[]): { bytes: Uint8Array; ifdOffsets: number[] } {
  const layout = layoutTiff({ le: true, bigTiff: false, ifds });
  const bytes = new Uint8Array(layout.size);
  for (const p of layout.pieces) bytes.set(p.bytes, p.offset);
  return { bytes, ifdOffsets: layout.ifdOffsets };
}

const GEO = {
  33550: double(10, 10, 0),
  33922: double(0, 0, 0, 500000, 5800000, 0),
  34737: ascii('WGS 84 / UTM zone 33N|'),
};
const image = (extra: IfdSpec['tags'] = {}): IfdSpec => ({ tags: { ...imageTags({ w: 16, h: 16, bits: 8, rows: 16 }), ...extra }, tiled: false, blockBytes: [256] });
const plain = (n: number) =>
  tiff(
    Array.from({ length: n }, (_, i) =>
      image(
        i === 0
          ? {
              34735: geoKeys([
                [1024, 0, 1, 1],
                [3072, 0, 1, 32633],
              ]),
              ...GEO,
            }
          : { 254: { type: 4, values: [1] } },
      ),
    ),
  );

/** Byte offset of entry `tag` in the IFD at `ifd` (classic, little endian). */
function entryAt(bytes: Uint8Array, ifd: number, tag: number): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  const n = dv.getUint16(ifd, true);
  for (let i = 0; i < n; i++) if (dv.getUint16(ifd + 2 + i * 12, true) === tag) return ifd + 2 + i * 12;
  throw new Error(`no tag ${tag}`);
}
/** Byte offset of the next-IFD pointer of the IFD at `ifd`. */
const nextPtr = (bytes: Uint8Array, ifd: number) => ifd + 2 + new DataView(bytes.buffer, bytes.byteOffset).getUint16(ifd, true) * 12;
const setU32 = (bytes: Uint8Array, at: number, v: number) => new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, v, true);
const setU16 = (bytes: Uint8Array, at: number, v: number) => new DataView(bytes.buffer, bytes.byteOffset).setUint16(at, v, true);

const extract = (bytes: Uint8Array, options?: Partial<ExtractOptions>) => extractBytes(bytes, 'hostile.tif', options);

const tiffGroup = (r: MetadataRecord) => r.groups.find((g) => g.id === 'tiff')!;
const value = (fields: readonly Field[], key: string) => fields.find((f) => f.key === key)?.value;
const ifdGroups = (r: MetadataRecord): FieldGroup[] => r.groups.find((g) => g.id === 'ifds')?.children ?? [];

describe('TIFF/GeoTIFF untrusted sizes', () => {
  it('an IFD whose next-IFD offset points to itself: one IFD, a loop warning, promptly', async () => {
    const { bytes, ifdOffsets } = plain(1);
    setU32(bytes, nextPtr(bytes, ifdOffsets[0]), ifdOffsets[0]);
    const { r, ms } = await extract(bytes);
    expect(ms).toBeLessThan(2000);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(new RegExp(`loops back to offset ${ifdOffsets[0]}; stopped after 1 IFDs`))]);
    expect(value(tiffGroup(r).fields, 'IFDCount')).toBe(1);
  });

  it('a chain looping back to an earlier IFD (3 → 2): stops after 3 IFDs with a warning', async () => {
    const { bytes, ifdOffsets } = plain(3);
    setU32(bytes, nextPtr(bytes, ifdOffsets[2]), ifdOffsets[1]);
    const { r } = await extract(bytes);
    expect(r.warnings).toContainEqual(expect.stringMatching(/loops back .* stopped after 3 IFDs/));
    expect(value(tiffGroup(r).fields, 'IFDCount')).toBe(3);
  });

  it('a chain longer than maxObjects stops at the cap with a warning', async () => {
    const { bytes } = plain(40);
    const { r } = await extract(bytes, { maxObjects: 10 });
    expect(r.warnings).toContainEqual('More than 10 IFDs; the rest were not read.');
    expect(value(tiffGroup(r).fields, 'IFDCount')).toBe(10);
  });

  it('an entry count of 65535 near EOF: truncated (IFD 0: no record; IFD 1: IFD 0 kept), no read past the file', async () => {
    const first = plain(2);
    setU16(first.bytes, first.ifdOffsets[0], 65535);
    const a = await extract(first.bytes);
    expect(a.r.errors).toEqual([expect.objectContaining({ code: 'truncated', message: expect.stringMatching(/65535 entries\) runs past the end of the file/) })]);
    expect(a.source.bytesRead).toBeLessThanOrEqual(first.bytes.length);
    const second = plain(2);
    setU16(second.bytes, second.ifdOffsets[1], 65535);
    const b = await extract(second.bytes);
    expect(b.r.errors).toEqual([expect.objectContaining({ code: 'truncated', message: expect.stringMatching(/^IFD 1 .*65535 entries/) })]);
    expect(value(b.r.summary, 'ImageWidth')).toBe(16);
  });

  it('a tag count whose byte size overflows 32 bits (SHORT × 0x80000002 = 2^32 + 4) is not taken as inline', async () => {
    // In 32-bit arithmetic the size wraps to 4 bytes and the "value" would be read from the entry.
    const { bytes, ifdOffsets } = plain(2);
    setU32(bytes, entryAt(bytes, ifdOffsets[1], 277) + 4, 0x80000002);
    const { r, source } = await extract(bytes);
    // Past EOF, so ignored as libtiff ignores it ("IO error during reading of …; tag ignored").
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual(expect.stringMatching(/^IFD 1: Tag 277: its value \(4294967300 bytes .* past the end of the file; the tag is ignored/));
    expect(ifdGroups(r)).toHaveLength(2);
    expect(value(r.summary, 'ImageWidth')).toBe(16);
    expect(source.bytesRead).toBeLessThanOrEqual(bytes.length);
  });

  it('a tag value larger than the metadata budget but inside the file: too-large, not read', async () => {
    const { bytes, ifdOffsets } = plain(1);
    const big = new Uint8Array(bytes.length + 3 * 1024 * 1024);
    big.set(bytes);
    const at = entryAt(big, ifdOffsets[0], 258);
    setU32(big, at + 4, 1024 * 1024 + 1); // SHORT × (1 MiB + 1) = 2 MiB + 2 bytes, in the file
    setU32(big, at + 8, bytes.length);
    const { r, source } = await extract(big, { maxMetadataBytes: 1024 * 1024 });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too-large' })]);
    expect(source.bytesRead).toBeLessThan(128 * 1024);
  });

  it('a GeoKey directory declaring more keys than it holds: the keys present are read, a problem noted', async () => {
    const dir = geoKeys([
      [1024, 0, 1, 1],
      [3072, 0, 1, 32633],
    ]);
    (dir.values as number[])[3] = 5000;
    const { bytes } = tiff([image({ 34735: dir, ...GEO })]);
    const { r } = await extract(bytes);
    expect(r.errors).toEqual([]);
    const geo = r.groups.find((g) => g.id === 'geokeys')!;
    expect(geo.fields.find((f) => f.key === 'ProjectedCSTypeGeoKey')?.raw).toBe(32633);
    expect(geo.fields.filter((f) => f.key === 'Problem').map((f) => f.value)).toEqual(['GeoKeyDirectory declares 5000 keys but holds only 2.']);
  });

  it('GeoKeys whose parameter offsets and counts point past their arrays: problems, no throw', async () => {
    const dir = geoKeys([
      [1024, 0, 1, 1],
      [1026, 34737, 65535, 65000],
      [3072, 0, 1, 32633],
      [3082, 34736, 65535, 65535],
      [4097, 34735, 65535, 60000],
    ]);
    const { bytes } = tiff([image({ 34735: dir, ...GEO })]);
    const { r } = await extract(bytes);
    expect(r.errors).toEqual([]);
    const problems = r.groups.find((g) => g.id === 'geokeys')!.fields.filter((f) => f.key === 'Problem');
    expect(problems).toHaveLength(3);
  });

  it('the first IFD offset and a next-IFD offset past EOF: truncated (thrown for IFD 0, partial for IFD 1)', async () => {
    const first = plain(1);
    setU32(first.bytes, 4, 0xfffffff0);
    const a = await extract(first.bytes);
    expect(a.r.errors.map((e) => e.code)).toEqual(['truncated']);
    const second = plain(1);
    setU32(second.bytes, nextPtr(second.bytes, second.ifdOffsets[0]), second.bytes.length + 8);
    const b = await extract(second.bytes);
    expect(b.r.errors).toEqual([expect.objectContaining({ code: 'truncated', message: expect.stringMatching(/^IFD 1 .*lies outside the file/) })]);
    expect(ifdGroups(b.r)).toHaveLength(1);
  });
});
