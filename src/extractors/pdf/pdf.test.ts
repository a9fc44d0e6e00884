import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Field, MetadataRecord } from '../types';
import { DEFAULT_OPTIONS } from '../types';
import { extractPath } from '../../node/extract-path';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { IMG_PAYLOAD, URL_PAYLOAD } from '../../../scripts/fixtures/payloads';
import { basicObjects, buildPdf, encodeFilters, INFO, withXmp, writeFixtures, type FilterName } from '../../../scripts/fixtures/pdf';
import { CORPUS_DIR } from '../../testing/conformance/corpus';
import { BytesSource } from '../source/bytes-source';
import { extractRecord } from '../run';
import { statusOf } from '../status';
import { md5, rc4 } from './crypt';
import { ascii85, decodeStream, lzw, runLength } from './filters';
import { PdfDict, PdfName } from './objects';
import { readPdf } from './read';
import { sniffPdf } from './sniff';
import { pdfDate } from './text';
import { pageSize } from './present';

const path = fixtureFolder('pdf-test-', writeFixtures);
const run = (name: string): Promise<MetadataRecord> => extractPath(path(name));
const values = (fields: Field[] | undefined) => Object.fromEntries((fields ?? []).map((f) => [f.key, f.value]));
const group = (r: MetadataRecord, id: string) => r.groups.find((g) => g.id === id);
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('pdf extractor on fixtures', () => {
  it('classic xref: Info with payloads and a custom key, XMP parsed, PDF/A, Info/XMP disagreement warned', async () => {
    const r = await run('pdf-classic.pdf');
    expect(r.errors).toEqual([]);
    expect(r.format).toEqual({ id: 'pdf', name: 'PDF', version: '1.4' });
    expect(values(r.summary)).toMatchObject({
      pdf_version: '1.4',
      pages: 2,
      page_size: '612 x 792 pts (letter)',
      Title: IMG_PAYLOAD,
      Author: URL_PAYLOAD,
      encrypted: false,
      linearized: false,
      xmp: true,
      pdfa: 'PDF/A-2b',
    });
    const info = values(group(r, 'info')?.fields);
    expect(info).toMatchObject({ Title: IMG_PAYLOAD, Company: INFO.Company, CreationDate: '2024-02-03T04:05:06Z', ModDate: '2024-03-04T05:06:07+01:00' });
    expect(group(r, 'info')?.fields.find((f) => f.key === 'ModDate')?.raw).toBe(INFO.ModDate);
    expect(r.warnings).toEqual([expect.stringMatching(/Info \/Producer and the XMP pdf:Producer differ/)]);
    expect(group(r, 'info')?.fields.find((f) => f.key === 'Producer')?.comment).toBe('XMP pdf:Producer says: Another producer');
    const xmp = group(r, 'xmp')!.children!;
    expect(values(xmp.find((g) => g.id === 'xmp-dc')?.fields)).toMatchObject({ 'dc:title': IMG_PAYLOAD });
    expect(values(group(r, 'document')?.fields)).toMatchObject({ xref: 'table', xref_sections: 1, incremental_updates: 0, object_streams: 0, page1_size: [612, 792], page1_rotate: 0 });
  });

  it('xref stream with an object stream (PNG Up predictor)', async () => {
    const r = await run('pdf-xref-stream.pdf');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(values(r.summary)).toMatchObject({ pdf_version: '1.5', pages: 3, Title: IMG_PAYLOAD });
    expect(values(group(r, 'document')?.fields)).toMatchObject({ xref: 'stream', object_streams: 1 });
  });

  it('incremental updates: the newest Info and page tree, two updates counted', async () => {
    const r = await run('pdf-incremental.pdf');
    expect(r.errors).toEqual([]);
    expect(values(r.summary)).toMatchObject({ Title: 'Updated title', pages: 1, page_size: '300 x 400 pts' });
    expect(values(group(r, 'document')?.fields)).toMatchObject({ xref_sections: 3, incremental_updates: 2 });
  });

  it('linearized, and a linearization dictionary whose /L is not the file size', async () => {
    const r = await run('pdf-linearized.pdf');
    expect(values(r.summary)).toMatchObject({ linearized: true, pdf_version: '1.6' });
    const bytes = new Uint8Array(await readFile(path('pdf-linearized.pdf')));
    const grown = new Uint8Array(bytes.length + 10);
    grown.set(bytes);
    grown.fill(0x20, bytes.length);
    const { model } = await readPdf(new BytesSource(grown, 'x.pdf'), { options: DEFAULT_OPTIONS, warn: () => {} });
    expect(model.linearized).toBe(false);
    expect(model.linearizationStale).toBe(true);
  });

  it('damaged xref: rebuilt by scanning, with a warning', async () => {
    const r = await run('pdf-damaged-xref.pdf');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/scanned for objects/)]);
    expect(values(r.summary)).toMatchObject({ pages: 1, Title: IMG_PAYLOAD });
    expect(values(group(r, 'document')?.fields)).toMatchObject({ xref: 'scan' });
  });

  it('a catalog /Version later than the header wins, as in pdfinfo', async () => {
    const r = await run('pdf-catalog-version.pdf');
    expect(r.format.version).toBe('1.7');
    expect(r.summary.find((f) => f.key === 'pdf_version')).toMatchObject({ value: '1.7', comment: 'catalog /Version; the header says 1.4' });
    expect(values(group(r, 'document')?.fields)).toMatchObject({ header_version: '1.4', catalog_version: '1.7' });
  });

  it('junk before %PDF-', async () => {
    const r = await run('pdf-junk-prefix.pdf');
    expect(r.format.id).toBe('pdf');
    expect(values(r.summary)).toMatchObject({ pdf_version: '1.3', Title: IMG_PAYLOAD });
    expect(values(group(r, 'document')?.fields)).toMatchObject({ header_offset: 26 });
  });

  it('security facts: JavaScript, embedded files, form fields, a signature, links', async () => {
    const r = await run('pdf-security.pdf');
    expect(r.errors).toEqual([]);
    const s = values(group(r, 'security')?.fields);
    expect(s).toMatchObject({ javascript: true, embedded_files: 2, acroform: true, form_fields: 2, xfa: false, signatures: 1, link_annotations: 1, annotations: 2 });
    expect(group(r, 'security')?.fields.find((f) => f.key === 'javascript')?.comment).toMatch(/Names \/JavaScript: 1.*OpenAction/);
    const sig = group(r, 'security')!.children![0];
    expect(values(sig.fields)).toMatchObject({ field: 'sig', Name: IMG_PAYLOAD, M: '2024-05-06T07:08:09Z', ByteRange: [0, 10, 20, 30], covers_whole_file: false });
  });

  it('AES-256 (R6) with an empty user password: Info and XMP decrypted, permissions decoded', async () => {
    const r = await run('pdf-aes256.pdf');
    expect(r.errors).toEqual([]);
    expect(values(r.summary)).toMatchObject({ encrypted: true, password_needed: false, Title: IMG_PAYLOAD, Author: URL_PAYLOAD, xmp: true });
    expect(values(group(r, 'info')?.fields)).toMatchObject({ Company: INFO.Company });
    // P = -3904: bits 3–6 and 9–12 clear (ISO 32000-1 Table 22).
    expect(values(group(r, 'encryption')?.fields)).toMatchObject({
      Filter: 'Standard',
      V: 5,
      R: 6,
      Length: 256,
      algorithm: 'AES-256',
      P: -3904,
      print: false,
      copy: false,
      modify: false,
      opened: true,
    });
  });

  it('RC4 128-bit (R3) with an empty user password', async () => {
    const r = await run('pdf-rc4.pdf');
    expect(r.errors).toEqual([]);
    expect(values(r.summary)).toMatchObject({ encrypted: true, password_needed: false, Title: IMG_PAYLOAD });
    expect(values(group(r, 'encryption')?.fields)).toMatchObject({ V: 2, R: 3, Length: 128, algorithm: 'RC4 128-bit', print: true, copy: true, modify: false });
  });

  it('a file needing a password: partial, with encryption, version and page count; a password option opens it', async () => {
    const r = await run('pdf-password.pdf');
    expect(statusOf(r)).toBe('partial');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'password-required', message: expect.stringMatching(/needs a password/) })]);
    expect(values(r.summary)).toMatchObject({ encrypted: true, password_needed: true, pages: 2, pdf_version: '1.7' });
    expect(values(r.summary).Title).toBeUndefined();
    expect(values(group(r, 'info')?.fields)).toEqual({ locked: true });
    const bytes = new Uint8Array(await readFile(path('pdf-password.pdf')));
    for (const password of ['secret', 'owner']) {
      const { model, errors } = await readPdf(new BytesSource(bytes, 'p.pdf'), { options: DEFAULT_OPTIONS, warn: () => {} }, { password });
      expect(errors).toEqual([]);
      expect(model.info.find((e) => e.key === 'Title')?.value).toBe(IMG_PAYLOAD);
    }
  });

  it('the password option opens it through extractRecord; a wrong one is password-required again; the record never holds the password', async () => {
    const bytes = new Uint8Array(await readFile(path('pdf-password.pdf')));
    const open = (password: string) => extractRecord({ source: new BytesSource(bytes, 'p.pdf'), options: { password } });
    const opened = await open('secret');
    expect(opened.errors).toEqual([]);
    expect(values(opened.summary)).toMatchObject({ password_needed: false, Title: IMG_PAYLOAD });
    expect(JSON.stringify(opened)).not.toContain('secret');
    const wrong = await open('not-it');
    expect(wrong.errors).toEqual([expect.objectContaining({ code: 'password-required', message: expect.stringMatching(/password does not open/) })]);
    expect(values(wrong.summary).Title).toBeUndefined();
    expect(JSON.stringify(wrong)).not.toContain('not-it');
  });
});

