/** The source classifier on records built by hand (one per rule, and malformed values), and run.ts applying it. */
import { describe, expect, it } from 'vitest';
import type { Field, FieldGroup, MetadataRecord } from '../types';
import { emptyRecord } from '../empty-record';
import { classifySource, makeModelName } from './source';
import { addProvenance } from './present';
import { extractRecord } from '../run';
import { BytesSource } from '../source/bytes-source';

const f = (key: string, value: Field['value'], extra: Partial<Field> = {}): Field => ({ key, value, ...extra });

function record(format: string, summary: Field[], groups: FieldGroup[] = [], name = 'file'): MetadataRecord {
  const r = emptyRecord({ name, size: 1 });
  r.format = { id: format, name: format };
  r.summary = summary;
  r.groups = groups;
  return r;
}

const DST = (term: string) => f('DigitalSourceType', term, { raw: `http://cv.iptc.org/newscodes/digitalsourcetype/${term}` });

describe('classifySource', () => {
  it.each([
    ['generation parameters', record('photo', [f('Generator', 'ComfyUI', { comment: 'PNG tEXt prompt' }), f('Make', 'Canon'), f('Model', 'EOS R5')]), 'generator', 'ComfyUI'],
    ['DigitalSourceType trainedAlgorithmicMedia with a generator as the software', record('photo', [DST('trainedAlgorithmicMedia'), f('Software', 'Adobe Firefly')]), 'generator', 'Adobe Firefly'],
    ['a generator named as the software', record('photo', [f('Software', 'Midjourney v6')]), 'generator', 'Midjourney'],
    ['DigitalSourceType screenCapture', record('photo', [DST('screenCapture')]), 'screenshot', 'Screenshot'],
    [
      'a Content Credentials action of trained algorithmic media, by its claim generator',
      record('photo', [f('ClaimGenerator', 'Adobe Firefly 3.0'), f('Make', 'Canon')], [{ id: 'c2pa', label: '', fields: [f('DigitalSourceType', [DST('trainedAlgorithmicMedia').raw!])] }]),
      'generator',
      'Adobe Firefly',
    ],
    [
      'ChatGPT as the claim generator of trained algorithmic media',
      record('photo', [f('ClaimGenerator', 'ChatGPT')], [{ id: 'c2pa', label: '', fields: [f('DigitalSourceType', [DST('trainedAlgorithmicMedia').raw!])] }]),
      'generator',
      'OpenAI',
    ],
    [
      'a Content Credentials capture is evidence only',
      record('photo', [f('Make', 'Leica'), f('Model', 'M11-P')], [{ id: 'c2pa', label: '', fields: [f('DigitalSourceType', [DST('digitalCapture').raw!])] }]),
      'camera',
      'Leica M11-P',
    ],
    ['iOS "Screenshot" UserComment', record('photo', [], [{ id: 'exififd', label: '', fields: [f('UserComment', 'Screenshot')] }]), 'screenshot', 'Screenshot'],
    ['a screenshot tool as PNG Software', record('photo', [], [{ id: 'png-text', label: '', fields: [f('Software', 'gnome-screenshot')] }]), 'screenshot', 'Screenshot'],
    ['an Apple iPhone', record('photo', [f('Make', 'Apple'), f('Model', 'iPhone 13')]), 'phone', 'Apple iPhone 13'],
    ['a Samsung phone', record('photo', [f('Make', 'samsung'), f('Model', 'SM-S918B')]), 'phone', 'samsung SM-S918B'],
    ['a Google Pixel', record('photo', [f('Make', 'Google'), f('Model', 'Pixel 8 Pro')]), 'phone', 'Google Pixel 8 Pro'],
    ['a camera of a maker that also makes phones', record('photo', [f('Make', 'SONY'), f('Model', 'ILCE-7M4')]), 'camera', 'SONY ILCE-7M4'],
    ['a camera, edited', record('photo', [f('Make', 'Canon'), f('Model', 'Canon EOS R5'), f('Software', 'Adobe Lightroom Classic 13.0 (Windows)')]), 'camera', 'Canon EOS R5'],
    ['an editor', record('photo', [f('Software', 'Adobe Photoshop 25.0 (Windows)')]), 'editor', 'Adobe Photoshop 25.0'],
    [
      'GIMP as XMP CreatorTool',
      record('photo', [], [{ id: 'xmp', label: '', fields: [], children: [{ id: 'xmp-xmp', label: '', fields: [f('xmp:CreatorTool', 'GIMP 2.10')] }] }]),
      'editor',
      'GIMP 2.10',
    ],
    ['a FITS telescope and instrument', record('fits', [f('TELESCOP', 'HST'), f('INSTRUME', 'STIS')]), 'instrument', 'HST STIS'],
    ['a DICOM modality', record('dicom', [f('(0008,0070)', 'SIEMENS'), f('(0008,1090)', 'Skyra')]), 'instrument', 'SIEMENS Skyra'],
    ['a NetCDF source attribute', record('netcdf', [], [{ id: 'global-attributes', label: '', fields: [f('institution', 'ECMWF'), f('source', 'IFS Cycle 47r3')] }]), 'software', 'IFS Cycle 47r3'],
    ['an HDF5 institution', record('hdf5', [f('institution', 'NASA GSFC')]), 'software', 'NASA GSFC'],
    ['a PDF producer', record('pdf', [f('Creator', 'Writer'), f('Producer', 'LibreOffice 7.6')]), 'software', 'LibreOffice 7.6'],
    ['other software', record('photo', [f('Software', 'ImageMagick 7.1')]), 'software', 'ImageMagick 7.1'],
    ['a screenshot by its file name only', record('photo', [f('ImageWidth', 1)], [], 'Screenshot_20240101-120000.png'), 'screenshot', 'Screenshot'],
    ['nothing named', record('photo', [f('ImageWidth', 1)]), 'unknown', 'Unknown'],
    ['a capture DigitalSourceType only', record('photo', [DST('digitalCapture')]), 'unknown', 'Unknown'],
    ['malformed values (numbers, empty text, null)', record('photo', [f('Make', ''), f('Model', null), f('Software', 42), f('Generator', null)]), 'software', '42'],
  ])('%s', (_, r, kind, name) => {
    const s = classifySource(r);
    expect(s).toMatchObject({ kind, name });
    expect(s.evidence.length).toBeGreaterThan(0);
  });

  it('lists every observation, the deciding one first', () => {
    const s = classifySource(record('photo', [f('Make', 'Canon'), f('Model', 'Canon EOS R5'), f('Software', 'Adobe Photoshop 25.0 (Windows)'), DST('digitalCapture')]));
    expect(s.evidence).toEqual([
      'Make/Model: Canon / Canon EOS R5',
      'IPTC DigitalSourceType: Digital capture sampled from real life (http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture)',
      'Software: Adobe Photoshop 25.0 (Windows) (an image editor)',
    ]);
  });

  it('names a make and model once', () => {
    expect(makeModelName('NIKON CORPORATION', 'NIKON D850')).toBe('NIKON D850');
    expect(makeModelName(undefined, 'X100V')).toBe('X100V');
  });
});

describe('addProvenance and run.ts', () => {
  it('adds Source, SourceKind and the provenance group, with the DigitalSourceType', () => {
    const r = record('photo', [DST('trainedAlgorithmicMedia')]);
    addProvenance(r);
    expect(r.summary.slice(1)).toEqual([
      {
        key: 'Source',
        label: 'Source',
        value: 'Trained algorithmic media',
        comment: 'IPTC DigitalSourceType: Trained algorithmic media (http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia)',
      },
      { key: 'SourceKind', label: 'Source kind', value: 'generator' },
    ]);
    expect(r.groups.at(-1)!.fields.map((x) => x.key)).toEqual(['SourceKind', 'Source', 'Evidence', 'DigitalSourceType']);
  });
  it('leaves a record with nothing read empty (its status stays error)', async () => {
    const r = await extractRecord({ source: new BytesSource(new Uint8Array([1, 2, 3, 4]), 'x.bin') });
    expect(r.summary).toEqual([]);
    expect(r.groups).toEqual([]);
  });
});
