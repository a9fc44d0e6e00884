import { describe, expect, it } from 'vitest';
import { extractRecord } from '../run';
import { BytesSource } from '../source/bytes-source';

describe('GeoTIFF header without a first IFD', () => {
  // TIFF 6.0 §2: the header's first-IFD offset must point to an IFD. Offset 0 used to leave the
  // walk with no IFD and present() threw a TypeError (`internal`; found by scripts/fuzz).
  it.each([
    ['classic', [0x49, 0x49, 0x2a, 0x00, 0, 0, 0, 0], 4],
    ['BigTIFF', [0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 8],
  ])('%s: a typed corrupt error at the offset field', async (_, header, offset) => {
    const bytes = new Uint8Array(256);
    bytes.set(header);
    const record = await extractRecord({ source: new BytesSource(bytes, 'no-ifd.tif') });
    expect(record.format.id).toBe('geotiff');
    expect(record.errors).toHaveLength(1);
    expect(record.errors[0]).toMatchObject({ code: 'corrupt', offset });
  });
});
