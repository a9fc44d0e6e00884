import { describe, expect, it } from 'vitest';
import { parseCards, parseValueField, unitFromComment } from './cards';
import { analyseHdu, astropyClass, describeTform, indexCards } from './hdu';
import { findWcs } from './wcs';

/** One 80-character record. */
const r = (s: string) => s.padEnd(80).slice(0, 80);

describe('parseValueField (FITS 4.0 §4.2)', () => {
  it('reads each value type with its comment', () => {
    expect(parseValueField("'WFPC2             ' / instrument")).toEqual({ type: 'string', value: 'WFPC2', comment: 'instrument' });
    expect(parseValueField("'O''Brien' /")).toMatchObject({ type: 'string', value: "O'Brien" });
    expect(parseValueField("'  lead  '")).toMatchObject({ value: '  lead' });
    expect(parseValueField("''")).toMatchObject({ type: 'string', value: '' });
    expect(parseValueField('                   T / yes')).toMatchObject({ type: 'logical', value: true, valueText: 'T', comment: 'yes' });
    expect(parseValueField('  -12345678901234567890')).toMatchObject({ type: 'integer', value: -12345678901234567890n });
    expect(parseValueField('   1.000000E0 /')).toMatchObject({ type: 'float', value: 1, valueText: '1.000000E0' });
    expect(parseValueField('  -6.5D-3')).toMatchObject({ type: 'float', value: -0.0065 });
    expect(parseValueField('  .5')).toMatchObject({ type: 'float', value: 0.5 });
    expect(parseValueField(' (1, -2.5E1) / c')).toMatchObject({ type: 'complex', value: { real: 1, imag: -25 }, comment: 'c' });
    expect(parseValueField('          / nothing')).toEqual({ type: 'undefined', value: null, comment: 'nothing' });
    expect(parseValueField('   ')).toEqual({ type: 'undefined', value: null });
  });

  it('marks what it cannot read instead of guessing', () => {
    expect(parseValueField(' 1.2.3 / x')).toMatchObject({ type: 'invalid', value: '1.2.3', comment: 'x' });
    expect(parseValueField("'no end")).toMatchObject({ type: 'string', value: 'no end', problem: 'string value has no closing quote' });
  });

  it('finds a [unit] at the start of a comment', () => {
    expect(unitFromComment('[km/s] velocity')).toBe('km/s');
    expect(unitFromComment('velocity [km/s]')).toBeUndefined();
    expect(unitFromComment(undefined)).toBeUndefined();
  });
});

