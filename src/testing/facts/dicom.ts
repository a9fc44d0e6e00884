/**
 * Corpus facts for DICOM (corpus README "dicom"), read off the record's groups only:
 * `file` (structure fields), `meta` (0002,0010) and `dataset` (top-level elements by tag).
 * Empty or absent attributes are null; PixelData is `{vr, encapsulated, length?}` or null.
 */
import type { Field, FieldValue, MetadataRecord } from '../../extractors/types';

const ATTRIBUTES: Record<string, string> = {
  SOPClassUID: '(0008,0016)',
  SOPInstanceUID: '(0008,0018)',
  StudyInstanceUID: '(0020,000D)',
  SeriesInstanceUID: '(0020,000E)',
  PatientID: '(0010,0020)',
  PatientName: '(0010,0010)',
  Modality: '(0008,0060)',
  StudyDate: '(0008,0020)',
  Rows: '(0028,0010)',
  Columns: '(0028,0011)',
  NumberOfFrames: '(0028,0008)',
  BitsAllocated: '(0028,0100)',
  SamplesPerPixel: '(0028,0002)',
  PhotometricInterpretation: '(0028,0004)',
  SpecificCharacterSet: '(0008,0005)',
};

function fieldsOf(record: MetadataRecord, id: string): Field[] {
  return record.groups.find((g) => g.id === id)?.fields ?? [];
}

function value(fields: Field[], key: string): FieldValue | undefined {
  return fields.find((f) => f.key === key)?.value;
}

function orNull(v: FieldValue | undefined): FieldValue {
  return v === undefined || v === '' ? null : v;
}

/** The corpus `expected` facts of a DICOM record. */
export function corpusFacts(record: MetadataRecord): Record<string, unknown> {
  const file = fieldsOf(record, 'file');
  const meta = fieldsOf(record, 'meta');
  const dataset = fieldsOf(record, 'dataset');
  const facts: Record<string, unknown> = {
    has_preamble: value(file, 'Preamble') ?? null,
    has_file_meta: value(file, 'FileMeta') ?? null,
    TransferSyntaxUID: orNull(value(meta, '(0002,0010)')),
    decoded_as: value(file, 'decoded_as') ?? null,
  };
  for (const [name, key] of Object.entries(ATTRIBUTES)) facts[name] = orNull(value(dataset, key));
  facts.dataset_element_count = value(file, 'dataset_element_count') ?? null;
  const pixel = value(dataset, '(7FE0,0010)');
  if (pixel && typeof pixel === 'object' && !Array.isArray(pixel)) {
    const p: Record<string, unknown> = { vr: pixel.vr, encapsulated: pixel.encapsulated };
    if (pixel.encapsulated === false) p.length = pixel.length;
    facts.PixelData = p;
  } else {
    facts.PixelData = null;
  }
  return facts;
}
