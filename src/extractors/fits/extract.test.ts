import { extractPath } from '../../node/extract-path';
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Field, FieldGroup, MetadataRecord } from '../types';
import { extractRecord } from '../run';
import { FileHandleSource } from '../../node/file-handle-source';
import { BlobSource } from '../source/blob-source';
import { writeFixtures } from '../../../scripts/fixtures/fits';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { corpusFacts } from '../../testing/facts/fits';

const file = fixtureFolder('fits-fixtures-', writeFixtures);

async function extract(name: string, options?: Parameters<typeof extractRecord>[0]['options']): Promise<MetadataRecord> {
  return extractPath(file(name), { options });
}

const values = (fields: readonly Field[]) => Object.fromEntries(fields.map((f) => [f.key, f.value]));
const group = (r: MetadataRecord | FieldGroup, id: string): FieldGroup => {
  const list = 'groups' in r ? r.groups : (r.children ?? []);
  const g = list.find((x) => x.id === id);
  if (!g) throw new Error(`no group ${id}`);
  return g;
};
const card = (g: FieldGroup, key: string) => group(g, `${g.id}-header`).fields.find((f) => f.key === key);

describe('fits-basic.fits', () => {
  it('walks three HDUs with offsets, sizes and cards', async () => {
    const r = await extract('fits-basic.fits');
    expect(r.format.id).toBe('fits');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    const s = values(r.summary);
    expect(s).toMatchObject({
      hdu_count: 3,
      BITPIX: 16,
      NAXIS: 2,
      NAXISn: [64, 48],
      OBJECT: 'M31',
      TELESCOP: 'MetaExtract 0.5m',
      INSTRUME: 'FIXCAM',
      'DATE-OBS': '2024-03-15T21:04:05.250',
      EXPTIME: 300,
    });
    expect(r.summary.find((f) => f.key === 'EXPTIME')).toMatchObject({ unit: 's', raw: '300.0' });
    expect(s.extensions).toEqual(["1 IMAGE 'SCI' 16×16 float32", "2 BINTABLE 'EVENTS' 10 rows × 3 columns"]);
    expect(r.groups.map((g) => g.label)).toEqual(['HDU 0 PRIMARY', "HDU 1 IMAGE 'SCI'", "HDU 2 BINTABLE 'EVENTS'", 'Provenance']);
    expect(values(r.groups[0].fields)).toMatchObject({ type: 'PRIMARY', 'HDU class': 'PrimaryHDU', header_offset: 0, data_offset: 2880, data_size: 6144, data_size_padded: 8640, card_count: 32 });
    expect(values(r.groups[1].fields)).toMatchObject({ type: 'IMAGE', 'HDU class': 'ImageHDU', header_offset: 11520, data_offset: 14400, data_size: 1024, EXTNAME: 'SCI' });
    expect(values(r.groups[2].fields)).toMatchObject({ type: 'BINTABLE', 'HDU class': 'BinTableHDU', header_offset: 17280, data_offset: 20160, data_size: 200, rows: 10, TFIELDS: 3 });
    // HTML payloads stay plain text values.
    expect(card(r.groups[0], 'OBSERVER')?.value).toBe('<img src=x onerror=alert(1)>');
    expect(card(r.groups[0], 'HISTORY')?.value).toBe('<script>alert("fits")</script>');
  });

  it('summarises the WCS and the columns', async () => {
    const r = await extract('fits-basic.fits');
    const wcs = values(group(r.groups[0], 'hdu-0-wcs').fields);
    expect(wcs).toMatchObject({
      WCSAXES: 2,
      CTYPEi: ['RA---TAN', 'DEC--TAN'],
      CUNITi: ['deg', 'deg'],
      CRVALi: [10.684708, 41.26875],
      CRPIXi: [32.5, 24.5],
      projection: 'TAN',
      RADESYS: 'ICRS',
      EQUINOX: 2000,
    });
    expect(wcs['CDi_j']).toEqual([
      [-2.777778e-4, 0],
      [0, 2.777778e-4],
    ]);
    const cols = group(r.groups[2], 'hdu-2-columns');
    expect(cols.children?.map((c) => c.label)).toEqual(["Column 1 'TIME'", "Column 2 'X'", "Column 3 'NAME'"]);
    expect(values(cols.children![0].fields)).toEqual({ TTYPE1: 'TIME', TFORM1: 'D', TUNIT1: 's', data_type: 'float64' });
  });

  it('gives the corpus facts off the record', async () => {
    const facts = corpusFacts(await extract('fits-basic.fits')) as { hdu_count: number; hdus: Record<string, unknown>[] };
    expect(facts.hdu_count).toBe(3);
    expect(facts.hdus[0]).toMatchObject({
      index: 0,
      type: 'PRIMARY',
      astropy_class: 'PrimaryHDU',
      BITPIX: 16,
      NAXISn: [64, 48],
      EXTNAME: null,
      PCOUNT: null,
      keywords: { OBJECT: 'M31', EXPTIME: 300, BUNIT: 'adu', BSCALE: 1, BZERO: 32768 },
    });
    expect(facts.hdus[2]).toMatchObject({ TFIELDS: 3, columns: ['TIME', 'X', 'NAME'], PCOUNT: 0, GCOUNT: 1 });
    expect(facts.hdus[1]).not.toHaveProperty('columns');
  });

  it('leaves the card lists out with depth "summary"', async () => {
    const r = await extract('fits-basic.fits', { depth: 'summary' });
    expect(r.groups[0].children?.map((c) => c.id)).toEqual(['hdu-0-wcs']);
    expect(values(r.summary).OBJECT).toBe('M31');
  });

  it('reads the same through a BlobSource (the browser path)', async () => {
    const bytes = await readFile(file('fits-basic.fits'));
    const r = await extractRecord({ source: new BlobSource(new Blob([bytes]), 'fits-basic.fits') });
    expect(values(r.summary)).toMatchObject({ hdu_count: 3, OBJECT: 'M31' });
    expect(r.groups[2].label).toBe("HDU 2 BINTABLE 'EVENTS'");
  });
});

