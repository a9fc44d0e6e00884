/**
 * The raw extractor on generated fixtures (scripts/fixtures/raw.ts): each container's photo facts,
 * maker facts (serial numbers, lens, shutter count) and embedded images, detection against plain
 * TIFF and GeoTIFF, what is read (never the raw image data), and typed errors for bad files.
 */
import { describe, expect, it } from 'vitest';
import type { Field, MetadataRecord } from '../types';
import { findGroup } from '../fields';
import { statusOf } from '../status';
import { pickEntry } from '../detect';
import { HEAD_BYTES } from '../source/head';
import { extractBytes } from '../../testing/extract-bytes';
import { corpusFacts } from '../../testing/facts/raw';
import { arw, cr2, cr3, dng, nef, orf, pef, raf, rw2 } from '../../../scripts/fixtures/raw';
import { buildTiff } from '../../../scripts/fixtures/photo';
import { sniffRaw } from './sniff';

const summary = (r: MetadataRecord, key: string) => r.summary.find((f) => f.key === key)?.value;
const images = (r: MetadataRecord): Record<string, Field['value']> => Object.fromEntries((findGroup(r.groups, 'raw-images')?.fields ?? []).map((f) => [f.key, f.value]));

describe('raw extractor', () => {
  it('CR2: EXIF, Canon MakerNote serial number, lens and internal serial, preview and thumbnail', async () => {
    const { r } = await extractBytes(cr2(), 'shot.cr2');
    expect(r.errors).toEqual([]);
    expect(r.format).toEqual({ id: 'raw', name: 'Canon CR2 raw image' });
    expect(corpusFacts(r)).toEqual({
      Make: 'Canon',
      Model: 'Canon EOS Fixture',
      DateTimeOriginal: '2024:05:06 07:08:09',
      ExposureTime: 1 / 250,
      FNumber: 5.6,
      ISO: 800,
      FocalLength: 35,
      SerialNumber: '987654321',
      LensModel: 'EF-S18-55mm f/3.5-5.6 IS',
      InternalSerialNumber: 'ZA1234567',
    });
    expect(summary(r, 'MIMEType')).toBe('image/x-canon-cr2');
    expect([summary(r, 'ImageWidth'), summary(r, 'ImageHeight')]).toEqual([5184, 3456]);
    expect(images(r)).toMatchObject({ PreviewImageLength: 141, PreviewImageSize: '64x48', ThumbnailLength: 141 });
    expect(findGroup(r.groups, 'makernotes')?.label).toBe('MakerNotes (Canon)');
    // Main-IFD names and the CameraSettings array split into its fields (ExifTool Tag Names: Canon).
    const note = findGroup(r.groups, 'makernotes')!;
    expect(note.fields.find((f) => f.key === 'SerialNumber')).toMatchObject({ value: '0987654321', raw: 987654321, label: 'Serial number' });
    expect(note.fields.find((f) => f.key === 'CanonImageType')?.value).toBe('Canon EOS Fixture');
    const cs = Object.fromEntries(findGroup(r.groups, 'makernotes-camerasettings')!.fields.map((f) => [f.key, f.value]));
    expect(cs).toMatchObject({
      MacroMode: 'Normal',
      Quality: 'RAW',
      FocusMode: 'One-shot AF',
      LensType: 'Canon EF-M 15-45mm f/3.5-6.3 IS STM',
      MaxFocalLength: '45 mm',
      MinFocalLength: '15 mm',
      FocalUnits: '1/mm',
    });
    expect(findGroup(r.groups, 'exif')).toBeDefined();
  });

  it('CR3: CMT1/CMT2/CMT4 read as one EXIF, CMT3 as the Canon MakerNote, THMB, PRVW and the track-1 JpgFromRaw', async () => {
    const { r } = await extractBytes(cr3(), 'shot.cr3');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.format.name).toBe('Canon CR3 raw image');
    expect(corpusFacts(r)).toMatchObject({
      Make: 'Canon',
      Model: 'Canon EOS R-Fixture',
      ISO: 1600,
      FNumber: 2.8,
      SerialNumber: '012345678901',
      LensModel: 'RF85mm F2 MACRO IS STM',
      InternalSerialNumber: 'XY7654321',
    });
    const exif = findGroup(r.groups, 'exif')!;
    expect(exif.children?.map((g) => g.id)).toEqual(['ifd0', 'exififd', 'gps']);
    expect(images(r)).toMatchObject({
      ThumbnailImageSize: '160x120',
      ThumbnailLength: 141,
      PreviewImageSize: '1620x1080',
      PreviewImageLength: 141,
      JpgFromRawSize: '6000x4000',
      JpgFromRawLength: 141,
    });
  });

  it('NEF: Nikon type 3 MakerNote (serial, shutter count, lens) and the SubIFD JpgFromRaw; raw size from the CFA SubIFD', async () => {
    const { r } = await extractBytes(nef(), 'shot.nef');
    expect(r.errors).toEqual([]);
    expect(corpusFacts(r)).toMatchObject({ Make: 'NIKON CORPORATION', SerialNumber: '7654321', ShutterCount: 12345 });
    expect(summary(r, 'Lens')).toBe('18-55mm f/3.5-5.6');
    const note = Object.fromEntries(findGroup(r.groups, 'makernotes')!.fields.map((f) => [f.key, f.value]));
    expect(note).toMatchObject({ MakerNoteVersion: '0210', SerialNumber: '7654321', LensType: 'G', Lens: '18-55mm f/3.5-5.6', ShutterCount: 12345 });
    expect([summary(r, 'ImageWidth'), summary(r, 'ImageHeight')]).toEqual([6016, 4016]);
    expect(images(r)).toMatchObject({ JpgFromRawLength: 141 });
  });

  it('DNG: the Canon MakerNote in DNGPrivateData (offsets moved from the original file), the preview SubIFD, the uncompressed IFD0 thumbnail', async () => {
    const bytes = dng();
    const { r } = await extractBytes(bytes, 'shot.dng');
    expect(r.errors).toEqual([]);
    expect(r.format.name).toBe('Adobe DNG raw image');
    expect(corpusFacts(r)).toMatchObject({ Make: 'Canon', SerialNumber: '11223344', InternalSerialNumber: 'ZA1234567' });
    expect(images(r)).toMatchObject({ PreviewImageSize: '1024x768', PreviewImageLength: 141, ThumbnailTIFFSize: '4x4', ThumbnailTIFFLength: 48 });
    // Its offset is the IFD0 strip's: 48 bytes of the fixture's 0x80 fill start there.
    const at = images(r).ThumbnailTIFFStart as number;
    expect([...bytes.subarray(at, at + 48)].every((b) => b === 0x80)).toBe(true);
    expect(summary(r, 'ImageWidth')).toBe(4000);
  });

  it('RAF: the embedded JPEG’s EXIF and Fujifilm MakerNote, the RAF directory’s raw size', async () => {
    const { r } = await extractBytes(raf(), 'shot.raf');
    expect(r.errors).toEqual([]);
    expect(r.format.name).toBe('Fujifilm RAF raw image');
    expect(corpusFacts(r)).toMatchObject({ Make: 'FUJIFILM', Model: 'X-FIXTURE', ISO: 160, InternalSerialNumber: 'FC  12345678' });
    expect([summary(r, 'ImageWidth'), summary(r, 'ImageHeight')]).toEqual([6000, 4000]);
    expect(images(r)).toMatchObject({ PreviewImageStart: 108, PreviewImageSize: '16x16' });
    expect(findGroup(r.groups, 'raf')?.fields.find((f) => f.key === 'RAFCameraModel')?.value).toBe('X-FIXTURE');
  });

  it('ORF and RW2: TIFF with their own magic; Olympus Equipment and Panasonic MakerNote facts, RW2 JpgFromRaw', async () => {
    const o = (await extractBytes(orf(), 'shot.orf')).r;
    expect(o.errors).toEqual([]);
    expect(o.format.name).toBe('Olympus ORF raw image');
    expect(corpusFacts(o)).toMatchObject({ Make: 'OLYMPUS CORPORATION', SerialNumber: 'BHX123456', LensModel: 'M.Zuiko Digital ED 12-40mm F2.8 Pro' });
    // The preview in the Olympus CameraSettings sub-IFD (exiftool: PreviewImageStart 362, PreviewImageLength 141).
    expect(images(o)).toMatchObject({ PreviewImageStart: 362, PreviewImageLength: 141 });
    const p = (await extractBytes(rw2(), 'shot.rw2')).r;
    expect(p.errors).toEqual([]);
    expect(p.format.name).toBe('Panasonic RW2 raw image');
    expect(corpusFacts(p)).toMatchObject({ Make: 'Panasonic', InternalSerialNumber: 'PN1234567890ABCD', LensModel: 'LUMIX G 25/F1.7' });
    expect(summary(p, 'LensSerialNumber')).toBe('LS0001');
    expect(images(p)).toMatchObject({ JpgFromRawStart: 62, JpgFromRawLength: 141 });
  });

  it('shutter counts: Pentax 0x005d deciphered with Date/Time, Sony Tag9050 deciphered (count and internal serial), as exiftool reads the fixtures', async () => {
    const p = (await extractBytes(pef(), 'shot.pef')).r;
    expect(p.errors).toEqual([]);
    expect(corpusFacts(p)).toMatchObject({ Make: 'PENTAX', SerialNumber: '4123456', ShutterCount: 12345 });
    const pn = Object.fromEntries(findGroup(p.groups, 'makernotes')!.fields.map((f) => [f.key, f.value]));
    expect(pn).toMatchObject({ Date: '2024:05:06', Time: '07:08:09', ShutterCount: 12345 });
    const s = (await extractBytes(arw(), 'shot.arw')).r;
    expect(s.errors).toEqual([]);
    expect(corpusFacts(s)).toMatchObject({ Make: 'SONY', ShutterCount: 54321, InternalSerialNumber: '0123456789' });
    // Another model's 0x9050 layout (ExifTool's Tag9050b) is not read.
    const other = arw();
    const at = Buffer.from(other).indexOf('SLT-A99V');
    other.set(Buffer.from('ILCE-7M3'), at);
    expect(summary((await extractBytes(other, 'x.arw')).r, 'ShutterCount')).toBeUndefined();
  });

  it('detection: RAW signatures and RAW-named TIFFs are raw; plain TIFF photos stay photos', () => {
    expect(sniffRaw(cr2(), 'x.tif')).toBe('yes');
    expect(sniffRaw(cr3(), 'x')).toBe('yes');
    expect(sniffRaw(raf(), 'x')).toBe('yes');
    expect(sniffRaw(orf(), 'x')).toBe('yes');
    expect(sniffRaw(rw2(), 'x')).toBe('yes');
    expect(sniffRaw(dng(), 'x.tif')).toBe('yes');
    expect(sniffRaw(nef(), 'x.nef')).toBe('yes');
    expect(sniffRaw(nef(), 'x.tif')).toBe('no');
    const plain = buildTiff(true, { ifd0: [{ tag: 0x010f, type: 'ASCII', value: 'Canon' }] });
    expect(sniffRaw(plain, 'photo.tif')).toBe('no');
    expect(pickEntry(plain, 'photo.tif')?.id).toBe('photo');
    expect(pickEntry(nef(), 'shot.nef')?.id).toBe('raw');
    expect(pickEntry(dng(), 'shot.dng')?.id).toBe('raw');
  });

  it('reads the headers, IFDs and MakerNote only, never the raw image data (8 MiB before every IFD)', async () => {
    const bytes = cr2(8 << 20, true);
    const { r, source } = await extractBytes(bytes, 'big.cr2');
    expect(r.errors).toEqual([]);
    expect(summary(r, 'SerialNumber')).toBe('987654321');
    expect(source.bytesRead).toBeLessThan(HEAD_BYTES + 8192);
    for (const make of [cr3, raf, nef, dng]) {
      const big = make(8 << 20);
      const run = await extractBytes(big, `big.${make.name}`);
      expect(run.r.errors).toEqual([]);
      expect(run.source.bytesRead).toBeLessThan(HEAD_BYTES + 8192);
    }
  });

  it('bad files end in typed errors, never a throw', async () => {
    const empty = (await extractBytes(new Uint8Array(0), 'x.cr2')).r;
    expect(statusOf(empty)).toBe('error');
    const cut = (await extractBytes(cr3().subarray(0, 300), 'cut.cr3')).r;
    expect(cut.errors.length).toBeGreaterThan(0);
    expect(cut.errors.every((e) => e.code !== 'internal')).toBe(true);
    const rafCut = (await extractBytes(raf().subarray(0, 60), 'cut.raf')).r;
    expect(rafCut.errors.map((e) => e.code)).toEqual(['truncated']);
  });
});
