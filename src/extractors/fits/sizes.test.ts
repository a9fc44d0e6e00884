/**
 * Untrusted sizes in FITS headers (issue 5): NAXISn, NAXIS, PCOUNT and GCOUNT from the file never
 * drive an allocation, a read past the file or a lossy Number product, and the HDU walk stops at
 * the `maxObjects` cap. Hostile files are built in memory with the fixture card writer.
 */
import { describe, expect, it } from 'vitest';
import type { ExtractOptions, Field } from '../types';
import { BLOCK, card, header, text } from '../../../scripts/fixtures/fits';
import { concat } from '../../../scripts/fixtures/bytes';
import { extractBytes } from '../../testing/extract-bytes';

const values = (fields: readonly Field[]) => Object.fromEntries(fields.map((f) => [f.key, f.value]));

const extract = (bytes: Uint8Array, options?: Partial<ExtractOptions>) => extractBytes(bytes, 'hostile.fits', options);

/** A primary header with the given axes (BITPIX 8 unless given) and nothing after it. */
function primary(axes: (number | bigint | { raw: string })[], extra: string[][] = [], bitpix = 8): Uint8Array {
  return header([card('SIMPLE', true), card('BITPIX', bitpix), card('NAXIS', axes.length), ...axes.map((n, i) => card(`NAXIS${i + 1}`, n)), card('EXTEND', true), ...extra]);
}

/** An IMAGE extension header with no data (NAXIS = 0). */
function emptyImage(extname: string): Uint8Array {
  return header([card('XTENSION', 'IMAGE'), card('BITPIX', 8), card('NAXIS', 0), card('PCOUNT', 0), card('GCOUNT', 1), card('EXTNAME', extname)]);
}