describe('card forms (fits-cards.fits)', () => {
  it('decodes every value type, CONTINUE and HIERARCH', async () => {
    const r = await extract('fits-cards.fits');
    const h = group(r.groups[0], 'hdu-0-header').fields;
    const by = (k: string) => h.find((f) => f.key === k)!;
    expect(by('LOGICAL')).toMatchObject({ value: false, raw: 'F' });
    expect(by('INTEGER').value).toBe(-42);
    expect(by('BIGINT').value).toBe('12345678901234567890');
    expect(by('FLOATE')).toMatchObject({ value: -1250, raw: '-1.25E+03' });
    expect(by('FLOATD').value).toBeCloseTo(6.02214076e23, -10);
    expect(by('CPLXINT').value).toEqual({ real: 3, imag: -4 });
    expect(by('CPLXFLT').value).toEqual({ real: 1.5, imag: -2.5 });
    expect(by('UNDEF').value).toBeNull();
    expect(by('EMPTY').value).toBe('');
    expect(by('QUOTED').value).toBe("O'Brien's lens");
    expect(by('LEADING').value).toBe('  two leading spaces');
    expect(by('VELOCITY')).toMatchObject({ value: 12.5, unit: 'km/s' });
    expect(by('LONGSTR').value).toMatch(/^A long string value continued .* <img src=x onerror=alert\(1\)> .* two hundred characters long\.$/);
    expect(by('LONGSTR').comment).toBe('a long comment');
    expect(by('HIERARCH ESO TEL ALT')).toMatchObject({ value: 45.5, unit: 'deg' });
    expect(by('')).toMatchObject({ value: '   a card with a blank keyword' });
    expect(by('BADVAL')).toMatchObject({ value: 'ABC.DEF', raw: 'ABC.DEF' });
    expect(r.warnings.some((w) => w.includes('BADVAL'))).toBe(true);
    // CONTINUE records count as records, not as cards (LONGSTR takes four).
    const rec = values(r.groups[0].fields).card_count as number;
    expect(rec).toBe(h.length + 4);
    const facts = corpusFacts(r) as { hdus: Record<string, unknown>[] };
    expect(facts.hdus[0].hierarch).toEqual({ 'ESO DET CHIP ID': 'CCD-42', 'ESO TEL ALT': 45.5, 'ESO OBS PROG ID': '60.A-9252(A)' });
    expect(Object.keys(facts.hdus[0].long_strings as object)).toEqual(['LONGSTR']);
  });
});