describe('pdf extractor: filters, header offsets, /Perms, crypt filters', () => {
  const producerOnly = (r: MetadataRecord) => expect(r.warnings).toEqual([expect.stringMatching(/Info \/Producer and the XMP pdf:Producer differ/)]);

  it('an LZW object stream and an XMP stream in ASCII85 over Flate (ISO 32000-1 §7.4.3, §7.4.4)', async () => {
    const r = await run('pdf-filters.pdf');
    expect(r.errors).toEqual([]);
    producerOnly(r);
    expect(values(r.summary)).toMatchObject({ pages: 1, Title: IMG_PAYLOAD, xmp: true, pdfa: 'PDF/A-2b' });
    expect(values(group(r, 'document')?.fields)).toMatchObject({ xref: 'stream', object_streams: 1 });
    expect(values(group(r, 'xmp')!.children!.find((g) => g.id === 'xmp-dc')?.fields)).toMatchObject({ 'dc:title': IMG_PAYLOAD });
  });

  it('an XMP stream through ASCIIHex, LZW with /EarlyChange 0 and RunLength (§7.4.5)', async () => {
    const r = await run('pdf-filter-chain.pdf');
    expect(r.errors).toEqual([]);
    producerOnly(r);
    expect(values(r.summary)).toMatchObject({ xmp: true, pdfa: 'PDF/A-2b' });
  });

  it('junk before %PDF- with offsets counted from the header: read through the xref, not the scan (§7.5.2)', async () => {
    const r = await run('pdf-junk-relative.pdf');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual(['26 bytes come before the %PDF- header.', expect.stringMatching(/count from the %PDF- header.*\(1 xref sections and 4 objects found 26 bytes later\)/)]);
    expect(values(r.summary)).toMatchObject({ pdf_version: '1.3', pages: 1, Title: IMG_PAYLOAD });
    expect(values(group(r, 'document')?.fields)).toMatchObject({ xref: 'table', header_offset: 26 });
    // The same with an xref stream and an object stream.
    const bytes = await buildPdf({ version: '1.5', objects: basicObjects({ pages: 1, packed: true }), root: 1, info: 20, xref: 'stream', junk: 'x'.repeat(100), junkRelative: true });
    const { model } = await readPdf(new BytesSource(bytes, 'j.pdf'), { options: DEFAULT_OPTIONS, warn: () => {} });
    expect(model.xrefKind).toBe('stream');
    expect(model.info.find((e) => e.key === 'Title')?.value).toBe(IMG_PAYLOAD);
  });

  it('AES-256 R6: /Perms agrees with /P on the fixture and the corpus file, a tampered /P is warned (ISO 32000-2 Algorithm 13)', async () => {
    const good = await run('pdf-aes256.pdf');
    expect(good.warnings.filter((w) => /tampered/.test(w))).toEqual([]);
    const r = await run('pdf-aes256-tampered.pdf');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual(expect.stringMatching(/tampered with: \/P is -4 but the encrypted \/Perms says -3904/));
    expect(values(group(r, 'encryption')?.fields)).toMatchObject({ P: -4, print: true });
    const corpusFile = join(CORPUS_DIR, 'pdf', 'generated_encrypted_aes256_open.pdf');
    if (existsSync(corpusFile)) {
      const c = await extractPath(corpusFile);
      expect(c.errors).toEqual([]);
      expect(values(group(c, 'encryption')?.fields)).toMatchObject({ R: 6, opened: true });
      expect(c.warnings.filter((w) => /tampered/.test(w))).toEqual([]);
    }
  });

  it('/EncryptMetadata false with an /Identity /Crypt filter: the XMP is read with and without the password (§7.4.10, §7.6.5)', async () => {
    const locked = await run('pdf-aes256-plain-xmp.pdf');
    expect(locked.errors).toEqual([expect.objectContaining({ code: 'password-required' })]);
    expect(values(locked.summary)).toMatchObject({ password_needed: true, xmp: true });
    expect(values(group(locked, 'encryption')?.fields)).toMatchObject({ EncryptMetadata: false });
    const bytes = new Uint8Array(await readFile(path('pdf-aes256-plain-xmp.pdf')));
    const { model, errors } = await readPdf(new BytesSource(bytes, 'p.pdf'), { options: DEFAULT_OPTIONS, warn: () => {} }, { password: 'secret' });
    expect(errors).toEqual([]);
    expect(model.xmp).toBeDefined();
    expect(model.info.find((e) => e.key === 'Title')?.value).toBe(IMG_PAYLOAD);
  });

  it('an /Identity /Crypt filter with /EncryptMetadata true, a named crypt filter, and an undefined one', async () => {
    const enc = { r: 6 as const, userPassword: '', ownerPassword: 'owner', p: -4, num: 50 };
    const read = async (crypt: string) => {
      const warnings: string[] = [];
      const bytes = await buildPdf({ version: '1.7', objects: withXmp(basicObjects({ xmp: true }), { crypt }), root: 1, info: 20, xref: 'table', encryption: enc });
      const { model } = await readPdf(new BytesSource(bytes, 'c.pdf'), { options: DEFAULT_OPTIONS, warn: (m) => warnings.push(m) });
      return { model, warnings };
    };
    expect((await read('Identity')).model.xmp).toBeDefined();
    expect((await read('StdCF')).model.xmp).toBeDefined();
    const bad = await read('NoSuchCF');
    expect(bad.model.xmp).toBeUndefined();
    expect(bad.warnings).toContainEqual(expect.stringMatching(/crypt filter \/NoSuchCF is not defined/));
  });
});

