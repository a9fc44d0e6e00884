/**
 * Untrusted sizes in DICOM (issue 5): value lengths (PS3.5 §7.1), undefined-length sequences
 * nested deep (§7.5), huge item counts and odd or oversized OB/OW values never cause a huge
 * allocation, a read past the file, a stack overflow or an untyped error. Hostile files are built
 * in memory with the fixture encoder.
 */
import { describe, expect, it } from 'vitest';
import type { ExtractOptions, FieldGroup, MetadataRecord } from '../types';
import { MAX_SEQUENCE_DEPTH } from './present';
import { EXPLICIT_LE, TS, encodeElements, header, part10Header, type El, type Enc } from '../../../scripts/fixtures/dicom';
import { concat } from '../../../scripts/fixtures/bytes';
import { extractBytes } from '../../testing/extract-bytes';

const IMPLICIT_LE: Enc = { explicit: false, littleEndian: true, text: 'latin1' };
const SC_IMAGE = '1.2.840.10008.5.1.4.1.1.7';

const u32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};
/** Item (FFFE,E000), item delimiter (FFFE,E00D) and sequence delimiter (FFFE,E0DD) headers, little endian. */
const ITEM = (length: number) => concat([Uint8Array.of(0xfe, 0xff, 0x00, 0xe0), u32(length)]);
const ITEM_END = concat([Uint8Array.of(0xfe, 0xff, 0x0d, 0xe0), u32(0)]);
const SEQ_END = concat([Uint8Array.of(0xfe, 0xff, 0xdd, 0xe0), u32(0)]);

/** A Part 10 file: File Meta for `ts`, the patient/study elements, then `body` (raw bytes). */
function part10(body: Uint8Array, ts: string = TS.explicitLE, enc: Enc = EXPLICIT_LE): Uint8Array {
  const head: El[] = [
    { tag: 0x00080016, vr: 'UI', value: SC_IMAGE },
    { tag: 0x00100010, vr: 'PN', value: 'Hostile^Sizes' },
  ];
  return concat([part10Header(ts, SC_IMAGE, '1.2.3.4'), encodeElements(head, enc), body]);
}

const extract = (bytes: Uint8Array, options?: Partial<ExtractOptions>) => extractBytes(bytes, 'hostile.dcm', options);

const dataset = (r: MetadataRecord) => r.groups.find((g) => g.id === 'dataset')!;
const depthOf = (g: FieldGroup): number => 1 + Math.max(0, ...(g.children ?? []).map(depthOf));