describe('FITS untrusted sizes', () => {
  it('NAXISn of 2^40 × 2^40: data size in BigInt, truncated, nothing read past the header', async () => {
    const { r, source } = await extract(primary([2n ** 40n, 2n ** 40n], [], -64));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'truncated', offset: BLOCK })]);
    expect(values(r.groups[0].fields).data_size).toBe(String(8n * 2n ** 80n));
    expect(values(r.summary).NAXISn).toEqual([2 ** 40, 2 ** 40]);
    expect(source.bytesRead).toBe(BLOCK);
  });

  it('data size past 2^53 stays exact (BigInt, not a rounded Number product)', async () => {
    // 2^53 + 1 bytes: a Number product would round it to 2^53.
    const { r } = await extract(primary([2n ** 53n + 1n]));
    expect(values(r.groups[0].fields).data_size).toBe('9007199254740993');
    expect(values(r.groups[0].fields).data_size_padded).toBe(String(((2n ** 53n + 1n + 2879n) / 2880n) * 2880n));
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
  });

  it('999 axes of 10^60 each: a 60,000-digit size, computed promptly, no allocation', async () => {
    const axes = Array.from({ length: 999 }, () => ({ raw: `1${'0'.repeat(60)}` }));
    const started = performance.now();
    const { r } = await extract(primary(axes));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    expect(values(r.groups[0].fields).data_size).toBe(`1${'0'.repeat(60 * 999)}`);
    // The dimension list in the record is capped at maxArrayItems.
    expect(r.groups[0].fields.find((f) => f.key === 'NAXISn')).toMatchObject({ total: 999 });
  });

  it('a negative NAXISn: corrupt, header kept', async () => {
    const { r } = await extract(primary([64, -48]));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/NAXISn value is negative/) })]);
    expect(values(r.groups[0].fields)).toMatchObject({ NAXISn: [64, -48], data_size: null });
  });

  it('NAXIS above 999 (and a 40-digit NAXIS): corrupt, no loop over the axes', async () => {
    for (const naxis of [1000, 10n ** 40n]) {
      const bytes = header([card('SIMPLE', true), card('BITPIX', 8), card('NAXIS', naxis)]);
      const { r } = await extract(bytes);
      expect(r.errors).toEqual([expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/NAXIS is missing or outside 0…999/) })]);
      expect(values(r.groups[0].fields).NAXISn).toEqual([]);
    }
  });

  it('GCOUNT and PCOUNT huge: truncated with the exact size; negative: corrupt', async () => {
    const ext = (pcount: bigint, gcount: bigint) =>
      concat([
        primary([]),
        header([card('XTENSION', 'BINTABLE'), card('BITPIX', 8), card('NAXIS', 2), card('NAXIS1', 4), card('NAXIS2', 1), card('PCOUNT', pcount), card('GCOUNT', gcount), card('TFIELDS', 0)]),
      ]);
    const huge = await extract(ext(2n ** 62n, 2n ** 62n));
    expect(huge.r.errors).toEqual([expect.objectContaining({ code: 'truncated', offset: 2 * BLOCK })]);
    expect(values(huge.r.groups[1].fields).data_size).toBe(String(2n ** 62n * (2n ** 62n + 4n)));
    expect(huge.source.bytesRead).toBe(2 * BLOCK);
    const negative = await extract(ext(-1n, 1n));
    expect(negative.r.errors).toEqual([expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/PCOUNT or GCOUNT is negative/) })]);
  });

  it('random groups with a huge PCOUNT: the PTYPEn list is bounded', async () => {
    const bytes = primary([0, 2], [card('GROUPS', true), card('PCOUNT', 10n ** 30n), card('GCOUNT', 1), card('PTYPE1', 'UU')], -32);
    const { r } = await extract(bytes);
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    const groups = r.groups[0].children!.find((g) => g.id === 'hdu-0-groups')!;
    expect(groups.fields.find((f) => f.key === 'PTYPEn')).toMatchObject({ value: expect.arrayContaining(['UU']), total: 999 });
  });

  it('an HDU whose data points past EOF stops the walk: earlier HDUs kept, no read past the file', async () => {
    const bytes = concat([
      primary([]),
      emptyImage('FIRST'),
      header([card('XTENSION', 'IMAGE'), card('BITPIX', 16), card('NAXIS', 1), card('NAXIS1', 10n ** 12n), card('PCOUNT', 0), card('GCOUNT', 1)]),
      emptyImage('NEVER'),
    ]);
    const { r, source } = await extract(bytes);
    expect(r.groups).toHaveLength(4); // the HDUs read, then the provenance group
    expect(r.errors).toEqual([expect.objectContaining({ code: 'truncated', offset: 3 * BLOCK, message: expect.stringMatching(/HDU 2: data extends past end of file/) })]);
    expect(source.bytesRead).toBeLessThanOrEqual(bytes.length);
  });

  it('a file of many tiny HDUs: the walk stops at the maxObjects cap with a too-large error', async () => {
    // 4 primary records + 6 per extension: the 8th extension passes 50 records (every HDU has at
    // least one record, so the record cap binds no later than the HDU cap).
    const bytes = concat([primary([]), ...Array.from({ length: 3000 }, (_, i) => emptyImage(`E${i}`))]);
    const started = performance.now();
    const { r, source } = await extract(bytes, { maxObjects: 50 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.groups).toHaveLength(9); // the HDUs read, then the provenance group
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too-large', message: expect.stringMatching(/More than 50 header records/), offset: 8 * BLOCK })]);
    expect(source.bytesRead).toBeLessThanOrEqual(9 * BLOCK + 64 * 1024);
  });

  it('a 24 MB header of COMMENT records: stops at the record cap while reading, promptly', async () => {
    const records = 300_000;
    const bytes = new Uint8Array(records * 80).fill(0x20);
    bytes.set(new TextEncoder().encode('SIMPLE  =                    T'), 0);
    const comment = new TextEncoder().encode('COMMENT');
    for (let i = 80; i < bytes.length; i += 80) bytes.set(comment, i);
    const started = performance.now();
    const { r, source } = await extract(bytes, { maxObjects: 10_000 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'too-large', message: expect.stringMatching(/More than 10000 header records/) })]);
    // The read stops within one batch (≤ 64 blocks) of the 10,001st record, not at 24 MB.
    expect(source.bytesRead).toBeLessThan(10_001 * 80 + 64 * BLOCK + 64 * 1024);
  });

  it('a keyword named like an Object.prototype member gets no label', async () => {
    // Free-text cards keep their keyword as written (value cards are read in upper case).
    const { r } = await extract(primary([], [text('toString', ' 1'), text('valueOf', ' 2')]));
    const cards = r.groups[0].children!.find((g) => g.id === 'hdu-0-header')!.fields;
    for (const key of ['toString', 'valueOf']) {
      const f = cards.find((c) => c.key === key)!;
      expect(f.label).toBeUndefined();
    }
    expect(JSON.parse(JSON.stringify(cards))).toEqual(cards);
  });

  it('a compression parameter named __proto__ is kept as a plain entry', async () => {
    const bytes = concat([
      primary([]),
      header([
        card('XTENSION', 'BINTABLE'),
        card('BITPIX', 8),
        card('NAXIS', 2),
        card('NAXIS1', 8),
        card('NAXIS2', 0),
        card('PCOUNT', 0),
        card('GCOUNT', 1),
        card('TFIELDS', 1),
        card('TTYPE1', 'COMPRESSED_DATA'),
        card('TFORM1', '1PB(0)'),
        card('ZIMAGE', true),
        card('ZCMPTYPE', 'RICE_1'),
        card('ZBITPIX', 16),
        card('ZNAXIS', 1),
        card('ZNAXIS1', 4),
        card('ZNAME1', '__proto__'),
        card('ZVAL1', 32),
        card('ZNAME2', 'BYTEPIX'),
        card('ZVAL2', 2),
        text('COMMENT', 'hostile ZNAMEi'),
      ]),
    ]);
    const { r } = await extract(bytes);
    const comp = r.groups[1].children!.find((g) => g.id === 'hdu-1-compression')!;
    const params = comp.fields.find((f) => f.key === 'ZNAMEi')!.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.keys(params)).toEqual(['__proto__', 'BYTEPIX']);
    expect(Object.getOwnPropertyDescriptor(params, '__proto__')?.value).toBe(32);
  });
});