describe('parseCards', () => {
  it('joins CONTINUE long strings (§4.2.1.2) and keeps the record count', () => {
    const cards = parseCards([r("LONG    = 'first part &' / c1"), r("CONTINUE  'second part&'"), r("CONTINUE  ' end' / c2"), r("NEXT    = 'x'")]);
    expect(cards).toHaveLength(2);
    expect(cards[0]).toMatchObject({ keyword: 'LONG', value: 'first part second part end', comment: 'c1 c2', records: 3, index: 0 });
    expect(cards[1]).toMatchObject({ keyword: 'NEXT', index: 3 });
  });

  it('keeps an orphan CONTINUE (after a non-string value) as text and reports it', () => {
    const problems: string[] = [];
    const cards = parseCards([r('A       = 5'), r("CONTINUE  'orphan'")], (m) => problems.push(m));
    expect(cards.map((c) => [c.keyword, c.kind])).toEqual([
      ['A', 'value'],
      ['CONTINUE', 'commentary'],
    ]);
    expect(problems).toEqual(['CONTINUE record 2 does not follow a string value.']);
  });

  it("joins a CONTINUE after a string without '&', as astropy does, and says so", () => {
    const problems: string[] = [];
    const cards = parseCards([r("A       = 'no ampersand '"), r("CONTINUE  'joined&' / c"), r("CONTINUE  'end'")], (m) => problems.push(m));
    expect(cards).toEqual([expect.objectContaining({ keyword: 'A', value: 'no ampersandjoinedend', records: 3, comment: 'c' })]);
    expect(problems).toEqual([expect.stringMatching(/^A: CONTINUE record 2 follows a string segment that does not end in '&'/)]);
  });

  it('reads writer quirks as astropy does: lower case, early `=`, tabs, spaced numbers', () => {
    const problems: string[] = [];
    const cards = parseCards([r("object  = 'M31'"), r('EXPTIME= 10.0'), r("FILTER\t= 'R'"), r('NAXIS = 2'), r('GAIN    = - 1.5 e 2'), r('N       = - 7'), r('comment   lower-case commentary')], (m) =>
      problems.push(m),
    );
    expect(cards.map((c) => [c.keyword, c.kind, c.value])).toEqual([
      ['OBJECT', 'value', 'M31'],
      ['EXPTIME', 'value', 10],
      ['FILTER', 'value', 'R'],
      ['NAXIS', 'value', 2n],
      ['GAIN', 'value', -150],
      ['N', 'value', -7n],
      ['COMMENT', 'commentary', '  lower-case commentary'],
    ]);
    expect(problems).toEqual([
      expect.stringMatching(/^2 keyword\(s\) written in lower case \(OBJECT, COMMENT\)/),
      expect.stringMatching(/^3 card\(s\) have the value indicator '=' before byte 9 \(EXPTIME, FILTER, NAXIS\)/),
      expect.stringMatching(/^2 number\(s\) are written with spaces inside \(GAIN = - 1\.5 e 2, N = - 7\)/),
    ]);
    // Still not numbers (astropy cannot read them either): spaces between digits, NaN.
    expect(parseValueField(' 1.5 2')).toMatchObject({ type: 'invalid' });
    expect(parseValueField(' NaN')).toMatchObject({ type: 'invalid' });
  });

  it('reads HIERARCH keywords (ESO convention) and commentary cards', () => {
    const cards = parseCards([
      r("HIERARCH ESO DET CHIP ID = 'CCD-42' / chip"),
      r('HIERARCH ESO TEL ALT = 45.5'),
      r('COMMENT   FITS (Flexible Image Transport System)'),
      r('HISTORY created'),
      r('              / GROUP PARAMETERS: OSS'),
      r('NOVALUE  just text'),
    ]);
    expect(cards[0]).toMatchObject({ keyword: 'HIERARCH ESO DET CHIP ID', value: 'CCD-42', comment: 'chip', hierarch: true });
    expect(cards[1]).toMatchObject({ keyword: 'HIERARCH ESO TEL ALT', type: 'float', value: 45.5 });
    expect(cards[2]).toMatchObject({ keyword: 'COMMENT', kind: 'commentary', value: '  FITS (Flexible Image Transport System)' });
    expect(cards[3]).toMatchObject({ keyword: 'HISTORY', value: 'created' });
    expect(cards[4]).toMatchObject({ keyword: '', kind: 'commentary', value: '      / GROUP PARAMETERS: OSS' });
    expect(cards[5]).toMatchObject({ keyword: 'NOVALUE', kind: 'commentary' });
  });
});