describe('writer quirks astropy reads (fits-writer-quirks.fits)', () => {
  it('reads the file, its values and the odd extension, and says what it tolerated', async () => {
    const r = await extract('fits-writer-quirks.fits');
    expect(r.format.id).toBe('fits');
    expect(r.errors).toEqual([]);
    // Lower-case `object`, `=` in byte 8 (EXPTIME), a tab before `=` (FILTER), `1.5 E 2`, CONTINUE without '&'.
    expect(values(r.summary)).toMatchObject({ hdu_count: 2, OBJECT: 'M31', EXPTIME: 300 });
    const h = group(r.groups[0], 'hdu-0-header').fields;
    const by = (k: string) => h.find((f) => f.key === k);
    expect(by('FILTER')?.value).toBe('R');
    expect(by('GAIN')).toMatchObject({ value: 150, raw: '1.5 E 2' });
    expect(by('NOTE')?.value).toBe('first part,second part');
    expect(h.some((f) => f.key === 'CONTINUE')).toBe(false);
    // The XTENSION card with `=` in byte 10 does not hide the HDU: its header is read.
    expect(values(r.groups[1].fields)).toMatchObject({ EXTNAME: 'SCI', BITPIX: 16, data_size: 20 });
    expect(r.warnings).toEqual([
      expect.stringMatching(/^HDU 0: the SIMPLE card is not in the fixed format .* as astropy does\.$/),
      'Header of HDU 0 holds 1 bytes outside printable ASCII (FITS 4.0 §4.1.1).',
      expect.stringMatching(/^HDU 0: NOTE: CONTINUE record 11 follows a string segment that does not end in '&' .* joined to the value, as astropy does\.$/),
      expect.stringMatching(/^HDU 0: 1 keyword\(s\) written in lower case \(OBJECT\) were read in upper case, as astropy does/),
      expect.stringMatching(/^HDU 0: 3 card\(s\) have the value indicator '=' before byte 9 \(SIMPLE, EXPTIME, FILTER\); they were read as keyword = value/),
      expect.stringMatching(/^HDU 0: 1 number\(s\) are written with spaces inside \(GAIN = 1\.5 E 2\); they were read as numbers/),
      expect.stringMatching(/^HDU 1: the XTENSION card has no value indicator in bytes 9–10 .* the header was read anyway, as astropy does\.$/),
    ]);
  });
});

