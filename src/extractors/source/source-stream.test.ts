import { describe, expect, it } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { sourceStream } from './source-stream';
import { BytesSource } from './bytes-source';
import { ZipEntrySource } from '../../archive/zip-entry-source';
import { listZip } from '../../archive/zip';
import { zipBytes } from '../../../scripts/fixtures/zip';

const collect = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

describe('sourceStream', () => {
  it('streams a source whole in chunks, and a deflated ZIP entry inflated', async () => {
    const data = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
    expect(await collect(sourceStream(new BytesSource(data, 'a.bin'), 65_536))).toEqual(data);
    const archive = new BytesSource(zipBytes([{ name: 'x/a.bin', data, method: 8 }]), 'a.zip');
    const [entry] = (await listZip(archive)).entries;
    expect(entry.compressedSize).toBe(deflateRawSync(data).length);
    expect(await collect(sourceStream(new ZipEntrySource(archive, entry), 65_536))).toEqual(data);
  });
  it('errors with truncated when the source ends early', async () => {
    const short = { size: 10, name: 'short', bytesRead: 0, reads: 0, read: async () => new Uint8Array(0) };
    await expect(collect(sourceStream(short))).rejects.toMatchObject({ code: 'truncated' });
  });
});