describe('pdf filters (ISO 32000-1 §7.4)', () => {
  const enc = new TextEncoder();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  const dictOf = (filters: FilterName[], parms?: Array<PdfDict | null>) => {
    const d = new PdfDict();
    const names: Record<FilterName, string> = { Fl: 'FlateDecode', LZW: 'LZWDecode', LZW0: 'LZWDecode', A85: 'ASCII85Decode', AHx: 'ASCIIHexDecode', RL: 'RunLengthDecode' };
    d.map.set(
      'Filter',
      filters.map((f) => new PdfName(names[f])),
    );
    d.map.set(
      'DecodeParms',
      parms ??
        filters.map((f) => {
          if (f !== 'LZW0') return null;
          const p = new PdfDict();
          p.map.set('EarlyChange', 0);
          return p;
        }),
    );
    return d;
  };

  it('known vectors: the LZW example of §7.4.4.2, ASCII85, RunLength', () => {
    expect(text(lzw(Uint8Array.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]), 1, 1000))).toBe('-----A---B');
    expect(text(ascii85(enc.encode('9jqo^BlbD-BleB1DJ+*+F(f,q~>'), 1000))).toBe('Man is distinguished');
    expect([...ascii85(enc.encode('z9jq\no~>'), 1000)]).toEqual([0, 0, 0, 0, 77, 97, 110]);
    expect([...ascii85(enc.encode('s8W-!~>'), 1000)]).toEqual([255, 255, 255, 255]);
    expect(() => ascii85(enc.encode('s8W-"~>'), 1000)).toThrow(/exceeds 2\^32/);
    expect(() => ascii85(enc.encode('9jq{o~>'), 1000)).toThrow(/not base-85/);
    expect(text(runLength(Uint8Array.from([2, 97, 98, 99, 254, 120, 128, 100]), 1000))).toBe('abcxxx');
  });

  it('round trips of every filter and chains in any order, LZW past a table clear and with a PNG predictor', async () => {
    const data = Uint8Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? (i * 31) & 255 : (i >> 4) & 255));
    const chains: FilterName[][] = [['LZW'], ['LZW0'], ['A85'], ['RL'], ['AHx'], ['A85', 'Fl'], ['AHx', 'LZW0', 'RL'], ['RL', 'A85', 'LZW'], ['Fl', 'RL']];
    for (const chain of chains) expect(await decodeStream(dictOf(chain), encodeFilters(data, chain), 1 << 20), chain.join('+')).toEqual(data);
    // PNG Up rows of 4 bytes under LZW (§7.4.4.4).
    const rows = [1, 2, 3, 4, 1, 2, 3, 4, 5, 5, 5, 5];
    const predicted = Uint8Array.from([2, 1, 2, 3, 4, 2, 0, 0, 0, 0, 2, 4, 3, 2, 1]);
    const parms = new PdfDict();
    parms.map.set('Predictor', 12);
    parms.map.set('Columns', 4);
    expect([...(await decodeStream(dictOf(['LZW'], [parms]), encodeFilters(predicted, ['LZW']), 1000))]).toEqual(rows);
  });

  it('every filter stops at the output bound as too-large', async () => {
    const zeros = new Uint8Array(100_000);
    for (const chain of [['LZW'], ['A85'], ['RL']] as FilterName[][]) {
      await expect(decodeStream(dictOf(chain), encodeFilters(zeros, chain), 50_000), chain[0]).rejects.toMatchObject({ bomb: true });
    }
  });
});

