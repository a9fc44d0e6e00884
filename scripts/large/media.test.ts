import { describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { fieldValues, largeFileSuite } from './large-file-suite';
import { largeMediaLayout, writeLargeMedia } from './media';
import { extractPath } from '../../src/node/extract-path';

const large = largeFileSuite('large-media-', writeLargeMedia);
const group = (id: string) => fieldValues(large.record.groups.find((g) => g.id === id)!.fields);

describe('large MP4 (4 GiB sparse mdat, moov at the end)', () => {
  it('is written sparse with the planned size', async () => {
    const st = await stat(large.path);
    expect(st.size).toBe(largeMediaLayout().size);
    expect(st.size).toBeGreaterThan(2 ** 32);
    expect(st.blocks * 512).toBeLessThan(16 * 1024 * 1024);
  });

  it('extracts streams and tags from the moov past 4 GiB without errors', () => {
    expect(large.record.errors).toEqual([]);
    expect(large.record.warnings).toEqual([]);
    expect(group('general')).toMatchObject({ format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: 10, nb_streams: 2, size: largeMediaLayout().size });
    expect(group('stream:0')).toMatchObject({ codec_name: 'h264', Width: 640, Height: 360 });
    expect(group('stream:1')).toMatchObject({ codec_name: 'aac', sample_rate: 48000 });
    expect(group('tags')).toMatchObject({ title: 'Fixture clip' });
  });

  it('reads at most 1 MiB plus the moov box, and takes under 100 ms warm', async () => {
    expect(large.record.stats.bytesRead).toBeLessThanOrEqual(1024 * 1024 + largeMediaLayout().moovSize);
    const warm = await extractPath(large.path);
    console.log(`large MP4: ${warm.stats.bytesRead} bytes in ${warm.stats.reads} reads, ${warm.stats.ms} ms warm`);
    expect(warm.stats.ms).toBeLessThan(100);
  });
});