describe('table and image variants', () => {
  it('BINTABLE columns with heap, TDIM, TSCAL and an alternate WCS', async () => {
    const r = await extract('fits-bintable.fits');
    expect(r.errors).toEqual([]);
    const t = r.groups[1];
    expect(values(t.fields)).toMatchObject({ 'HDU class': 'BinTableHDU', PCOUNT: 320, data_size: 61 * 25 + 320, TFIELDS: 8 });
    const cols = group(t, 'hdu-1-columns');
    expect(cols.fields[0].value).toEqual(['ID', 'NAME', 'FLUX', 'RA', 'MATRIX', 'FLAG', 'SPECTRUM', 'VIS']);
    expect(values(cols.children![2].fields)).toMatchObject({ TSCAL3: 2, TZERO3: 0.5, TUNIT3: 'mJy' });
    expect(values(cols.children![4].fields)).toMatchObject({ TDIM5: '(2,3)', data_type: 'int16[6]' });
    expect(values(cols.children![6].fields).data_type).toBe('variable-length array of int32 (max 12), 32-bit descriptor');
    expect(values(group(r.groups[0], 'hdu-0-wcs-A').fields)).toMatchObject({ WCSNAME: 'SKY', CTYPEi: ['RA---SIN', 'DEC--SIN'], projection: 'SIN' });
  });

  it('ASCII TABLE', async () => {
    const r = await extract('fits-ascii-table.fits');
    expect(values(r.groups[1].fields)).toMatchObject({ type: 'TABLE', 'HDU class': 'TableHDU', data_size: 36 * 3, rows: 3 });
    const cols = group(r.groups[1], 'hdu-1-columns').children!;
    expect(values(cols[1].fields)).toEqual({ TTYPE2: 'COUNT', TBCOL2: 11, TFORM2: 'I6', data_type: 'integer, 6 characters' });
  });

  it('random groups', async () => {
    const r = await extract('fits-random-groups.fits');
    expect(r.groups[0].label).toBe('HDU 0 PRIMARY (random groups)');
    expect(values(r.groups[0].fields)).toMatchObject({ 'HDU class': 'GroupsHDU', data_size: 360, PCOUNT: 6, GCOUNT: 5 });
    expect(values(group(r.groups[0], 'hdu-0-groups').fields)).toMatchObject({ PTYPEn: ['UU', 'VV', 'WW', 'BASELINE', 'DATE', 'DATE'], group_dims: [3, 4, 1, 1, 1] });
    expect(values(r.summary)['HDU class']).toBe('GroupsHDU');
  });

  it('tile-compressed image (ZIMAGE)', async () => {
    const r = await extract('fits-compressed.fits');
    const g = r.groups[1];
    expect(g.label).toBe("HDU 1 BINTABLE 'COMPRESSED_IMAGE' (tile-compressed image)");
    expect(values(g.fields)).toMatchObject({ 'HDU class': 'CompImageHDU', data_size: 8 * 256 + 6000 });
    expect(values(group(g, 'hdu-1-compression').fields)).toMatchObject({ ZCMPTYPE: 'RICE_1', ZBITPIX: 16, ZNAXISn: [512, 256], ZTILEn: [512, 1], ZNAMEi: { BLOCKSIZE: 32, BYTEPIX: 2 } });
    expect(values(group(g, 'hdu-1-wcs').fields)).toMatchObject({
      CTYPEi: ['GLON-CAR', 'GLAT-CAR'],
      PCi_j: [
        [0.9, 0],
        [0, 0.9],
      ],
      projection: 'CAR',
    });
    const facts = corpusFacts(r) as { hdus: Record<string, unknown>[] };
    expect(facts.hdus[1].compressed).toEqual({ ZCMPTYPE: 'RICE_1', ZBITPIX: 16, ZNAXISn: [512, 256] });
  });
});

describe('laziness', () => {
  it('seeks past 8 MiB of primary data, reading only header blocks', async () => {
    const source = await FileHandleSource.open(file('fits-big.fits'));
    let r: MetadataRecord;
    try {
      r = await extractRecord({ source });
    } finally {
      await source.close();
    }
    expect(source.size).toBeGreaterThan(8_000_000);
    expect(r.errors).toEqual([]);
    expect(r.groups.map((g) => g.label)).toEqual(['HDU 0 PRIMARY', "HDU 1 IMAGE 'MASK'", "HDU 2 BINTABLE 'SOURCES'", 'Provenance']);
    expect(values(r.groups[1].fields)).toMatchObject({ header_offset: 2880 + Math.ceil((2048 * 1024 * 4) / 2880) * 2880, data_size: 512 });
    // The 64 KiB sniffing head plus one block per extension header.
    expect(r.stats.bytesRead).toBeLessThan(source.size / 100);
    expect(r.stats.reads).toBeLessThanOrEqual(3);
  });
});

