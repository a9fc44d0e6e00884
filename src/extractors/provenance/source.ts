/**
 * What made a file, decided from its finished record (summary and groups, whatever the format):
 * a generator (generation parameters, an IPTC Digital Source Type of trained algorithmic media
 * declared in XMP or in a Content Credentials action, or a generator named as the software), a screenshot (IPTC screenCapture, the "Screenshot" EXIF
 * or XMP UserComment that iOS and macOS write, a screenshot tool as the PNG Software), a phone or
 * a camera (EXIF Make/Model; phones by maker and model, names.ts), an editor (Software /
 * CreatorTool of an image editor), an instrument (FITS TELESCOP/INSTRUME, DICOM Manufacturer
 * and Manufacturer's Model Name), software (NetCDF/HDF5 CF global attributes `source` /
 * `institution`, PDF Producer/Creator, any other Software), else unknown. The first rule that
 * applies decides; the evidence lists every observation, the deciding one first.
 */
import type { Field, FieldValue, MetadataRecord } from '../types';
import { findGroup } from '../fields';
import { generatorNamed, isEditor, isPhone, isScreenshotMark } from './names';
import { digitalSourceType } from '../photo/generation/origin';

/** The kinds of source. */
type SourceKind = 'generator' | 'camera' | 'phone' | 'screenshot' | 'editor' | 'instrument' | 'software' | 'unknown';

/** A file's source: its kind, a name to show and group by, and the observations behind it. */
export interface Source {
  kind: SourceKind;
  name: string;
  evidence: string[];
}

/** A text value (trimmed), else undefined. */
function text(v: FieldValue | undefined): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** "Canon" + "Canon EOS R5" → "Canon EOS R5"; "Apple" + "iPhone 13" → "Apple iPhone 13". */
export function makeModelName(make: string | undefined, model: string | undefined): string {
  if (!make || !model) return (make ?? model)!;
  const first = make.split(/\s+/)[0].toLowerCase();
  return model.toLowerCase().startsWith(first) ? model : `${make} ${model}`;
}

/** "Adobe Photoshop 25.0 (Windows)" → "Adobe Photoshop 25.0". */
function softwareName(s: string): string {
  return s.replace(/\s*\(?(Windows|Macintosh|Mac OS X?|macOS|Linux)\)?\s*$/i, '').trim();
}

/** The record's facts that decide its source, wherever its format keeps them. */
function observe(record: MetadataRecord) {
  const summary = new Map<string, Field>(record.summary.map((f) => [f.key, f]));
  const s = (key: string) => text(summary.get(key)?.value);
  const g = (group: string, key: string) => text(findGroup(record.groups, group)?.fields.find((f) => f.key === key)?.value);
  const cf = (key: string) => s(key) ?? g('global-attributes', key) ?? g('hdf5:group:/', key);
  const dst = summary.get('DigitalSourceType');
  // Content Credentials (c2pa/present.ts): the active manifest's actions' source types, a list of URIs.
  const actions = findGroup(record.groups, 'c2pa')?.fields.find((f) => f.key === 'DigitalSourceType')?.value;
  // Groups are searched only in the formats that have them (a DICOM or HDF5 tree can be large).
  const image = record.format.id === 'photo' || record.format.id === 'raw';
  const tables = record.format.id === 'netcdf' || record.format.id === 'hdf5';
  return {
    generator: s('Generator'),
    generatorWhere: summary.get('Generator')?.comment,
    dst: digitalSourceType(dst?.raw ?? dst?.value),
    c2paSources: (Array.isArray(actions) ? actions : []).map(digitalSourceType).filter((d) => d !== undefined),
    claimGenerator: s('ClaimGenerator'),
    credentials: s('ContentCredentials'),
    make: s('Make'),
    model: s('Model'),
    software: [s('Software'), ...(image ? [g('png-text', 'Software'), g('xmp-xmp', 'xmp:CreatorTool')] : [])].filter((x): x is string => x !== undefined),
    userComment: (image ? [g('exififd', 'UserComment'), g('xmp-exif', 'exif:UserComment')] : []).filter((x): x is string => x !== undefined),
    telescope: s('TELESCOP'),
    instrument: s('INSTRUME'),
    manufacturer: s('(0008,0070)'),
    manufacturerModel: s('(0008,1090)'),
    cfSource: tables ? cf('source') : undefined,
    cfInstitution: tables ? cf('institution') : undefined,
    producer: record.format.id === 'pdf' ? s('Producer') : undefined,
    creator: record.format.id === 'pdf' ? s('Creator') : undefined,
  };
}