describe('analyseHdu', () => {
  const hdu = (lines: string[], primary = false) => analyseHdu(parseCards(lines.map(r)), primary);

  it('computes |BITPIX|/8 × GCOUNT × (PCOUNT + ΠNAXISn) in BigInt', () => {
    const info = hdu(['SIMPLE  = T', 'BITPIX  = -64', 'NAXIS   = 3', 'NAXIS1  = 1000000', 'NAXIS2  = 1000000', 'NAXIS3  = 1000'], true);
    expect(info.dataSize).toBe(8_000_000_000_000_000n);
    const bt = hdu(["XTENSION= 'BINTABLE'", 'BITPIX  = 8', 'NAXIS   = 2', 'NAXIS1  = 8', 'NAXIS2  = 1024', 'PCOUNT  = 972839', 'GCOUNT  = 1', 'TFIELDS = 1', 'ZIMAGE  = T']);
    expect(bt.dataSize).toBe(981031n);
    expect(bt.hduClass).toBe('CompImageHDU');
  });

  it('skips NAXIS1 = 0 for random groups (§6)', () => {
    const info = hdu(['SIMPLE  = T', 'BITPIX  = -32', 'NAXIS   = 3', 'NAXIS1  = 0', 'NAXIS2  = 3', 'NAXIS3  = 4', 'GROUPS  = T', 'PCOUNT  = 6', 'GCOUNT  = 5'], true);
    expect(info.hduClass).toBe('GroupsHDU');
    expect(info.dataSize).toBe(4n * 5n * (6n + 12n));
  });

  it('leaves the size unknown, with the reason, when a mandatory keyword is bad', () => {
    expect(hdu(['SIMPLE  = T', 'BITPIX  = 12', 'NAXIS   = 0'], true)).toMatchObject({ dataSize: null, problem: expect.stringMatching(/BITPIX = 12/) });
    expect(hdu(['SIMPLE  = T', 'BITPIX  = 8', 'NAXIS   = 2', 'NAXIS1  = 4'], true)).toMatchObject({ dataSize: null, problem: expect.stringMatching(/NAXIS2/) });
    expect(hdu(['SIMPLE  = T', 'BITPIX  = 8', 'NAXIS   = 1', 'NAXIS1  = -4'], true).dataSize).toBeNull();
  });

  it('names classes as astropy does', () => {
    const cls = (lines: string[], primary = false) => astropyClass(primary, indexCards(parseCards(lines.map(r))));
    expect(cls(['SIMPLE  = F'], true)).toBe('_NonstandardHDU');
    expect(cls(["XTENSION= 'IMAGE   '"])).toBe('ImageHDU');
    expect(cls(["XTENSION= 'TABLE   '"])).toBe('TableHDU');
    expect(cls(["XTENSION= 'BINTABLE'", 'ZIMAGE  = F'])).toBe('BinTableHDU');
    expect(cls(["XTENSION= 'FOREIGN '"])).toBe('NonstandardExtHDU');
  });

  it('decodes TFORM values (§7.2.1, §7.3.1)', () => {
    expect(describeTform('1J', false)).toBe('int32');
    expect(describeTform('8A', false)).toBe('text, 8 characters');
    expect(describeTform('3D', false)).toBe('float64[3]');
    expect(describeTform('1QE(100)', false)).toBe('variable-length array of float32 (max 100), 64-bit descriptor');
    expect(describeTform('F10.3', true)).toBe('real, 10 characters, 3 decimals');
    expect(describeTform('Z9', false)).toBeUndefined();
  });
});

describe('findWcs', () => {
  it('summarises the primary and alternate descriptions', () => {
    const cards = parseCards(
      ["CTYPE1  = 'RA---TAN'", "CTYPE2  = 'DEC--TAN'", 'CRVAL1  = 10.5', 'CD1_1   = -0.001', 'CD2_2   = 0.001', "RADECSYS= 'FK5'", 'EPOCH   = 2000.0', "CTYPE1B = 'LINEAR'", 'CRPIX1B = 1.0'].map(r),
    );
    const wcs = findWcs(cards, 2, 64);
    expect(wcs.map((w) => w.alt)).toEqual(['', 'B']);
    const f = Object.fromEntries(wcs[0].fields.map((x) => [x.key, x.value]));
    expect(f).toMatchObject({ WCSAXES: 2, CTYPEi: ['RA---TAN', 'DEC--TAN'], CRVALi: [10.5, null], projection: 'TAN', RADESYS: 'FK5', EQUINOX: 2000 });
    expect(f['CDi_j']).toEqual([
      [-0.001, 0],
      [0, 0.001],
    ]);
    expect(findWcs(parseCards([r("RADESYS = 'ICRS'")]), 2, 64)).toEqual([]);
  });
});