describe('pdf parts', () => {
  it('MD5 (RFC 1321 A.5 test suite) and RC4', () => {
    const enc = new TextEncoder();
    expect(hex(md5(enc.encode('')))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex(md5(enc.encode('abc')))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hex(md5(enc.encode('12345678901234567890123456789012345678901234567890123456789012345678901234567890')))).toBe('57edf4a22be3c955ac49da2e2107b67a');
    // RC4 test vector: key "Key", plaintext "Plaintext".
    expect(hex(rc4(enc.encode('Key'), enc.encode('Plaintext')))).toBe('bbf316e8d940af0ad3');
  });

  it('sniffs %PDF- within the first 1024 bytes only', () => {
    const at = (n: number) => {
      const b = new Uint8Array(n + 8);
      b.set(new TextEncoder().encode('%PDF-1.7'), n);
      return b;
    };
    expect(sniffPdf(at(0))).toBe('yes');
    expect(sniffPdf(at(1019))).toBe('yes');
    expect(sniffPdf(at(1020))).toBe('no');
  });

  it('PDF dates (ISO 32000-1 §7.9.4)', () => {
    expect(pdfDate("D:20240102030405+05'30'")).toBe('2024-01-02T03:04:05+05:30');
    expect(pdfDate('D:2024')).toBe('2024-01-01T00:00:00');
    expect(pdfDate('D:20241302')).toBeUndefined();
    expect(pdfDate('yesterday')).toBeUndefined();
  });

  it('page size applies UserUnit', () => {
    expect(pageSize({ page1: { mediaBox: [0, 0, 100, 200], rotate: 0, userUnit: 2 } } as never)).toEqual([200, 400]);
  });
});

