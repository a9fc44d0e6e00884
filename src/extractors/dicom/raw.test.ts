/**
 * Data sets without the PS3.10 file layout (issue 14): raw data sets in each encoding, an
 * ACR-NEMA-style file opening with command group 0000, and preamble + "DICM" files whose group 0002
 * is missing or not first. dcmdump reads every fixture here; so must we, with the transfer syntax
 * inferred from the data and said in a warning.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Field, FieldGroup, MetadataRecord } from '../types';
import { EXPLICIT_LE, encodeElements, imageModule, rawFixtures, type El, type Enc } from '../../../scripts/fixtures/dicom';
import { writeNamedFiles } from '../../../scripts/fixtures/write-files';
import { fixtureFolder } from '../../../scripts/fixtures/fixture-folder';
import { concat } from '../../../scripts/fixtures/bytes';
import { extractPath } from '../../node/extract-path';
import { extractBytes } from '../../testing/extract-bytes';
import { pickEntry } from '../detect';
import { corpusFacts } from '../../testing/facts/dicom';

const file = fixtureFolder('dicom-raw-', (dir) => writeNamedFiles(dir, rawFixtures()));

function group(r: MetadataRecord, id: string): FieldGroup {
  const g = r.groups.find((x) => x.id === id);
  if (!g) throw new Error(`no group ${id}`);
  return g;
}
const field = (fields: Field[], key: string) => fields.find((f) => f.key === key);
const val = (r: MetadataRecord, key: string) => field(group(r, 'dataset').fields, key)?.value;

const NO_META = 'No preamble, "DICM" marker or File Meta Information (group 0002): read as a raw data set; transfer syntax inferred from the first data elements:';
const PREAMBLE_ONLY = 'Preamble and "DICM" marker but no File Meta Information (group 0002) after them; transfer syntax inferred from the first data elements:';

describe('DICOM data sets without File Meta Information', () => {
  it.each([
    ['dicom-raw-implicit-le.dcm', 'Raw^Implicit', 'RAW-1', '19910315', 'CT', 3, 5, 'implicit VR little endian', '1.2.840.10008.1.2', 'Implicit VR Little Endian', false],
    ['dicom-raw-explicit-le.dcm', 'Raw^ExplicitLE', 'RAW-2', '19920315', 'MR', 4, 6, 'explicit VR little endian', '1.2.840.10008.1.2.1', 'Explicit VR Little Endian', false],
    ['dicom-raw-explicit-be.dcm', 'Raw^ExplicitBE', 'RAW-3', '19930315', 'US', 5, 7, 'explicit VR big endian', '1.2.840.10008.1.2.2', 'Explicit VR Big Endian (Retired)', false],
    ['dicom-raw-implicit-be.dcm', 'Raw^ImplicitBE', 'RAW-4', '19940315', 'NM', 6, 8, 'implicit VR big endian', null, 'implicit VR big endian (not a DICOM transfer syntax)', false],
    ['dicom-preamble-no-meta.dcm', 'Preamble^NoMeta', 'RAW-5', '19950315', 'CR', 7, 9, 'explicit VR little endian', '1.2.840.10008.1.2.1', 'Explicit VR Little Endian', true],
  ] as const)('%s: facts, inferred transfer syntax and the warning', async (name, patient, id, date, modality, rows, cols, decodedAs, uid, tsName, preamble) => {
    const r = await extractPath(file(name));
    expect(r.format.id).toBe('dicom');
    expect(r.errors).toEqual([]);
    expect(corpusFacts(r)).toMatchObject({
      has_preamble: preamble,
      has_file_meta: false,
      TransferSyntaxUID: null,
      decoded_as: decodedAs,
      PatientName: patient,
      PatientID: id,
      StudyDate: date,
      Modality: modality,
      Rows: rows,
      Columns: cols,
      PixelData: { vr: 'OW', encapsulated: false, length: rows * cols * 2 },
    });
    expect(field(group(r, 'file').fields, 'InferredTransferSyntaxUID')).toMatchObject({ value: uid, comment: tsName });
    expect(field(r.summary, 'InferredTransferSyntaxUID')).toEqual({
      key: 'InferredTransferSyntaxUID',
      label: 'Transfer syntax (inferred, no UID in the file)',
      value: tsName,
      ...(uid ? { raw: uid } : {}),
    });
    expect(field(r.summary, '(0028,0010)×(0028,0011)')?.value).toBe(`${rows} × ${cols}`);
    expect(r.warnings).toContain(`${preamble ? PREAMBLE_ONLY : NO_META} ${tsName}${uid ? ` (${uid})` : ''}.`);
  });

  it('reads an ACR-NEMA-style file opening with command group 0000, group lengths and retired elements', async () => {
    const r = await extractPath(file('dicom-acr-nema.dcm'));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContain(`${NO_META} Implicit VR Little Endian (1.2.840.10008.1.2).`);
    const keys = group(r, 'dataset').fields.map((f) => f.key);
    expect(keys.slice(0, 5)).toEqual(['(0000,0000)', '(0000,0001)', '(0000,0010)', '(0000,0800)', '(0008,0000)']);
    expect(field(group(r, 'dataset').fields, '(0000,0000)')).toMatchObject({ label: 'Command Group Length', value: 42 });
    expect(val(r, '(0000,0001)')).toBe(532);
    expect(field(group(r, 'dataset').fields, '(0008,0010)')).toMatchObject({ value: 'ACR-NEMA 2.0', comment: 'SH · RecognitionCode · retired' });
    expect(val(r, '(0028,0005)')).toBe(2);
    expect(corpusFacts(r)).toMatchObject({ PatientName: 'Acr^Nema', PatientID: 'ACR-1993', Modality: 'MR', StudyDate: '19930622', Rows: 8, Columns: 10 });
    expect(val(r, '(7FE0,0010)')).toMatchObject({ vr: 'OW', length: 160 });
  });

  it('lists group 0002 elements found after the start of the data set with the data set, with a warning', async () => {
    const r = await extractPath(file('dicom-preamble-meta-late.dcm'));
    expect(r.errors).toEqual([]);
    expect(r.groups.some((g) => g.id === 'meta')).toBe(false);
    const keys = group(r, 'dataset').fields.map((f) => f.key);
    expect(keys.slice(0, 4)).toEqual(['(0008,0008)', '(0008,0016)', '(0002,0000)', '(0002,0001)']);
    expect(val(r, '(0002,0010)')).toBe('1.2.840.10008.1.2.1');
    expect(corpusFacts(r)).toMatchObject({ has_preamble: true, has_file_meta: false, PatientName: 'Meta^Late', Rows: 8, Columns: 4 });
    expect(r.warnings).toContain(`${PREAMBLE_ONLY} Explicit VR Little Endian (1.2.840.10008.1.2.1).`);
    expect(r.warnings).toContain('File Meta Information elements (group 0002) inside the data set, after other elements: listed with the data set, not used to decode it.');
  });

  it('infers the transfer syntax when the File Meta group has no Transfer Syntax UID (0002,0010)', async () => {
    const explicitBE: Enc = { explicit: true, littleEndian: false, text: 'latin1' };
    const meta = encodeElements(
      [
        { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
        { tag: 0x00020002, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
        { tag: 0x00020003, vr: 'UI', value: '1.2.3' },
      ],
      EXPLICIT_LE,
    );
    const bytes = concat([
      new Uint8Array(128),
      Uint8Array.from('DICM', (c) => c.charCodeAt(0)),
      encodeElements([{ tag: 0x00020000, vr: 'UL', value: meta.length }], EXPLICIT_LE),
      meta,
      encodeElements([{ tag: 0x00100010, vr: 'PN', value: 'No^Ts' }, ...imageModule(3, 4)], explicitBE),
    ]);
    const { r } = await extractBytes(bytes, 'no-ts.dcm');
    expect(r.errors).toEqual([]);
    expect(corpusFacts(r)).toMatchObject({ has_file_meta: true, TransferSyntaxUID: null, decoded_as: 'explicit VR big endian', PatientName: 'No^Ts', Columns: 4 });
    expect(r.warnings).toEqual([
      'File Meta Information without a Transfer Syntax UID (0002,0010); transfer syntax inferred from the first data elements: Explicit VR Big Endian (Retired) (1.2.840.10008.1.2.2).',
    ]);
  });

  it('detects each raw fixture as DICOM by its bytes alone, whatever the name', async () => {
    for (const [name] of rawFixtures()) {
      const head = new Uint8Array(await readFile(file(name)));
      expect(pickEntry(head, 'scan.bin')?.id, name).toBe('dicom');
    }
  });

  it('grows the prefix until Pixel Data in a raw data set, without reading the pixels', async () => {
    const implicitBE: Enc = { explicit: false, littleEndian: false, text: 'latin1' };
    for (const enc of [EXPLICIT_LE, implicitBE]) {
      const els: El[] = [
        { tag: 0x00080060, vr: 'CS', value: 'CT' },
        { tag: 0x00100010, vr: 'PN', value: 'Raw^Large' },
        { tag: 0x00190010, vr: 'LO', value: 'BLOB MAKER' },
        { tag: 0x00191001, vr: 'OB', value: new Uint8Array(200_000) }, // header > the first 64 KiB prefix
        ...imageModule(256, 256, 64),
        { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(64 * 256 * 256 * 2) },
      ];
      const bytes = concat([encodeElements(els, enc)]);
      const { r, source } = await extractBytes(bytes, 'raw-large.dcm');
      expect(r.errors).toEqual([]);
      expect(corpusFacts(r)).toMatchObject({ PatientName: 'Raw^Large', NumberOfFrames: 64, Rows: 256 });
      expect(val(r, '(7FE0,0010)')).toMatchObject({ length: 64 * 256 * 256 * 2 });
      expect(source.bytesRead).toBeLessThan(bytes.length / 20);
    }
  });
});
