/**
 * Untrusted counts, offsets and structures in PDFs (ISO 32000-1 §7.5 file structure, §7.7.3 page
 * tree): /Prev cycles, cyclic and deep page trees, reference loops, huge /Count and /Length,
 * decompression bombs, xref subsections and streams that claim more than the file holds. Every
 * case ends with a record (typed errors, never `internal`) after bounded work.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import type { Field, MetadataRecord } from '../types';
import { extractBytes } from '../../testing/extract-bytes';
import { buildPdf, basicObjects, encodeFilters, xmpPacket } from '../../../scripts/fixtures/pdf';
import { xrefStreamEntries } from './xref';
import { lzw, runLength } from './filters';
import { PdfDict } from './objects';
import { concat } from '../../../scripts/fixtures/bytes';

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 255);
const values = (fields: Field[] | undefined) => Object.fromEntries((fields ?? []).map((f) => [f.key, f.value]));
const doc = (r: MetadataRecord) => values(r.groups.find((g) => g.id === 'document')?.fields);

/**
 * A classic-xref PDF from whole object texts (`N 0 obj … endobj`, or bytes), the trailer's keys
 * given the xref offset.
 */
function assemble(objects: Array<string | Uint8Array>, trailer: (xrefAt: number) => string): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.4\n')];
  let pos = parts[0].length;
  const offsets = new Map<number, number>();
  for (const o of objects) {
    const b = typeof o === 'string' ? latin1(`${o}\n`) : o;
    offsets.set(Number(/^\d+/.exec(String.fromCharCode(...b.subarray(0, 12)))![0]), pos);
    parts.push(b);
    pos += b.length;
  }
  const size = Math.max(...offsets.keys()) + 1;
  let t = `xref\n0 ${size}\n0000000000 65535 f\r\n`;
  for (let n = 1; n < size; n++) t += offsets.has(n) ? `${String(offsets.get(n)).padStart(10, '0')} 00000 n\r\n` : '0000000000 00000 f\r\n';
  parts.push(latin1(`${t}trailer\n<< /Size ${size} ${trailer(pos)} >>\nstartxref\n${pos}\n%%EOF\n`));
  return concat(parts);
}

const catalog = '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj';

/** LZW codes as bits, each at the width the decoder reads it (ISO 32000-1 §7.4.4.2, /EarlyChange 1). */
function lzwBits(codes: number[]): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let n = 0;
  let width = 9;
  let next = 258;
  let first = true;
  for (const c of codes) {
    acc = (acc << width) | c;
    n += width;
    while (n >= 8) {
      out.push((acc >>> (n - 8)) & 255);
      n -= 8;
    }
    acc &= (1 << n) - 1;
    if (c === 256) [width, next, first] = [9, 258, true];
    else if (first) first = false;
    else if (next < 4096) {
      next++;
      if (next + 1 >= 1 << width && width < 12) width++;
    }
  }
  if (n) out.push((acc << (8 - n)) & 255);
  return Uint8Array.from(out);
}

/** A one-page PDF whose XMP stream (object 4) has `filter` and the raw `data`. */
const withXmpStream = (filter: string, data: Uint8Array) =>
  assemble(
    [
      '1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >> endobj',
      new Uint8Array([...latin1(`4 0 obj << /Type /Metadata /Subtype /XML /Filter ${filter} /Length ${data.length} >>\nstream\n`), ...data, ...latin1('\nendstream\nendobj\n')]),
    ],
    () => '/Root 1 0 R',
  );
const page = '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >> endobj';
const run = async (bytes: Uint8Array) => {
  const { r, source, ms } = await extractBytes(bytes, 'hostile.pdf');
  expect(r.errors.map((e) => e.code)).not.toContain('internal');
  return { r, source, ms };
};