/** Decides a record's source (see the module comment). Pure; never throws. */
export function classifySource(record: MetadataRecord): Source {
  const o = observe(record);
  const candidates: { kind: SourceKind; name: string; evidence: string }[] = [];
  const add = (kind: SourceKind, name: string, evidence: string) => candidates.push({ kind, name, evidence });

  if (o.generator) add('generator', o.generator, `generation parameters (${o.generatorWhere ?? 'found'})`);
  const namedGenerator = o.software.map(generatorNamed).find((n) => n !== undefined);
  if (o.dst) {
    const evidence = `IPTC DigitalSourceType: ${o.dst.name} (${o.dst.uri})`;
    if (o.dst.term === 'trainedAlgorithmicMedia') add('generator', namedGenerator ?? o.dst.name, evidence);
    else if (o.dst.term === 'screenCapture') add('screenshot', 'Screenshot', evidence);
    else add('unknown', '', evidence); // evidence only: a capture, an edit, a composite…
  }
  for (const d of o.c2paSources) {
    const evidence = `Content Credentials (${o.credentials ?? 'read'}) action: ${d.name} (${d.uri})${o.claimGenerator ? `, claim generator ${o.claimGenerator}` : ''}`;
    if (d.term === 'trainedAlgorithmicMedia') add('generator', (o.claimGenerator && generatorNamed(o.claimGenerator)) ?? namedGenerator ?? o.claimGenerator ?? d.name, evidence);
    else if (d.term === 'screenCapture') add('screenshot', 'Screenshot', evidence);
    else add('unknown', '', evidence);
  }
  for (const sw of o.software) {
    const gen = generatorNamed(sw);
    if (gen) add('generator', gen, `Software names a generator: ${sw}`);
  }
  for (const uc of o.userComment) if (isScreenshotMark(uc)) add('screenshot', 'Screenshot', `UserComment: ${uc}`);
  for (const sw of o.software) if (isScreenshotMark(sw)) add('screenshot', 'Screenshot', `Software: ${sw}`);
  if (o.make || o.model) {
    const name = makeModelName(o.make, o.model);
    const phone = o.make !== undefined && o.model !== undefined && isPhone(o.make, o.model);
    add(phone ? 'phone' : 'camera', name, `Make/Model: ${[o.make, o.model].filter(Boolean).join(' / ')}${phone ? ' (a phone maker and model)' : ''}`);
  }
  for (const sw of o.software) if (isEditor(sw)) add('editor', softwareName(sw), `Software: ${sw} (an image editor)`);
  if (o.telescope || o.instrument) add('instrument', makeModelName(o.telescope, o.instrument), `FITS TELESCOP/INSTRUME: ${[o.telescope, o.instrument].filter(Boolean).join(' / ')}`);
  if (o.manufacturer || o.manufacturerModel)
    add('instrument', makeModelName(o.manufacturer, o.manufacturerModel), `DICOM Manufacturer/Manufacturer's Model Name: ${[o.manufacturer, o.manufacturerModel].filter(Boolean).join(' / ')}`);
  if (o.cfSource) add('software', o.cfSource, `global attribute source: ${o.cfSource}`);
  if (o.cfInstitution) add('software', o.cfInstitution, `global attribute institution: ${o.cfInstitution}`);
  if (o.producer) add('software', o.producer, `PDF Producer: ${o.producer}`);
  if (o.creator) add('software', o.creator, `PDF Creator: ${o.creator}`);
  for (const sw of o.software) if (!isEditor(sw) && !isScreenshotMark(sw) && !generatorNamed(sw)) add('software', softwareName(sw), `Software: ${sw}`);
  if (/^Screen ?[Ss]hot[ _-]/.test(record.file.name)) add('screenshot', 'Screenshot', `file name: ${record.file.name}`);

  const decided = candidates.find((c) => c.kind !== 'unknown');
  const evidence = [...new Set(candidates.map((c) => c.evidence))];
  if (!decided) return { kind: 'unknown', name: 'Unknown', evidence: evidence.length ? evidence : ['no generator, camera, software or instrument is named in the metadata'] };
  return { kind: decided.kind, name: decided.name, evidence: [decided.evidence, ...evidence.filter((e) => e !== decided.evidence)] };
}
