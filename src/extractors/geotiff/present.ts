/**
 * Turns the TiffModel into the record's summary and groups. Field keys are the items' names in
 * their standard: TIFF tag names (`ImageWidth`), GeoKey names (`ProjectedCSTypeGeoKey`), GDAL
 * metadata names (`COMPRESSION`, `INTERLEAVE`, `AREA_OR_POINT`, `GDAL_NODATA`), and for derived
 * facts GDAL's terms (`GeoTransform`, `BlockSize`, `DataType`, `EPSG`).
 */
import type { Field, FieldGroup } from '../types';
import { makeField } from '../fields';
import { codeName, CRS_KEYS, GEOKEY_LABELS, UNIT_SYMBOLS, UNITS } from './geokeys';
import { COMPRESSION_NAMES, PHOTOMETRIC_NAMES, PLANAR_NAMES, SAMPLE_FORMAT_NAMES, gdalCompression, gdalInterleave, parseNoData } from './gdal';
import { boundingBox, corners, resolution } from './geo';
import { EXTRA_SAMPLES_NAMES, PREDICTOR_NAMES, RESOLUTION_UNIT_NAMES, subfileFlags, tagLabel } from './tiff-tags';
import { TYPE_NAMES } from './ifd-scan';
import type { IfdModel, TagItem, TiffModel } from './model';

/** Names of coded TIFF tag values shown next to the raw code. */
const CODED: Record<string, Record<number, string>> = {
  Compression: COMPRESSION_NAMES,
  PhotometricInterpretation: PHOTOMETRIC_NAMES,
  PlanarConfiguration: PLANAR_NAMES,
  SampleFormat: SAMPLE_FORMAT_NAMES,
  Predictor: PREDICTOR_NAMES,
  ExtraSamples: EXTRA_SAMPLES_NAMES,
  ResolutionUnit: RESOLUTION_UNIT_NAMES,
};

const fmt = (n: number) => n.toLocaleString('en-US');

function describeRole(d: IfdModel, overviewNo: number): string {
  const size = `${d.width}×${d.height}`;
  switch (d.role) {
    case 'main':
      return `IFD 0 — full resolution, ${size}`;
    case 'overview':
      return `IFD ${d.index} — overview ${overviewNo}, ${size}`;
    case 'mask':
      return `IFD ${d.index} — mask, ${size}`;
    case 'mask overview':
      return `IFD ${d.index} — mask overview, ${size}`;
    case 'page':
      return `IFD ${d.index} — page, ${size}`;
    default:
      return `IFD ${d.index} — image, ${size}`;
  }
}

function tagField(t: TagItem, maxItems: number): Field {
  const { entry } = t;
  const base = { label: tagLabel(t.name), comment: `tag ${entry.tag}, ${TYPE_NAMES[entry.type] ?? entry.type} × ${fmt(entry.count)}` };
  if (entry.tag === 273 || entry.tag === 279 || entry.tag === 324 || entry.tag === 325) {
    return makeField(t.name, entry.count, { ...base, comment: `tag ${entry.tag}: ${fmt(entry.count)} entries at offset ${entry.valueOffset}; the values are not read` });
  }
  if (t.value === null) {
    return makeField(t.name, null, { ...base, comment: `${base.comment}; ${fmt(entry.size)} bytes at offset ${entry.valueOffset}, not shown` });
  }
  const coded = CODED[t.name];
  if (coded && Array.isArray(t.value)) {
    const names = t.value.map((v) => coded[v] ?? String(v));
    const f = makeField(t.name, names.length === 1 ? names[0] : names, base, maxItems);
    f.raw = t.value.length === 1 ? t.value[0] : t.value;
    return f;
  }
  if (t.name === 'NewSubfileType' && Array.isArray(t.value)) {
    const flags = subfileFlags(t.value[0]);
    return makeField(t.name, flags.length ? flags.join(', ') : 'full-resolution image', { ...base, raw: t.value[0] });
  }
  const value = Array.isArray(t.value) && t.value.length === 1 ? t.value[0] : t.value;
  const f = makeField(t.name, value, base, maxItems);
  if (Array.isArray(t.value) && entry.count > t.value.length) f.total = entry.count;
  return f;
}

