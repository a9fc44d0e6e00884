/**
 * The streaming tar reader on archives written by scripts/fixtures/tar.ts (ustar, pax, GNU long
 * names, base-256 sizes, a bad checksum, a cut archive), read in odd-sized chunks, and checked
 * against GNU tar's own listing where `tar` is installed.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fixtureFolder } from '../../scripts/fixtures/fixture-folder';
import { BLOCK, MTIME, gnuSpecs, paxSpecs, paxHeader, tarEnd, tarEntry, tarHeader, ustarSpecs, writeFixtures, type TarSpec } from '../../scripts/fixtures/tar';
import { concat } from '../../scripts/fixtures/bytes';
import { ExtractError } from '../extractors/errors';
import { MAX_META_BYTES, TarReader, startsAsTar, type TarEntry } from './tar';
import { gunzip } from './gunzip';

const fixture = fixtureFolder('me-tar-', writeFixtures);

/** `bytes` as a stream of `size`-byte chunks. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, (at += size)));
    },
  });
}

/** A fixture's tar stream: read whole, gunzipped when its name says so. */
async function open(name: string, chunk = 4093): Promise<ReadableStream<Uint8Array>> {
  const bytes = new Uint8Array(await readFile(fixture(name)));
  return /gz$/.test(name) ? gunzip(new Blob([bytes])) : chunked(bytes, chunk);
}

interface Read {
  entries: (TarEntry & { data: Uint8Array })[];
  error?: ExtractError;
  endMarker: boolean;
}

/** Every entry and its data, and the error that stopped the reading. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<Read> {
  const reader = new TarReader(stream);
  const entries: Read['entries'] = [];
  try {
    for (let e = await reader.next(); e; e = await reader.next()) {
      const parts: Uint8Array[] = [];
      for await (const c of reader.data()) parts.push(c.slice());
      entries.push({ ...e, data: concat(parts) });
    }
  } catch (e) {
    if (!(e instanceof ExtractError)) throw e;
    return { entries, error: e, endMarker: reader.endMarker };
  }
  return { entries, endMarker: reader.endMarker };
}

const KIND: Record<string, string> = { '0': 'file', '2': 'symlink', '5': 'directory' };
/** What a spec should read back as. */
const expected = (s: TarSpec) => ({ path: s.name, size: s.data?.length ?? 0, kind: KIND[s.type ?? '0'], mtime: Number(s.pax?.mtime ?? MTIME), ...(s.linkname ? { linkpath: s.linkname } : {}) });
const shape = (e: TarEntry) => ({ path: e.path, size: e.size, kind: e.kind, mtime: e.mtime, ...(e.linkpath ? { linkpath: e.linkpath } : {}) });

const hasTar = (() => {
  try {
    return execFileSync('tar', ['--version'], { encoding: 'utf8' }).includes('GNU tar');
  } catch {
    return false;
  }
})();

/** GNU tar's listing (`tar -tv --full-time`): [type, size, path] per entry (`name -> target` for links). */
function gnuList(path: string): [string, number, string][] {
  const out = execFileSync('tar', ['-tvf', path, '--full-time'], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^(.)\S+ \S+\s+(\d+) \S+ \S+\s+(.*)$/.exec(line)!;
      return [m[1]!, Number(m[2]), m[3]!];
    });
}
const asGnu = (e: TarEntry): [string, number, string] => [e.kind === 'directory' ? 'd' : e.kind === 'symlink' ? 'l' : '-', e.size, e.linkpath ? `${e.path} -> ${e.linkpath}` : e.path];

