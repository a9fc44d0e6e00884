import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractRecord } from './run';
import { BytesSource } from './source/bytes-source';
import { FileHandleSource } from '../node/file-handle-source';

describe('extractRecord', () => {
  it('turns an empty file into a typed error record', async () => {
    const r = await extractRecord({ source: new BytesSource(new Uint8Array(0), 'empty.jpg') });
    expect(r.errors).toEqual([expect.objectContaining({ code: 'truncated' })]);
    expect(r.file).toEqual({ name: 'empty.jpg', size: 0 });
    expect(r.stats.bytesRead).toBe(0);
  });

  it('reports unknown content as unsupported-format after reading only the head and the 8-byte HDF5 signature probes past it', async () => {
    const bytes = new Uint8Array(1 << 20).fill(0x25);
    const r = await extractRecord({ source: new BytesSource(bytes, 'doc.pdf'), path: 'a/doc.pdf', lastModified: 5 });
    expect(r.errors[0].code).toBe('unsupported-format');
    expect(r.format.id).toBe('unknown');
    expect(r.file).toEqual({ name: 'doc.pdf', size: 1 << 20, path: 'a/doc.pdf', lastModified: 5 });
    // HDF5's signature may follow a user block of 512·2ⁿ bytes (HDF5 spec §II.A): 64, 128, 256 and 512 KiB here.
    expect(r.stats).toMatchObject({ reads: 5, bytesRead: 64 * 1024 + 4 * 8, cached: false });
  });

  it('rejects with aborted when cancelled, instead of returning a record', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(extractRecord({ source: new BytesSource(new Uint8Array(10)), signal: ctrl.signal })).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('FileHandleSource', () => {
  it('reads ranges, returns short reads at EOF, counts reads and bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'me-src-'));
    const path = join(dir, 'ten.bin');
    await writeFile(
      path,
      Uint8Array.from({ length: 10 }, (_, i) => i),
    );
    const src = await FileHandleSource.open(path);
    try {
      expect(Array.from(await src.read(2, 3))).toEqual([2, 3, 4]);
      expect(Array.from(await src.read(8, 100))).toEqual([8, 9]);
      expect((await src.read(50, 4)).length).toBe(0);
      expect({ size: src.size, name: src.name, reads: src.reads, bytesRead: src.bytesRead }).toEqual({ size: 10, name: 'ten.bin', reads: 2, bytesRead: 5 });
      await expect(src.read(-1, 4)).rejects.toMatchObject({ code: 'corrupt' });
    } finally {
      await src.close();
    }
  });
});
