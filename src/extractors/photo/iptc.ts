/**
 * IPTC-IIM (IPTC Information Interchange Model 4.2, records 1 and 2) and Photoshop image resource
 * blocks (Adobe Photoshop File Formats, "Image Resource Blocks"; resource 0x0404 holds IPTC).
 * Our own small decoder: exifr's IPTC parser reads record 2 only and always as Latin-1; here
 * 1:90 CodedCharacterSet `ESC % G` selects UTF-8. Dataset names follow exifr's dictionary with
 * the IIM spellings ExifTool uses (By-line, Caption-Abstract…).
 */
import { tagKeys } from './exifr-lib';
import type { Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import { decodeLatin1, decodeText, decodeUtf8, u16be, u32be } from './bytes';
import { humanize } from './labels';

/** Finds the IPTC-IIM data (resource 0x0404) in Photoshop image resources ("8BIM" blocks). */
export function iptcFromPhotoshop(irb: Uint8Array): Uint8Array | null {
  let o = 0;
  while (o + 12 <= irb.length) {
    const sig = String.fromCharCode(irb[o], irb[o + 1], irb[o + 2], irb[o + 3]);
    if (!['8BIM', 'MeSa', 'PHUT', 'AgHg', 'DCSR'].includes(sig)) return null;
    const id = u16be(irb, o + 4);
    const nameLen = irb[o + 6];
    let p = o + 6 + 1 + nameLen;
    if ((1 + nameLen) % 2 === 1) p += 1;
    if (p + 4 > irb.length) return null;
    const size = u32be(irb, p);
    p += 4;
    if (p + size > irb.length) return null;
    if (id === 0x0404) return irb.subarray(p, p + size);
    o = p + size + (size % 2);
  }
  return null;
}

/** Envelope record (1) dataset names (IIM 4.2 §5). */
// prettier-ignore
const RECORD1: Record<number, string> = {
  0: 'EnvelopeRecordVersion', 5: 'Destination', 20: 'FileFormat', 22: 'FileVersion', 30: 'ServiceIdentifier',
  40: 'EnvelopeNumber', 50: 'ProductID', 60: 'EnvelopePriority', 70: 'DateSent', 80: 'TimeSent',
  90: 'CodedCharacterSet', 100: 'UniqueObjectName', 120: 'ARMIdentifier', 122: 'ARMVersion',
};

/** Record 2 names where the IIM spelling (as in ExifTool) differs from exifr's dictionary. */
// prettier-ignore
const RECORD2_IIM: Record<number, string> = {
  80: 'By-line', 85: 'By-lineTitle', 92: 'Sub-location', 95: 'Province-State', 100: 'Country-PrimaryLocationCode',
  101: 'Country-PrimaryLocationName', 120: 'Caption-Abstract', 122: 'Writer-Editor',
};

/** Binary (numeric) datasets: record:dataset. */
const BINARY = new Set(['1:0', '1:20', '1:22', '1:120', '1:122', '2:0']);

/** One decoded dataset; repeated datasets collect their values in order. */
export interface IptcEntry {
  record: number;
  dataset: number;
  name: string;
  values: (string | number)[];
}

/** Decodes IIM datasets (0x1C, record, dataset, length [extended]) until the data ends or stops matching. */
export function decodeIptc(data: Uint8Array): { entries: IptcEntry[]; warning?: string } {
  const entries = new Map<string, IptcEntry>();
  const dict = tagKeys.get('iptc');
  let utf8 = false;
  let o = 0;
  let warning: string | undefined;
  while (o < data.length) {
    if (data[o] !== 0x1c) {
      if (data.subarray(o).some((b) => b !== 0)) warning = `IPTC data has unexpected bytes at offset ${o}; the rest is not decoded.`;
      break;
    }
    if (o + 5 > data.length) {
      warning = 'IPTC data ends inside a dataset header.';
      break;
    }
    const record = data[o + 1];
    const dataset = data[o + 2];
    let len = u16be(data, o + 3);
    o += 5;
    if (len & 0x8000) {
      const n = len & 0x7fff;
      if (n > 4 || o + n > data.length) {
        warning = 'IPTC extended dataset length is invalid.';
        break;
      }
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + data[o + i];
      o += n;
    }
    if (o + len > data.length) {
      warning = `IPTC dataset ${record}:${dataset} runs past the end of the data.`;
      break;
    }
    const bytes = data.subarray(o, o + len);
    o += len;
    const id = `${record}:${dataset}`;
    if (id === '1:90') utf8 = bytes.length >= 3 && bytes[0] === 0x1b && bytes[1] === 0x25 && bytes[2] === 0x47;
    let value: string | number;
    if (BINARY.has(id) && len <= 4) value = bytes.reduce((v, b) => v * 256 + b, 0);
    else if (id === '1:90')
      value = Array.from(bytes, (b) => (b === 0x1b ? 'ESC ' : String.fromCharCode(b)))
        .join('')
        .trim();
    else value = (utf8 ? decodeUtf8(bytes) : record === 2 ? decodeText(bytes) : decodeLatin1(bytes)).replace(/\0+$/, '');
    const name = record === 1 ? RECORD1[dataset] : record === 2 ? (RECORD2_IIM[dataset] ?? dict?.get(dataset)) : undefined;
    const entry = entries.get(id) ?? { record, dataset, name: name ?? `IPTC_${record}_${dataset}`, values: [] };
    entry.values.push(value);
    entries.set(id, entry);
  }
  return { entries: [...entries.values()], warning };
}

/** The IPTC group: one field per dataset (repeated datasets as a list), `comment` = record:dataset. */
export function iptcGroup(data: Uint8Array, maxItems: number, warn: (m: string) => void): FieldGroup {
  const { entries, warning } = decodeIptc(data);
  if (warning) warn(warning);
  const fields: Field[] = entries.map((e) => makeField(e.name, e.values.length === 1 ? e.values[0] : e.values, { label: humanize(e.name), comment: `IIM ${e.record}:${e.dataset}` }, maxItems));
  return { id: 'iptc', label: 'IPTC', fields };
}
