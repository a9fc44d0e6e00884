/**
 * A RAW file's record: the photo record of its EXIF, XMP and ICC (photo/extract.ts
 * `presentPhoto`: the same groups and summary keys), plus the decoded MakerNote
 * (makernotes.ts), the embedded images (ExifTool's PreviewImage, JpgFromRaw, ThumbnailImage:
 * size and byte length), and the summary facts ExifTool reports from them: SerialNumber,
 * InternalSerialNumber, LensModel, Lens, LensSerialNumber, ShutterCount. The summary's image size
 * is the raw image's (the main raw IFD, the RAF directory), else the Exif IFD's
 * ExifImageWidth/Height, as ExifTool's Composite ImageSize.
 */
import type { ExtractContext, ExtractorOutput, Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import { presentPhoto } from '../photo/extract';
import { decodeMakerNote, type MakerFacts } from './makernotes';
import type { EmbeddedImage, RawModel } from './model';

/** The embedded images group: ExifTool's <Name>Start / <Name>Length (ThumbnailOffset / ThumbnailLength) and sizes. */
function imagesGroup(images: EmbeddedImage[]): FieldGroup {
  const fields: Field[] = [];
  images.forEach((img, i) => {
    const n = images.filter((x, k) => x.name === img.name && k < i).length;
    const name = n ? `${img.name}${n + 1}` : img.name;
    const [start, length] = img.name === 'ThumbnailImage' ? ['ThumbnailOffset', 'ThumbnailLength'] : [`${name}Start`, `${name}Length`];
    const comment = img.where;
    if (img.offset !== undefined) fields.push(makeField(start, img.offset, { label: `${name} offset`, comment }));
    fields.push(
      makeField(length, img.length, {
        label: `${name} length`,
        unit: 'bytes',
        comment: img.declared !== undefined ? `${comment}; ${img.declared} bytes declared, ${img.length} present (the file or its box ends first)` : comment,
      }),
    );
    if (img.width !== undefined && img.height !== undefined)
      fields.push(makeField(`${name}Size`, `${img.width}x${img.height}`, { label: `${name} size`, unit: 'px', comment, raw: [img.width, img.height] }));
  });
  return { id: 'raw-images', label: 'Embedded images', fields };
}

/** Builds the record from a RAW model. */
export async function presentRaw(model: RawModel, ctx: ExtractContext): Promise<ExtractorOutput> {
  const maxItems = ctx.options.maxArrayItems;
  const { summary, groups, exif, xmp } = await presentPhoto(model.blocks, ctx);
  // The photo summary's LensModel may be XMP-aux:Lens, which ExifTool names Lens, not LensModel.
  const lensField = summary.find((f) => f.key === 'LensModel');
  if (lensField?.comment === 'XMP' && !xmp?.exifEX?.LensModel) {
    lensField.key = 'Lens';
    lensField.comment = 'XMP-aux:Lens';
  }
  const make = exif?.find('ifd0', 'Make')?.field.value;
  const cameraModel = exif?.find('ifd0', 'Model')?.field.value;
  const note = model.makerNote ? decodeMakerNote(model.makerNote, typeof make === 'string' ? make : '', typeof cameraModel === 'string' ? cameraModel : '', maxItems, ctx.warn) : null;
  const facts: MakerFacts = note?.facts ?? {};
  const images = [...model.images, ...(note?.images ?? [])];
  const exifAt = groups.findIndex((g) => g.id === 'exif');
  if (note) groups.splice(exifAt >= 0 ? exifAt + 1 : groups.length, 0, note.group);
  if (images.length) groups.push(imagesGroup(images));

  const out = summary.filter((f) => f.key !== 'ImageWidth' && f.key !== 'ImageHeight');
  const exifNumber = (key: string) => {
    const v = exif?.find('exif', key)?.field.value;
    return typeof v === 'number' ? v : undefined;
  };
  const width = model.rawWidth ?? exifNumber('ExifImageWidth') ?? model.blocks.width;
  const height = model.rawHeight ?? exifNumber('ExifImageHeight') ?? model.blocks.height;
  const head: Field[] = [];
  if (width !== undefined && height !== undefined) {
    const comment = model.rawWidth ? 'raw image' : exifNumber('ExifImageWidth') !== undefined ? 'EXIF Exif IFD ExifImageWidth/Height' : 'IFD0';
    head.push(makeField('ImageWidth', width, { label: 'Width', unit: 'px', comment }), makeField('ImageHeight', height, { label: 'Height', unit: 'px', comment }));
  }
  const extra: Field[] = [];
  const add = (key: string, label: string, fromExif: unknown, fromNote: string | number | undefined) => {
    if (typeof fromExif === 'string' && fromExif !== '') extra.push(makeField(key, fromExif, { label, comment: 'EXIF Exif IFD' }));
    else if (fromNote !== undefined && fromNote !== '') extra.push(makeField(key, fromNote, { label, comment: note?.group.label ?? 'MakerNotes' }));
  };
  add('SerialNumber', 'Camera serial number', exif?.find('exif', 'SerialNumber')?.field.value, facts.SerialNumber);
  add('InternalSerialNumber', 'Internal serial number', undefined, facts.InternalSerialNumber);
  if (!out.some((f) => f.key === 'LensModel')) add('LensModel', 'Lens', undefined, facts.LensModel);
  if (!out.some((f) => f.key === 'Lens')) add('Lens', 'Lens', undefined, facts.Lens);
  add('LensSerialNumber', 'Lens serial number', exif?.find('exif', 'LensSerialNumber')?.field.value, facts.LensSerialNumber);
  add('ShutterCount', 'Shutter count', undefined, facts.ShutterCount);
  const largest = [...images].sort((a, b) => (b.width ?? 0) * (b.height ?? 0) - (a.width ?? 0) * (a.height ?? 0) || b.length - a.length)[0];
  if (largest) {
    const size = largest.width !== undefined && largest.height !== undefined ? `${largest.width}x${largest.height}, ` : '';
    extra.push(makeField('PreviewImage', `${size}${largest.length} bytes`, { label: 'Largest embedded JPEG', comment: `${largest.name}, ${largest.where}`, raw: largest.length }));
  }
  const at = out.findIndex((f) => f.key === 'FocalLength');
  out.splice(at >= 0 ? at + 1 : out.length, 0, ...extra);
  return {
    format: { id: 'raw', name: model.blocks.formatName },
    summary: [...head, ...out],
    groups,
    ...(model.blocks.damage.length ? { errors: model.blocks.damage } : {}),
  };
}
