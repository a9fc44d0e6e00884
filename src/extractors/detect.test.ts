import { describe, expect, it } from 'vitest';
import { detect, pickEntry, tailBytes } from './detect';
import { HEAD_BYTES } from './source/head';
import { BytesSource } from './source/bytes-source';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
function withAt(size: number, offset: number, bytes: Uint8Array | number[]) {
  const b = new Uint8Array(size);
  b.set(bytes, offset);
  return b;
}
/** A little-endian classic TIFF whose IFD0 (at 8) holds `tags`. */
function tiff(tags: number[]) {
  const b = new Uint8Array(8 + 2 + tags.length * 12 + 4);
  const dv = new DataView(b.buffer);
  b.set(ascii('II*\0'));
  dv.setUint32(4, 8, true);
  dv.setUint16(8, tags.length, true);
  tags.forEach((t, i) => dv.setUint16(10 + i * 12, t, true));
  return b;
}

describe('pickEntry: magic bytes decide, the extension only breaks ties', () => {
  it.each([
    ['FITS', ascii('SIMPLE  =                    T'), 'x.dat', 'fits'],
    ['DICOM Part 10', withAt(200, 128, ascii('DICM')), 'x.bin', 'dicom'],
    ['NetCDF CDF-2', ascii('CDF\x02\0\0\0\0'), 'x.h5', 'netcdf'],
    ['HDF5 at 0', withAt(600, 0, [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), 'x.nc', 'hdf5'],
    ['HDF5 after a 512-byte user block', withAt(600, 512, [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), 'x', 'hdf5'],
    ['PNG named .jpg', withAt(16, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'photo.jpg', 'photo'],
    ['JPEG named .fits', withAt(16, 0, [0xff, 0xd8, 0xff, 0xe1]), 'x.fits', 'photo'],
    ['HEIC', ascii('\0\0\0\x18ftypheic\0\0\0\0'), 'x.heic', 'photo'],
    ['WebP', ascii('RIFF\0\0\0\0WEBPVP8 '), 'x.webp', 'photo'],
    ['TIFF with GeoKeys', tiff([256, 257, 33550, 33922, 34735]), 'x.tif', 'geotiff'],
    ['TIFF without geo tags', tiff([256, 257, 271, 272]), 'x.tif', 'photo'],
    ['BigTIFF', ascii('II+\0\x08\0\0\0\x10\0\0\0\0\0\0\0'), 'x.tif', 'geotiff'],
  ])('%s → %s', (_label, head, name, id) => {
    expect(pickEntry(head, name)?.id).toBe(id);
  });

  // Two elements of a preamble-less DICOM data set, (0008,0016) UI and (0008,0060) CS "CT", in an encoding.
  function rawDicom(explicit: boolean, littleEndian: boolean) {
    const b = new Uint8Array(64);
    const dv = new DataView(b.buffer);
    let at = 0;
    for (const [element, vr, value] of [
      [0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.2\0'],
      [0x0060, 'CS', 'CT'],
    ] as const) {
      dv.setUint16(at, 0x0008, littleEndian);
      dv.setUint16(at + 2, element, littleEndian);
      if (explicit) {
        b.set(ascii(vr), at + 4);
        dv.setUint16(at + 6, value.length, littleEndian);
      } else {
        dv.setUint32(at + 4, value.length, littleEndian);
      }
      b.set(ascii(value), at + 8);
      at += 8 + value.length;
    }
    return b.subarray(0, at);
  }

  it('breaks a tie between maybes by extension', () => {
    // A preamble-less DICOM data set is only a 'maybe'.
    expect(pickEntry(rawDicom(true, true), 'slice.dcm')?.id).toBe('dicom');
  });

  it.each([
    [true, true],
    [false, true],
    [true, false],
    [false, false],
  ])('claims a raw DICOM data set (explicit VR %s, little endian %s)', (explicit, littleEndian) => {
    expect(pickEntry(rawDicom(explicit, littleEndian), 'x')?.id).toBe('dicom');
  });

  it('does not take one DICOM-like element followed by zeros, UTF-32BE text, an ICC profile or seeded random bytes after a group 0008 tag for DICOM', () => {
    const one = withAt(64, 0, [0x08, 0x00, 0x16, 0x00, 0x55, 0x49, 0x1a, 0x00]);
    expect(pickEntry(one, 'slice.dcm')).toBeNull();
    // UTF-32BE text reads as big-endian group 0000 elements; an ICC profile header as two short ones.
    const utf32be = new Uint8Array(400);
    [...'<!DOCTYPE html><html><head><title>UTF-32BE page</title></head><body>text</body></html>'].forEach((c, i) => new DataView(utf32be.buffer).setUint32(i * 4, c.charCodeAt(0)));
    expect(pickEntry(utf32be, 'page.dcm')).toBeNull();
    const icc = withAt(3000, 0, [0, 0, 0x0a, 0x10, 0, 0, 0, 0, 0x02, 0x10, 0, 0, ...ascii('mntrRGB XYZ ')]);
    expect(pickEntry(icc, 'x.icc')).toBeNull();
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (let i = 0; i < 2000; i++) {
      const head = Uint8Array.from({ length: 4096 }, random);
      head.set([0x08, 0x00]); // group 0008 in little endian, as a raw data set would start
      expect(pickEntry(head, 'x.dcm')?.id, `random head ${i}`).not.toBe('dicom');
    }
  });

  it('claims nothing for unknown bytes or an empty head', () => {
    expect(pickEntry(ascii('%!PS-Adobe-3.0\n'), 'x.ps')).toBeNull();
    expect(pickEntry(new Uint8Array(0), 'x.jpg')).toBeNull();
  });

  it('claims a PDF by `%PDF-` in its first 1024 bytes, whatever its name', () => {
    expect(pickEntry(ascii('%PDF-1.7\n'), 'x.jpg')?.id).toBe('pdf');
    expect(pickEntry(ascii(`${' '.repeat(500)}%PDF-1.4\n`), 'x.bin')?.id).toBe('pdf');
  });
});

describe('detect: signatures past the head', () => {
  const HDF5 = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

  it('finds HDF5 after a user block of 64 KiB or more, reading 8 bytes per candidate offset', async () => {
    for (const at of [65536, 1 << 20]) {
      const source = new BytesSource(withAt(at + 4096, at, HDF5), 'x.bin');
      const { entry, head } = await detect(source);
      expect(entry?.id).toBe('hdf5');
      expect(head.length).toBe(65536);
      expect(source.bytesRead).toBe(65536 + 8 * (Math.log2(at) - 15));
    }
  });

  it('claims nothing when no signature follows, and probes nothing for a file a sniff claimed', async () => {
    expect((await detect(new BytesSource(new Uint8Array(300_000), 'x.bin'))).entry).toBeNull();
    const fits = withAt(300_000, 0, ascii('SIMPLE  =                    T'));
    fits.set(HDF5, 131072);
    const source = new BytesSource(fits, 'x.fits');
    expect((await detect(source)).entry?.id).toBe('fits');
    expect(source.reads).toBe(1);
  });
});

describe('tailBytes', () => {
  it("asks for a JPEG's last 4 KiB (its EOI check) when the file is longer than the head, by extension", () => {
    expect(tailBytes('IMG_0001.JPG', 5_000_000)).toBe(4096);
    expect(tailBytes('a.jpeg', HEAD_BYTES + 1)).toBe(4096);
    expect(tailBytes('a.jpg', HEAD_BYTES)).toBe(0);
    expect(tailBytes('a.png', 5_000_000)).toBe(0);
    expect(tailBytes('cube.fits', 5_000_000)).toBe(0);
  });
});