/**
 * Cross-check with pdf.js (pdfjs-dist, legacy build, in Node; tests only): page count, Info
 * Title and page 1's view agree on every fixture and corpus PDF that opens without a password.
 */
describe('pdf.js cross-check', async () => {
  // pdfjs-dist 6 uses Promise.withResolvers (Node ≥ 22); the tests run on Node 20 too.
  const P = Promise as unknown as { withResolvers?: unknown };
  P.withResolvers ??= function withResolvers<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const corpus = join(CORPUS_DIR, 'pdf');
  const corpusFiles = existsSync(corpus) ? readdirSync(corpus).map((f) => join(corpus, f)) : [];
  const fixtureNames = [
    'pdf-catalog-version.pdf',
    'pdf-classic.pdf',
    'pdf-xref-stream.pdf',
    'pdf-incremental.pdf',
    'pdf-linearized.pdf',
    'pdf-security.pdf',
    'pdf-aes256.pdf',
    'pdf-rc4.pdf',
    'pdf-filters.pdf',
    'pdf-filter-chain.pdf',
    'pdf-junk-relative.pdf',
    'pdf-aes256-tampered.pdf',
  ];
  it.each([...fixtureNames, ...corpusFiles])('%s', async (name) => {
    const file = name.includes('/') ? name : path(name);
    const data = new Uint8Array(await readFile(file));
    const task = pdfjs.getDocument({ data: data.slice(), verbosity: 0 });
    const doc = await task.promise;
    const meta = (await doc.getMetadata()) as { info: Record<string, unknown> };
    const page = await doc.getPage(1);
    const r = await extractPath(file);
    const s = values(r.summary);
    expect(s.pages).toBe(doc.numPages);
    expect(s.Title ?? null).toBe(meta.info.Title ?? null);
    const [x0, y0, x1, y1] = page.view;
    expect(values(group(r, 'document')?.fields).page1_size).toEqual([x1 - x0, y1 - y0]);
    await task.destroy();
  });
});
