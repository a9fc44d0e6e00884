/**
 * c2pa-wasm loads only for a file that carries a manifest store: files of every container the
 * walkers look in (JPEG, PNG, WebP, HEIF, MP4, PDF), without one, leave it unloaded. (Its own
 * file: Vitest isolates test files, so nothing else has loaded it in this module graph.)
 */
import { describe, expect, it } from 'vitest';
import { extractRecord } from '../run';
import { BytesSource } from '../source/bytes-source';
import { findGroup } from '../fields';
import { concat, fixtureExif, heifLayout, jpegWithMetadata, pngText, webp } from '../../../scripts/fixtures/photo';
import { MP4_FIXTURE, mp4Bytes } from '../../../scripts/fixtures/media';
import { pdfFixtures } from '../../../scripts/fixtures/pdf';
import { signAsset } from '../../../scripts/fixtures/c2pa';
import { c2paLoaded } from './runtime';

describe('lazy loading', () => {
  it('files without a manifest store never load c2pa-wasm', async () => {
    const { head, tail } = heifLayout({ width: 4, height: 4, imageBytes: 64, exif: fixtureExif() });
    const [[, pdf]] = await pdfFixtures();
    const files: [string, Uint8Array, string][] = [
      ['a.jpg', jpegWithMetadata(), 'JPEG image'],
      ['a.png', pngText(), 'PNG image'],
      ['a.webp', webp(), 'WebP image'],
      ['a.heic', concat(head, new Uint8Array(64), tail), 'HEIC image'],
      ['a.mp4', mp4Bytes({ ...MP4_FIXTURE, mdatBytes: 400_000 }), 'MPEG-4 (Base Media)'],
      ['a.pdf', pdf, 'PDF'],
    ];
    for (const [name, bytes, formatName] of files) {
      const r = await extractRecord({ source: new BytesSource(bytes, name) });
      expect(r.format.name, name).toBe(formatName);
      expect(findGroup(r.groups, 'c2pa'), name).toBeUndefined();
    }
    expect(c2paLoaded()).toBe(false);
  });

  it('a file with one loads it', async () => {
    const signed = await signAsset(jpegWithMetadata(), 'image/jpeg', 'b.jpg', 'es256');
    const r = await extractRecord({ source: new BytesSource(signed, 'b.jpg') });
    expect(findGroup(r.groups, 'c2pa')).toBeDefined();
    expect(c2paLoaded()).toBe(true);
  });
});