describe('DICOM untrusted sizes', () => {
  it('a value length of 0xFFFFFFFE (explicit OB): truncated, the file read once, no allocation from it', async () => {
    const bytes = part10(concat([header(0x00291010, 'OB', 0xfffffffe, EXPLICIT_LE), new Uint8Array(16)]));
    const { r, source } = await extract(bytes);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'truncated', message: expect.stringMatching(/declares 4294967294 bytes/) })]);
    expect(dataset(r).fields.find((f) => f.key === '(0010,0010)')?.value).toBe('Hostile^Sizes');
    expect(source.bytesRead).toBe(bytes.length);
  });

  it('a value length larger than the file (implicit VR, 1 MB in a tiny file): truncated, bytes read ≤ file size', async () => {
    const bytes = part10(concat([header(0x00081030, 'LO', 1 << 20, IMPLICIT_LE), new TextEncoder().encode('short')]), TS.implicitLE, IMPLICIT_LE);
    const { r, source } = await extract(bytes);
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    expect(source.bytesRead).toBe(bytes.length);
  });

  it('OB with an odd length is shown by length; OW past EOF is truncated', async () => {
    const odd = await extract(part10(concat([header(0x00291010, 'OB', 3, EXPLICIT_LE), Uint8Array.of(1, 2, 3), encodeElements([{ tag: 0x00291020, vr: 'LO', value: 'after' }], EXPLICIT_LE)])));
    expect(odd.r.errors).toEqual([]);
    const ds = dataset(odd.r).fields;
    expect(ds.find((f) => f.key === '(0029,1010)')?.value).toMatchObject({ length: 3 });
    expect(ds.find((f) => f.key === '(0029,1020)')?.value).toBe('after');
    const past = await extract(part10(concat([header(0x7fe00010, 'OW', 1 << 30, EXPLICIT_LE), new Uint8Array(64)])));
    expect(past.r.errors).toEqual([expect.objectContaining({ code: 'truncated', message: expect.stringMatching(/Pixel Data .* declares 1073741824 bytes/) })]);
    expect(past.source.bytesRead).toBe(past.source.size);
  });

  /** `depth` undefined-length sequences, each holding one undefined-length item holding the next. */
  function nested(depth: number): Uint8Array {
    const open = concat([header(0x00400275, 'SQ', 0xffffffff, EXPLICIT_LE), ITEM(0xffffffff)]);
    const close = concat([ITEM_END, SEQ_END]);
    return part10(concat([...Array.from({ length: depth }, () => open), ...Array.from({ length: depth }, () => close)]));
  }

  it("sequences nested 20,000 deep (past dicom-parser's stack): corrupt, the elements before kept, no prefix growth", async () => {
    const bytes = nested(20_000);
    const { r, source, ms } = await extract(bytes);
    expect(ms).toBeLessThan(5000);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'corrupt', message: expect.stringMatching(/nested too deeply to parse after element \(0010,0010\)/) })]);
    expect(dataset(r).fields.find((f) => f.key === '(0010,0010)')?.value).toBe('Hostile^Sizes');
    // One 64 KiB prefix: a longer one cannot help.
    expect(source.bytesRead).toBe(64 * 1024);
  });

  it('sequences nested 1,000 deep (parsed): the record tree stops at MAX_SEQUENCE_DEPTH with a warning', async () => {
    const { r, ms } = await extract(nested(1000));
    expect(ms).toBeLessThan(5000);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContainEqual(expect.stringMatching(new RegExp(`nested more than ${MAX_SEQUENCE_DEPTH} levels`)));
    // dataset → (sequence → item) × MAX_SEQUENCE_DEPTH → the next sequence, without its items.
    expect(depthOf(dataset(r))).toBe(2 + 2 * MAX_SEQUENCE_DEPTH);
    expect(structuredClone(r)).toEqual(r);
  });

  it('100,000 empty items in one sequence: the groups stop at maxObjects', async () => {
    const items = 100_000;
    const body = concat([header(0x00081115, 'SQ', 0xffffffff, EXPLICIT_LE), ...Array.from({ length: items }, () => ITEM(0)), SEQ_END]);
    const { r, ms } = await extract(part10(body), { maxObjects: 1000 });
    expect(ms).toBeLessThan(5000);
    const seq = dataset(r).children!.find((g) => g.id === 'dataset/(0008,1115)')!;
    expect(dataset(r).fields.find((f) => f.key === '(0008,1115)')?.value).toBe(items);
    expect(seq.children!.length).toBeLessThanOrEqual(1000);
    expect(r.warnings.some((w) => /More than 1000/.test(w))).toBe(true);
  });

  it('a sequence item length of 0xFFFFFFF0 (defined, past EOF): truncated, not internal', async () => {
    const body = concat([header(0x00081115, 'SQ', 0xffffffff, EXPLICIT_LE), ITEM(0xfffffff0), encodeElements([{ tag: 0x00081150, vr: 'UI', value: '1.2' }], EXPLICIT_LE)]);
    const { r, source } = await extract(part10(body));
    expect(r.errors.map((e) => e.code)).toEqual(['truncated']);
    expect(source.bytesRead).toBe(source.size);
  });

  it('encapsulated Pixel Data whose offset-table and fragment lengths point past EOF: truncated, no read past the file', async () => {
    for (const items of [[ITEM(0xfffffff0)], [ITEM(0), ITEM(0x7ffffff0), new Uint8Array(32)]]) {
      const bytes = part10(concat([header(0x7fe00010, 'OB', 0xffffffff, EXPLICIT_LE), ...items]), TS.jpegBaseline);
      const { r, source } = await extract(bytes);
      expect(r.errors).toEqual([expect.objectContaining({ code: 'truncated', message: expect.stringMatching(/ends inside encapsulated Pixel Data/) })]);
      expect(source.bytesRead).toBeLessThanOrEqual(bytes.length);
    }
  });

  it('a transfer syntax or SOP class UID named like an Object.prototype member is not "named"', async () => {
    const bytes = concat([
      part10Header('constructor', 'toString', '1.2.3.4'),
      encodeElements(
        [
          { tag: 0x00080016, vr: 'UI', value: 'toString' },
          { tag: 0x00100010, vr: 'PN', value: 'Proto^Keys' },
        ],
        EXPLICIT_LE,
      ),
    ]);
    const { r } = await extract(bytes);
    const ts = r.groups.find((g) => g.id === 'file')!.fields.find((f) => f.key === 'TransferSyntaxUID')!;
    expect(ts.comment).toBe('unknown transfer syntax');
    expect(r.summary.find((f) => f.key === '(0002,0010)')).toMatchObject({ value: 'constructor' });
    expect(r.summary.find((f) => f.key === '(0008,0016)')).toMatchObject({ value: 'toString' });
    expect(structuredClone(r)).toEqual(r);
  });
});
