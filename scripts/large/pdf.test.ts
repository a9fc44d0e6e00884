/**
 * Large PDF (issue 16): 50 MB, 2,000 pages, intact classic xref of 4,050 entries. Measured in Node
 * 20 on the 2-core test machine (tsx; extractPath, the file's 4th extraction in one process):
 * this reader 95,821 bytes in 8 reads, 1.4–11 ms warm (65 ms cold, module loading included);
 * pdf.js 6.5.438 (legacy build, PDFDataRangeTransport, disableAutoFetch, disableStream, 64 KiB
 * chunks: getDocument, getMetadata, getPage(1)) 292,429 bytes in 5 reads, 36–53 ms warm, 106 ms
 * cold, for fewer facts (no xref structure, no security facts) and a 1.8 MB bundle.
 */
import { describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { fieldValues, largeFileSuite } from './large-file-suite';
import { LARGE_PDF_PAGES, writeLargePdf } from './pdf';

const large = largeFileSuite('large-pdf-', writeLargePdf);

describe('large PDF (50 MB, 2,000 pages, classic xref)', () => {
  it('is written sparse with the planned size', async () => {
    const st = await stat(large.path);
    expect(st.size).toBeGreaterThan(50_000_000);
    expect(st.blocks * 512).toBeLessThan(16 * 1024 * 1024);
  });

  it('extracts pages, page 1 and Info without errors', () => {
    expect(large.record.errors).toEqual([]);
    expect(large.record.warnings).toEqual([]);
    expect(fieldValues(large.record.summary)).toMatchObject({ pdf_version: '1.4', pages: LARGE_PDF_PAGES, page_size: '595 x 842 pts (A4)', Title: 'MetaExtract large PDF', encrypted: false });
    const doc = fieldValues(large.record.groups.find((g) => g.id === 'document')!.fields);
    expect(doc).toMatchObject({ xref: 'table', xref_sections: 1, incremental_updates: 0, objects: 4050 });
    const security = large.record.groups.find((g) => g.id === 'security')!.fields;
    expect(security.find((f) => f.key === 'link_annotations')?.comment).toBe('first 50 of 2000 pages read (at most 50)');
  });

  it('reads at most 1 MiB', () => {
    expect(large.record.stats.bytesRead).toBeGreaterThan(0);
    expect(large.record.stats.bytesRead).toBeLessThanOrEqual(1024 * 1024);
  });
});