describe('damaged files', () => {
  it('truncated data: keeps the complete HDU, reports the damaged one', async () => {
    const r = await extract('fits-truncated.fits');
    expect(r.groups).toHaveLength(3); // the HDUs read, then the provenance group
    expect(r.errors).toEqual([{ code: 'truncated', message: expect.stringMatching(/HDU 1: data extends past end of file \(needs 15424 bytes, file has 14900\)/), offset: 14400 }]);
    expect(values(r.groups[1].fields).damage).toMatch(/past end of file/);
    expect(values(r.summary).OBJECT).toBe('M31');
  });

  it('declared size beyond 2^53: no allocation, size as a decimal string', async () => {
    const r = await extract('fits-huge-declared.fits');
    expect(r.errors[0].code).toBe('truncated');
    expect(values(r.groups[0].fields).data_size).toBe('8000000000000000000000000000');
    expect(values(r.summary).OBJECT).toBe('Impossible cube');
  });

  it('invalid BITPIX: corrupt, header still shown', async () => {
    const r = await extract('fits-corrupt.fits');
    expect(r.errors.map((e) => e.code)).toEqual(['corrupt']);
    expect(r.errors[0].message).toMatch(/BITPIX = 12/);
    expect(values(r.groups[0].fields).data_size).toBeNull();
  });

  it('header without END but padded to the block: cards kept with a warning (astropy: ignore_missing_end)', async () => {
    const r = await extract('fits-no-end.fits');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(/^HDU 0: header has no END card: 40 records, then 32 blank records .* as astropy does with ignore_missing_end=True\.$/)]);
    expect(values(r.groups[0].fields)).toMatchObject({ card_count: 40, damage: expect.stringMatching(/no END card/) });
    expect(values(r.summary).OBJECT).toBe('No END');
  });

  it('header cut inside a record before END: truncated, cards kept', async () => {
    const r = await extract('fits-no-end-cut.fits');
    expect(r.errors).toEqual([expect.objectContaining({ code: 'truncated', message: 'HDU 0: header cut short: the file ends before END after 37 records.' })]);
    expect(values(r.summary).OBJECT).toBe('No END');
  });

  it('unpadded header: cards read leniently with a truncated error', async () => {
    const r = await extract('fits-unpadded.fits');
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    expect(r.errors[0].message).toMatch(/not padded/);
    expect(values(r.groups[0].fields).card_count).toBe(40);
  });

  it('bytes after the last HDU are ignored with a warning', async () => {
    const r = await extract('fits-trailing.fits');
    expect(r.errors).toEqual([]);
    expect(r.groups).toHaveLength(2); // the HDUs read, then the provenance group
    expect(r.warnings).toEqual([expect.stringMatching(/1000 bytes after the last HDU/)]);
  });

  it('caps HDUs and header bytes', async () => {
    // 32 + 10 header records fit in 45 objects; HDU 2's 17 more do not.
    const r = await extract('fits-basic.fits', { maxObjects: 45 });
    expect(r.groups).toHaveLength(3); // the HDUs read, then the provenance group
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too-large', message: expect.stringMatching(/More than 45 header records/) })]);
    const small = await extract('fits-basic.fits', { maxMetadataBytes: 2880 * 2 });
    expect(small.groups).toHaveLength(3); // the HDUs read, then the provenance group
    expect(small.errors[0]).toMatchObject({ code: 'too-large' });
  });

  it('a non-FITS input given to the extractor directly is unsupported-format', async () => {
    const { extractor } = await import('./extract');
    const { BytesSource } = await import('../source/bytes-source');
    const ctx = { options: { depth: 'full' as const, maxMetadataBytes: 1e6, maxArrayItems: 64, maxObjects: 1000 }, warn: () => {} };
    await expect(extractor.extract(new BytesSource(new TextEncoder().encode('NOT FITS'.padEnd(2880))), ctx)).rejects.toMatchObject({ code: 'unsupported-format' });
  });

  it('honours an aborted signal', async () => {
    const source = await FileHandleSource.open(file('fits-basic.fits'));
    const ac = new AbortController();
    ac.abort();
    try {
      await expect(extractRecord({ source, signal: ac.signal })).rejects.toMatchObject({ code: 'aborted' });
    } finally {
      await source.close();
    }
  });
});
