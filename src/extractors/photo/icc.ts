/**
 * ICC profile header and tags (ICC.1:2022 §7) via exifr's ICC segment parser, with its key and
 * value dictionaries (ProfileClass 'Monitor', ProfileDescription…). Binary tag data (curves,
 * matrices) is summarised by length.
 */
import { segmentParsers } from './exifr-lib';
import type { Field, FieldGroup } from '../types';
import { describeThrown } from '../errors';
import { makeField } from '../fields';
import { hexPreview } from './bytes';
import { humanize } from './labels';

/** The ICC group, or null when the profile cannot be parsed (with a warning). */
export async function iccGroup(bytes: Uint8Array, maxItems: number, warn: (m: string) => void): Promise<FieldGroup | null> {
  const declared = bytes.length >= 4 ? ((bytes[0] << 24) >>> 0) + ((bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) : 0;
  if (bytes.length < 132 || declared > bytes.length) {
    warn(`The ICC profile is incomplete (${bytes.length} of ${declared} bytes); it is not decoded.`);
    return { id: 'icc', label: 'ICC profile', fields: [makeField('ProfileSize', declared, { label: 'Declared profile size', unit: 'bytes' })] };
  }
  // exifr's parser logs to the console and stops at a tag that lies outside the profile: check first.
  const u32 = (o: number) => ((bytes[o] << 24) >>> 0) + ((bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]);
  const tagCount = u32(128);
  const badTag = tagCount > (bytes.length - 132) / 12 || Array.from({ length: tagCount }, (_, i) => 132 + 12 * i).some((o) => u32(o + 4) + u32(o + 8) > bytes.length);
  if (badTag) {
    warn('The ICC profile tag table points outside the profile; the profile is not decoded.');
    return { id: 'icc', label: 'ICC profile', fields: [makeField('ProfileSize', bytes.length, { label: 'Profile size', unit: 'bytes' })] };
  }
  let out: Record<string, unknown> | undefined;
  try {
    out = (await segmentParsers.get('icc').parse(bytes, {})) as Record<string, unknown> | undefined;
  } catch (e) {
    warn(`The ICC profile could not be parsed: ${describeThrown(e)}`);
    return null;
  }
  if (!out) return null;
  const fields: Field[] = [makeField('ProfileSize', bytes.length, { label: 'Profile size', unit: 'bytes' })];
  for (const [key, v] of Object.entries(out)) {
    if (v instanceof Uint8Array) fields.push(makeField(key, `${v.length} bytes of binary data`, { label: humanize(key), raw: hexPreview(v) }));
    else fields.push(makeField(key, v, { label: humanize(key) }, maxItems));
  }
  return { id: 'icc', label: 'ICC profile', fields };
}