/** Structural fields of an IFD, then every tag as stored. */
function ifdGroup(d: IfdModel, overviewNo: number, maxItems: number): FieldGroup {
  const fields: Field[] = [
    makeField('Role', d.role, { label: 'Role' }),
    makeField('Offset', d.offset, { label: 'IFD offset', unit: 'bytes' }),
    makeField('DataType', d.dataType, { label: 'Data type (GDAL)' }),
    makeField('BlockSize', d.blockSize, { label: 'Block size (GDAL)', unit: 'px', comment: d.tiled ? 'tiles' : 'strips' }),
    makeField(d.tiled ? 'TileCount' : 'StripCount', d.strileCount, { label: d.tiled ? 'Tiles' : 'Strips' }),
  ];
  for (const t of d.tags) fields.push(tagField(t, maxItems));
  for (const p of d.problems) fields.push(makeField('Problem', p, { label: 'Problem' }));
  return { id: `ifd-${d.index}`, label: describeRole(d, overviewNo), fields };
}

function unitOf(m: TiffModel): { symbol?: string; name?: string } {
  const code = m.geo.unitCode;
  if (code === undefined) return {};
  return { symbol: UNIT_SYMBOLS[code] ?? UNITS[code], name: UNITS[code] };
}

/** Builds the summary and groups of the record. */
export function present(m: TiffModel, maxItems: number): { summary: Field[]; groups: FieldGroup[] } {
  const main = m.ifds[0];
  const overviews = m.ifds.filter((d) => d.role === 'overview');
  const masks = m.ifds.filter((d) => d.role === 'mask' || d.role === 'mask overview');
  const geo = m.geo;
  const unit = unitOf(m).symbol;
  const compression = gdalCompression(main.compression, main.photometric, (main.tags.find((t) => t.entry.tag === 50674)?.value as number[] | undefined) ?? undefined);
  const interleave = gdalInterleave(main.samplesPerPixel, main.planar);
  const nodata = parseNoData(m.gdalNoDataText);
  const cog = m.ghost?.cog ?? false;
  const areaOrPoint = geo.hasGeoKeys ? (geo.pixelIsPoint ? 'Point' : 'Area') : null;
  const dataTypeComment = `${main.bitsPerSample[0]}-bit ${SAMPLE_FORMAT_NAMES[main.sampleFormat[0]] ?? `sample format ${main.sampleFormat[0]}`}`;

  const summary: Field[] = [
    makeField('ImageWidth', main.width, { label: 'Width', unit: 'px' }),
    makeField('ImageLength', main.height, { label: 'Height', unit: 'px' }),
    makeField('SamplesPerPixel', main.samplesPerPixel, { label: 'Bands' }),
    makeField('DataType', main.dataType, { label: 'Data type', comment: dataTypeComment }),
  ];
  if (geo.hasGeoKeys) {
    summary.push(makeField('EPSG', geo.crs.epsg, { label: 'EPSG code', comment: geo.crs.epsg === null ? 'user-defined or unidentified CRS' : `from ${geo.crs.source}` }));
    summary.push(makeField('CRS', geo.crsName, { label: 'Coordinate reference system', ...(geo.crs.epsg !== null ? { comment: `EPSG:${geo.crs.epsg}` } : {}) }));
  }
  if (geo.transform) {
    const gt = geo.transform.gt;
    summary.push(makeField('Resolution', resolution(gt), { label: 'Pixel size', ...(unit ? { unit } : {}) }));
    summary.push(makeField('BoundingBox', boundingBox(gt, main.width, main.height), { label: 'Bounding box', comment: '[min x, min y, max x, max y]', ...(unit ? { unit } : {}) }));
    summary.push(makeField('GeoTransform', gt, { label: 'Geotransform (GDAL)', comment: `from ${geo.transform.source}` }));
  }
  const compressionField = makeField('COMPRESSION', compression ?? 'None', { label: 'Compression', raw: main.compression });
  summary.push(compressionField);
  summary.push(makeField('Tiled', main.tiled, { label: 'Tiled' }));
  summary.push(makeField('BlockSize', main.blockSize, { label: main.tiled ? 'Tile size' : 'Strip size', unit: 'px' }));
  summary.push(makeField('INTERLEAVE', interleave, { label: 'Interleave' }));
  summary.push(makeField('OverviewCount', overviews.length, { label: 'Overviews', ...(overviews.length ? { comment: overviews.map((o) => `${o.width}×${o.height}`).join(', ') } : {}) }));
  if (masks.length) summary.push(makeField('MaskCount', masks.length, { label: 'Masks' }));
  summary.push(
    makeField('COG', cog, {
      label: 'Cloud Optimized GeoTIFF',
      comment: m.ghost
        ? cog
          ? 'GDAL ghost area: LAYOUT=IFDS_BEFORE_DATA, BLOCK_ORDER=ROW_MAJOR'
          : m.ghost.incompatibleEdition
            ? 'GDAL ghost area says the file was edited after being written as a COG'
            : 'GDAL ghost area without the COG layout items'
        : 'no GDAL COG ghost area',
    }),
  );
  if (m.gdalNoDataText !== undefined) summary.push(makeField('GDAL_NODATA', nodata, { label: 'NoData', raw: m.gdalNoDataText }));
  if (areaOrPoint) summary.push(makeField('AREA_OR_POINT', areaOrPoint, { label: 'Area or point' }));

  const groups: FieldGroup[] = [];
  // TIFF structure
  const structure: Field[] = [
    makeField('ByteOrder', m.littleEndian ? 'little-endian (II)' : 'big-endian (MM)', { label: 'Byte order' }),
    makeField('BigTIFF', m.bigTiff, { label: 'BigTIFF', comment: m.bigTiff ? 'version 43, 64-bit offsets' : 'classic TIFF, version 42' }),
    makeField('FirstIFDOffset', m.firstIfdOffset, { label: 'First IFD offset', unit: 'bytes' }),
    makeField('IFDCount', m.ifds.length, { label: 'IFDs' }),
    makeField('OverviewCount', overviews.length, { label: 'Overviews (reduced-resolution IFDs)' }),
    makeField('MaskCount', masks.length, { label: 'Masks (transparency-mask IFDs)' }),
    makeField('IFDsBeforeData', m.ifdsBeforeData, { label: 'IFDs before image data' }),
    makeField('LAYOUT', cog ? 'COG' : null, { label: 'Layout (GDAL)' }),
  ];
  if (m.chainNote) structure.push(makeField('Note', m.chainNote, { label: 'Note' }));
  const structureGroup: FieldGroup = { id: 'tiff', label: 'TIFF structure', fields: structure };
  if (m.ghost) {
    structureGroup.children = [
      {
        id: 'ghost',
        label: 'GDAL_STRUCTURAL_METADATA (COG ghost area)',
        fields: [makeField('GDAL_STRUCTURAL_METADATA_SIZE', m.ghost.size, { unit: 'bytes' }), ...m.ghost.items.map(([k, v]) => makeField(k, v))],
      },
    ];
  }
  groups.push(structureGroup);

  // Georeferencing
  if (geo.hasGeoKeys || geo.transform || geo.tiepoints) {
    const f: Field[] = [];
    if (geo.hasGeoKeys) {
      f.push(makeField('EPSG', geo.crs.epsg, { label: 'EPSG code' }));
      f.push(makeField('CRS', geo.crsName, { label: 'CRS name' }));
      f.push(makeField('CRSKind', geo.crs.kind, { label: 'CRS kind' }));
      if (geo.crs.citation) f.push(makeField('Citation', geo.crs.citation, { label: 'Citation' }));
      const u = unitOf(m);
      if (u.name) f.push(makeField('Units', u.name, { label: 'Axis units' }));
      f.push(makeField('AREA_OR_POINT', areaOrPoint, { label: 'Area or point' }));
    }
    if (geo.transform) {
      const gt = geo.transform.gt;
      f.push(makeField('GeoTransform', gt, { label: 'Geotransform (GDAL)', comment: `from ${geo.transform.source}` }));
      f.push(makeField('Resolution', resolution(gt), { label: 'Pixel size', ...(unit ? { unit } : {}) }));
      f.push(makeField('BoundingBox', boundingBox(gt, main.width, main.height), { label: 'Bounding box', ...(unit ? { unit } : {}) }));
      const c = corners(gt, main.width, main.height);
      for (const [k, v] of Object.entries(c)) f.push(makeField(`CornerCoordinates.${k}`, v, { label: `Corner: ${k}` }));
    } else if (geo.tiepoints && geo.tiepoints.length >= 12) {
      f.push(makeField('GCPCount', geo.tiepoints.length / 6, { label: 'Ground control points', comment: 'several tie points and no transform: georeferenced by GCPs' }));
    }
    if (geo.tiepoints) f.push(makeField('ModelTiepointTag', geo.tiepoints, { label: 'Model tie point(s)' }, maxItems));
    if (geo.pixelScale) f.push(makeField('ModelPixelScaleTag', geo.pixelScale, { label: 'Model pixel scale' }));
    if (geo.transformation) f.push(makeField('ModelTransformationTag', geo.transformation, { label: 'Model transformation' }));
    groups.push({ id: 'georeferencing', label: 'Georeferencing', fields: f });
  }

  // GeoKeys
  if (geo.keys) {
    const f: Field[] = [
      makeField('KeyDirectoryVersion', geo.keys.version, { label: 'Key directory version' }),
      makeField('KeyRevision', geo.keys.revision, { label: 'Key revision', comment: geo.keys.revision === '1.1' ? 'GeoTIFF 1.1' : geo.keys.revision === '1.0' ? 'GeoTIFF 1.0' : undefined }),
    ];
    for (const k of geo.keys.keys) {
      const label = GEOKEY_LABELS[k.name];
      const extra = { ...(label ? { label } : {}), comment: `key ${k.id}` };
      if (typeof k.value === 'number' && k.location === 0) {
        let name = codeName(k.name, k.value);
        if (!name && CRS_KEYS.has(k.name) && k.value === geo.crs.epsg && geo.crsName) name = geo.crsName;
        if (name) {
          f.push(makeField(k.name, name, { ...extra, raw: k.value, comment: `key ${k.id}, code ${k.value}` }));
          continue;
        }
      }
      f.push(makeField(k.name, k.value, extra, maxItems));
    }
    for (const p of geo.keys.problems) f.push(makeField('Problem', p, { label: 'Problem' }));
    groups.push({ id: 'geokeys', label: 'GeoKeys', fields: f });
  }

  // GDAL metadata and nodata
  if (m.gdalMetadata || m.gdalNoDataText !== undefined) {
    const dataset = (m.gdalMetadata ?? []).filter((i) => i.sample === undefined);
    const fields: Field[] = [];
    if (m.gdalNoDataText !== undefined) fields.push(makeField('GDAL_NODATA', nodata, { label: 'NoData', raw: m.gdalNoDataText }));
    for (const i of dataset) fields.push(makeField(i.name, i.value, { ...(i.domain ? { comment: `domain ${i.domain}` } : {}) }));
    const bands = new Map<number, FieldGroup>();
    for (const i of m.gdalMetadata ?? []) {
      if (i.sample === undefined) continue;
      let g = bands.get(i.sample);
      if (!g) {
        g = { id: `gdal-band-${i.sample + 1}`, label: `Band ${i.sample + 1}`, fields: [] };
        bands.set(i.sample, g);
      }
      const comment = [i.role && `role ${i.role}`, i.domain && `domain ${i.domain}`].filter(Boolean).join(', ');
      g.fields.push(makeField(i.role && i.name === '' ? i.role : i.name || (i.role ?? ''), i.value, comment ? { comment } : {}));
    }
    const group: FieldGroup = { id: 'gdal', label: 'GDAL metadata', fields };
    if (bands.size) group.children = [...bands.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
    groups.push(group);
  }

  // IFDs
  let ov = 0;
  groups.push({
    id: 'ifds',
    label: `Image file directories (${m.ifds.length})`,
    fields: [],
    children: m.ifds.map((d) => ifdGroup(d, d.role === 'overview' ? ++ov : 0, maxItems)),
  });
  return { summary, groups };
}