describe('PDF untrusted sizes and structures', () => {
  it('a /Prev pointing at its own section: followed once, with a warning', async () => {
    const { r } = await run(assemble([catalog, '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj', page], (x) => `/Root 1 0 R /Prev ${x}`));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/loops back/)]);
    expect(values(r.summary)).toMatchObject({ pages: 1, page_size: '100 x 100 pts' });
  });

  it('a cyclic page tree: page 1 not found, the count still shown, a warning', async () => {
    const { r } = await run(assemble([catalog, '2 0 obj << /Type /Pages /Kids [2 0 R] /Count 5 >> endobj'], () => '/Root 1 0 R'));
    expect(r.errors).toEqual([]);
    expect(values(r.summary).pages).toBe(5);
    expect(r.warnings).toContainEqual(expect.stringMatching(/Page 1 could not be read: the page tree is cyclic or too deep/));
  });

  it('a page tree 500 levels deep: bounded, a warning', async () => {
    const nodes = Array.from({ length: 500 }, (_, i) => `${10 + i} 0 obj << /Type /Pages /Kids [${11 + i} 0 R] /Count 1 >> endobj`);
    const { r, ms } = await run(assemble(['1 0 obj << /Type /Catalog /Pages 10 0 R >> endobj', ...nodes, '510 0 obj << /Type /Page >> endobj'], () => '/Root 1 0 R'));
    expect(r.warnings).toContainEqual(expect.stringMatching(/too deep/));
    expect(ms).toBeLessThan(5000);
  });

  it('a /Count of 2^40 is shown, not walked', async () => {
    const { r, ms } = await run(assemble([catalog, '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1099511627776 >> endobj', page], () => '/Root 1 0 R'));
    expect(values(r.summary).pages).toBe(2 ** 40);
    expect(ms).toBeLessThan(5000);
  });

  it('a reference loop (Info → 5 → 6 → 5) is a warning', async () => {
    const { r } = await run(assemble([catalog, '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj', page, '5 0 obj 6 0 R endobj', '6 0 obj 5 0 R endobj'], () => '/Root 1 0 R /Info 5 0 R'));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/Info dictionary could not be read: a reference chain is too long/)]);
  });

  it('a huge /Length on the XMP stream: the data is taken up to endstream, with a warning', async () => {
    const xmp = xmpPacket({ title: 'T', creator: 'C', producer: 'P' });
    const stream = new Uint8Array([...latin1('4 0 obj << /Type /Metadata /Subtype /XML /Length 999999999999 >>\nstream\n'), ...xmp, ...latin1('\nendstream\nendobj\n')]);
    const { r } = await run(
      assemble(['1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >> endobj', '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj', page, stream], () => '/Root 1 0 R'),
    );
    expect(r.warnings).toContainEqual(expect.stringMatching(/\/Length \(object 4\) is wrong/));
    expect(values(r.summary).xmp).toBe(true);
  });

  it('a decompression bomb in the XMP stream (20 MB of zeros in 20 KB): stopped at 8 MiB, a warning', async () => {
    const bomb = deflateSync(new Uint8Array(20_000_000));
    const stream = new Uint8Array([...latin1(`4 0 obj << /Type /Metadata /Subtype /XML /Filter /FlateDecode /Length ${bomb.length} >>\nstream\n`), ...bomb, ...latin1('\nendstream\nendobj\n')]);
    const { r, source } = await run(
      assemble(['1 0 obj << /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >> endobj', '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj', page, stream], () => '/Root 1 0 R'),
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual(expect.stringMatching(/XMP metadata stream could not be read: Stream 4: decompressed data exceeds the 8388608-byte bound/));
    expect(values(r.summary).pages).toBe(1);
    expect(source.bytesRead).toBeLessThan(bomb.length + 10_000);
  });

  it('an LZW code table overflow (entries past 4096, never cleared): no new entries, and the output bound ends it as a warning', async () => {
    // Each code the one being defined (KwKwK): entry k is k − 256 bytes long; then the last entry over and over.
    const codes = [256, 65, ...Array.from({ length: 4096 - 258 }, (_, i) => 258 + i), ...Array.from<number>({ length: 2000 }).fill(4095), 257];
    const data = lzwBits(codes);
    expect(() => lzw(data, 1, 1 << 20)).toThrow(/exceeds the 1048576-byte bound/);
    // With room: 1 + (2 + … + 3839) bytes filling the table, then entry 4095 (3839 bytes) 2000 times, no entry added past 4095.
    expect(lzw(data, 1, 64 << 20).length).toBe(1 + (3839 * 3840) / 2 - 1 + 2000 * 3839);
    // A code beyond the table ends the data; what came before is kept.
    expect(lzw(lzwBits([256, 65, 258, 300, 66, 257]), 1, 1000)).toEqual(Uint8Array.from([65, 65, 65]));
    const { r, ms } = await run(withXmpStream('/LZWDecode', data));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual(expect.stringMatching(/XMP metadata stream could not be read: Stream 4: decoded data exceeds the 8388608-byte bound/));
    expect(values(r.summary).pages).toBe(1);
    expect(ms).toBeLessThan(5000);
  });

  it('an ASCII85 stream without ~>: decoded to its end; a byte outside base 85 is a warning', async () => {
    const a85 = encodeFilters(xmpPacket({ title: 'T', creator: 'C', producer: 'P' }), ['A85']);
    const { r } = await run(withXmpStream('/ASCII85Decode', a85.subarray(0, a85.length - 2)));
    expect(r.errors).toEqual([]);
    expect(values(r.summary).xmp).toBe(true);
    const bad = a85.slice();
    bad[10] = 0x7b;
    const { r: r2 } = await run(withXmpStream('/ASCII85Decode', bad));
    expect(r2.warnings).toContainEqual(expect.stringMatching(/XMP metadata stream could not be read: Stream 4: ASCII85Decode: the byte 0x7b is not base-85/));
  });

  it('a RunLength stream ending mid-run: what is there is kept, no EOD needed', async () => {
    expect([...runLength(Uint8Array.from([5, 97, 98]), 1000)]).toEqual([97, 98]);
    expect([...runLength(Uint8Array.from([1, 97, 98, 200]), 1000)]).toEqual([97, 98]);
    expect(() =>
      runLength(
        Uint8Array.from({ length: 2000 }, (_, i) => (i % 2 ? 0 : 129)),
        10_000,
      ),
    ).toThrow(/exceeds the 10000-byte bound/);
    const rl = encodeFilters(xmpPacket({ title: 'T', creator: 'C', producer: 'P' }), ['RL']);
    const { r } = await run(withXmpStream('/RunLengthDecode', rl.subarray(0, rl.length - 4)));
    expect(r.errors).toEqual([]);
    expect(values(r.summary).pages).toBe(1);
  });

  it('a chain of 9 filters is refused; an unknown filter is a warning', async () => {
    const { r } = await run(withXmpStream(`[${'/RL '.repeat(9)}]`, Uint8Array.from([128])));
    expect(r.warnings).toContainEqual(expect.stringMatching(/too many filters/));
    const { r: r2 } = await run(withXmpStream('/JBIG2Decode', Uint8Array.from([1, 2, 3])));
    expect(r2.warnings).toContainEqual(expect.stringMatching(/unsupported stream filter JBIG2Decode/));
  });

  it('an xref subsection claiming 10^8 entries in a small file: the scan takes over', async () => {
    const bytes = assemble([catalog, '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj', page], () => '/Root 1 0 R');
    const patched = String.fromCharCode(...bytes).replace('xref\n0 4\n', 'xref\n0 100000000\n');
    const { r } = await run(latin1(patched));
    expect(r.warnings).toContainEqual(expect.stringMatching(/scanned for objects/));
    expect(values(r.summary).pages).toBe(1);
  });

  it('startxref outside the file: the scan takes over', async () => {
    const bytes = String.fromCharCode(...assemble([catalog, '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj', page], () => '/Root 1 0 R'));
    const { r } = await run(latin1(bytes.replace(/startxref\n\d+/, 'startxref\n999999999999')));
    expect(r.warnings).toContainEqual(expect.stringMatching(/scanned for objects/));
    expect(doc(r).xref).toBe('scan');
  });

  it('an object stream declaring more objects than it lists: a warning, the listed ones read', async () => {
    const bytes = await buildPdf({ version: '1.5', objects: basicObjects({ pages: 1, packed: true }), root: 1, info: 20, xref: 'stream' });
    const text = String.fromCharCode(...bytes);
    const { r } = await run(latin1(text.replace('/Type /ObjStm /N 4 ', '/Type /ObjStm /N 9 ')));
    expect(r.warnings).toContainEqual(expect.stringMatching(/declares 9 objects but lists 4/));
    expect(values(r.summary).pages).toBe(1);
  });

  it('an xref stream whose /Index claims 2^31 entries yields only the rows its data holds', () => {
    const d = new PdfDict();
    d.map.set('W', [1, 2, 1]);
    d.map.set('Index', [0, 2 ** 31]);
    const entries = xrefStreamEntries(d, Uint8Array.from([1, 0, 10, 0, 1, 0, 20, 0]), 1000);
    expect([...entries.keys()]).toEqual([0, 1]);
    d.map.set('W', [1, 2 ** 40, 1]);
    expect(() => xrefStreamEntries(d, new Uint8Array(8), 1000)).toThrow(/bad \/W/);
  });

  it('a damaged /Encrypt dictionary: corrupt, not internal (a fuzzer find)', async () => {
    const bytes = await buildPdf({ version: '1.7', objects: basicObjects(), root: 1, info: 20, xref: 'table', encryption: { r: 6, userPassword: '', ownerPassword: 'o', p: -4, num: 50 } });
    const text = String.fromCharCode(...bytes);
    expect(text).toContain('/Filter /Standard /V 5');
    const { r } = await run(latin1(text.replace('/Filter /Standard /V 5', '/Filter /Standard <V 5')));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'corrupt' })]);
  });

  it('garbage after the header: a typed error', async () => {
    const junk = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) & 255);
    junk.set(latin1('%PDF-1.7\n'));
    const { r } = await run(junk);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(['corrupt', 'too-large']).toContain(r.errors[0].code);
  });

  it('a file cut in half: the scan recovers what is there', async () => {
    const bytes = await buildPdf({ version: '1.4', objects: basicObjects({ pages: 2 }), root: 1, info: 20, xref: 'table' });
    const { r } = await run(bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    expect(r.errors.map((e) => e.code).every((c) => c === 'corrupt')).toBe(true);
  });
});
