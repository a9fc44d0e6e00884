import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Field, MetadataRecord } from '../types';
import { DEFAULT_OPTIONS } from '../types';
import { extractPath } from '../../node/extract-path';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { IMG_PAYLOAD, URL_PAYLOAD } from '../../../scripts/fixtures/payloads';
import { INFO, writeFixtures } from '../../../scripts/fixtures/pdf';
import { CORPUS_DIR } from '../../testing/conformance/corpus';
import { BytesSource } from '../source/bytes-source';
import { extractRecord } from '../run';
import { statusOf } from '../status';
import { md5, rc4 } from './crypt';
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
  const fixtureNames = ['pdf-catalog-version.pdf', 'pdf-classic.pdf', 'pdf-xref-stream.pdf', 'pdf-incremental.pdf', 'pdf-linearized.pdf', 'pdf-security.pdf', 'pdf-aes256.pdf', 'pdf-rc4.pdf'];
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