describe('TarReader', () => {
  it('reads ustar headers (prefix + name, a folder, a symlink) and each entry’s data, in any chunking', async () => {
    for (const chunk of [1, 7, 509, 4093, 65536]) {
      const { entries, error, endMarker } = await readAll(await open('tar-ustar.tar', chunk));
      expect(error).toBeUndefined();
      expect(endMarker).toBe(true);
      expect(entries.map(shape)).toEqual(ustarSpecs().map(expected));
      expect(entries.map((e) => e.data)).toEqual(ustarSpecs().map((s) => s.data ?? new Uint8Array(0)));
    }
  });

  it('gives offsets: each header’s and its data’s, in the tar stream', async () => {
    const { entries } = await readAll(await open('tar-ustar.tar'));
    const lengths = ustarSpecs().map((s) => tarEntry(s, 'ustar').length);
    let at = 0;
    entries.forEach((e, i) => {
      expect([e.headerOffset, e.dataOffset]).toEqual([at, at + BLOCK]);
      at += lengths[i]!;
    });
  });

  it('applies pax extended headers (a path past 100 bytes, UTF-8, a fractional mtime) and skips the global one', async () => {
    const { entries, error } = await readAll(await open('tar-pax.tar.gz'));
    expect(error).toBeUndefined();
    expect(entries.map(shape)).toEqual(paxSpecs().map(expected));
    expect(entries[1]!.mtime).toBe(MTIME + 0.5);
    expect(entries.map((e) => e.data)).toEqual(paxSpecs().map((s) => s.data));
  });

  it('applies GNU long names (typeflag L) and reads base-256 size fields', async () => {
    const { entries, error } = await readAll(await open('tar-gnu.tgz'));
    expect(error).toBeUndefined();
    expect(entries.map(shape)).toEqual(gnuSpecs().map(expected));
    expect(entries[1]!.data).toEqual(gnuSpecs()[1]!.data);
  });

  it('reads a gzip file of several members (RFC 1952 §2.2) as one stream', async () => {
    const { entries, error } = await readAll(await open('tar-multi.tgz'));
    expect(error).toBeUndefined();
    expect(entries.map(shape)).toEqual(ustarSpecs().map(expected));
  });

  it('stops at a header whose checksum fails (corrupt, at its offset), keeping the entries before', async () => {
    const { entries, error } = await readAll(await open('tar-bad-checksum.tar'));
    expect(entries.map((e) => e.path)).toEqual(['sky/']);
    expect(error?.code).toBe('corrupt');
    expect(error?.offset).toBe(BLOCK);
    expect(error?.message).toMatch(/checksum/);
  });

  it('reports a cut archive as truncated inside the entry it cuts', async () => {
    const { entries, error } = await readAll(await open('tar-truncated.tgz'));
    expect(entries.map((e) => e.path)).toEqual(['sky/', 'sky/m31.fits']);
    expect(error?.code).toBe('truncated');
  });

  it('reads an entry over 8 GiB (base-256 size) by streaming past it, and the entry after it', async () => {
    const size = 2 ** 33 + 5;
    const zeros = new Uint8Array(1 << 20);
    const head = tarHeader({ name: 'huge.bin', size, type: '0', mtime: MTIME, format: 'gnu', base256Size: true });
    const after = concat([new Uint8Array(BLOCK - (size % BLOCK)), tarEntry({ name: 'after.txt', data: new TextEncoder().encode('after') }, 'gnu'), tarEnd(0)]);
    let sent = -1;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent < 0) c.enqueue(head);
        else if (sent < size) c.enqueue(zeros.subarray(0, Math.min(zeros.length, size - sent)));
        else return c.close();
        sent = sent < 0 ? 0 : sent + Math.min(zeros.length, size - sent);
        if (sent >= size) c.enqueue(after);
      },
    });
    const reader = new TarReader(stream);
    const huge = await reader.next();
    expect(huge).toMatchObject({ path: 'huge.bin', size, kind: 'file' });
    const next = await reader.next();
    expect(next).toMatchObject({ path: 'after.txt', size: 5, headerOffset: BLOCK + size + (BLOCK - (size % BLOCK)) });
    expect(await reader.next()).toBeNull();
  }, 60_000);

  it('bounds what it holds: a pax header or long name over MAX_META_BYTES is corrupt, as are lying pax records and sizes', async () => {
    const over = tarHeader({ name: 'PaxHeaders/x', size: MAX_META_BYTES + 1, type: 'x', mtime: MTIME, format: 'ustar' });
    expect((await readAll(chunked(concat([over, new Uint8Array(MAX_META_BYTES + BLOCK)]), 65536))).error?.code).toBe('corrupt');
    const lying = concat([paxHeader({ path: 'x' }).map((b, i) => (i === BLOCK ? 0x37 : b)), tarEntry({ name: 'a', data: new Uint8Array(3) }, 'ustar'), tarEnd(0)]);
    // The header's checksum does not cover its data: the record’s length (7 for 9 bytes) is what lies.
    const read = await readAll(chunked(lying, 100));
    expect(read.error?.code).toBe('corrupt');
    expect(read.error?.message).toMatch(/pax/);
    const badSize = tarHeader({ name: 'a', size: 0, type: '0', mtime: MTIME, format: 'ustar' });
    badSize.set(new TextEncoder().encode('0000000009x'), 124);
    badSize.fill(0x20, 148, 156);
    badSize.set(
      new TextEncoder().encode(
        `${badSize
          .reduce((a, b) => a + b, 0)
          .toString(8)
          .padStart(6, '0')}\0 `,
      ),
      148,
    );
    const bad = await readAll(chunked(concat([badSize, tarEnd(0)]), 512));
    expect(bad.error?.code).toBe('corrupt');
    expect(bad.error?.message).toMatch(/size field is not octal/);
  });

  it('ends at the end of the stream when the end-of-archive marker is missing, and says so', async () => {
    const body = tarEntry({ name: 'a.txt', data: new Uint8Array(10) }, 'ustar');
    const read = await readAll(chunked(body, 300));
    expect(read.error).toBeUndefined();
    expect(read.endMarker).toBe(false);
    expect(read.entries.map((e) => e.path)).toEqual(['a.txt']);
    expect((await readAll(chunked(body.subarray(0, 300), 300))).error?.code).toBe('truncated');
  });

  it('sniffs a ustar or GNU header (magic at 257, checksum), nothing else', async () => {
    const ustar = new Uint8Array(await readFile(fixture('tar-ustar.tar')));
    expect(startsAsTar(ustar)).toBe(true);
    expect(startsAsTar(tarEntry(gnuSpecs()[1]!, 'gnu'))).toBe(true);
    expect(startsAsTar(new Uint8Array(await readFile(fixture('tar-bad-checksum.tar'))).subarray(BLOCK))).toBe(false);
    expect(startsAsTar(new Uint8Array(1024))).toBe(false);
  });

  it.skipIf(!hasTar)('lists what GNU tar lists', async () => {
    for (const name of ['tar-ustar.tar', 'tar-pax.tar.gz', 'tar-gnu.tgz', 'tar-multi.tgz']) {
      const { entries } = await readAll(await open(name));
      expect(entries.map(asGnu), name).toEqual(gnuList(fixture(name)));
    }
  });

  it.skipIf(!hasTar)(
    'GNU tar agrees on the 8 GiB base-256 entry (piped, not written)',
    async () => {
      const size = 2 ** 33 + 5;
      const tar = spawn('tar', ['-tv', '--full-time'], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      tar.stdout.on('data', (d) => (out += d));
      const write = (b: Uint8Array) => new Promise<void>((r) => (tar.stdin.write(b) ? r() : tar.stdin.once('drain', r)));
      await write(tarHeader({ name: 'huge.bin', size, type: '0', mtime: MTIME, format: 'gnu', base256Size: true }));
      const zeros = new Uint8Array(1 << 22);
      for (let left = size + (BLOCK - (size % BLOCK)); left > 0; left -= zeros.length) await write(zeros.subarray(0, Math.min(left, zeros.length)));
      await write(concat([tarEntry({ name: 'after.txt', data: new TextEncoder().encode('after') }, 'gnu'), tarEnd(0)]));
      tar.stdin.end();
      await new Promise((r) => tar.on('close', r));
      expect(out).toMatch(new RegExp(` ${size} .* huge\\.bin\\n.* 5 .* after\\.txt`));
    },
    120_000,
  );
});
