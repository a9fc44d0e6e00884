/**
 * Turns the walked HDF5 model into record groups and a summary.
 *
 * Group ids (read back by src/testing/facts/hdf5.ts):
 * - `hdf5:file`                 superblock facts.
 * - `hdf5:group:<path>`         a group; children: its `hdf5:attributes:<path>` (when it has
 *                               attributes) then its members in alphabetical order.
 * - `hdf5:dataset:<path>`       a dataset: fields `path`, `shape`, `dtype`, [`str_encoding`],
 *                               `layout`, `chunks`, `maxshape` (null = unlimited), `filters`
 *                               (`deflate(6)`, `shuffle`, …), `filter_pipeline` (ids and
 *                               parameters), `fillvalue`, storage facts.
 * - `hdf5:datatype:<path>`      a named (committed) datatype: `path`, `dtype`.
 * - `hdf5:attributes:<path>`    one field per attribute: key = name, value, comment =
 *                               `<dtype>[, shape [..]][, null dataspace]`.
 * - `hdf5:links`                one field per soft / external / hard-alias / user-defined link:
 *                               key = link path, label = link kind, value = target
 *                               (`[file, path]` for external links).
 */
import type { Field, FieldGroup, FieldValue } from '../types';
import { makeField } from '../fields';
import { dtypeText, H5T, type H5TypeMeta } from './dtype';
import type { HeaderFacts } from './object-header';
import type { Superblock } from './superblock';
import { decodeStored } from './values';
import type { H5Attribute, H5Link, H5Object, H5Tree } from './read';

/** Filter names by HDF5 filter id (registered filters: https://github.com/HDFGroup/hdf5_plugins). */
const FILTER_NAMES: Record<number, string> = {
  1: 'deflate',
  2: 'shuffle',
  3: 'fletcher32',
  4: 'szip',
  5: 'nbit',
  6: 'scaleoffset',
  307: 'bzip2',
  32000: 'lzf',
  32001: 'blosc',
  32004: 'lz4',
  32008: 'bitshuffle',
  32013: 'zfp',
  32015: 'zstd',
  32017: 'sz',
};

/** `deflate(level)` or the filter's name (`filter-<id>` when unregistered here). */
export function filterName(f: { id: number; cd_values: number[] }): string {
  if (f.id === 1) return `deflate(${f.cd_values[0] ?? 0})`;
  return FILTER_NAMES[f.id] ?? `filter-${f.id}`;
}

/** Comment of an attribute field: its dtype, then its shape or "null dataspace". */
function attributeComment(a: H5Attribute): string {
  const t = dtypeText(a.dtype);
  if (a.shape === null) return `${t}, null dataspace`;
  return a.shape.length === 0 ? t : `${t}, shape [${a.shape.join(', ')}]`;
}

function nameOf(path: string): string {
  return path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function attributeGroup(obj: H5Object, max: number): FieldGroup {
  return {
    id: `hdf5:attributes:${obj.path}`,
    label: `Attributes (${obj.attributes.length})`,
    fields: obj.attributes.map((a) => {
      const f = makeField(a.name, a.value, { comment: a.error ? `${attributeComment(a)}; unreadable: ${a.error.message}` : attributeComment(a) }, max);
      if (a.total !== undefined) f.total = a.total;
      return f;
    }),
  };
}

function hasVlen(m: H5TypeMeta): boolean {
  if (m.vlen || m.type === H5T.VLEN) return true;
  if (m.array_type) return hasVlen(m.array_type);
  return (m.compound_type?.members ?? []).some(hasVlen);
}

function elementCount(shape: number[] | null | undefined): number {
  return shape ? shape.reduce((a, b) => a * b, 1) : 0;
}

/** Uncompressed size of a dataset's elements in bytes (variable-length parts not counted). */
function logicalBytes(obj: H5Object): number | undefined {
  if (!obj.typeMeta || obj.shape === undefined || hasVlen(obj.typeMeta)) return undefined;
  return elementCount(obj.shape) * obj.typeMeta.size;
}

function datasetFields(obj: H5Object, facts: HeaderFacts | undefined, max: number): Field[] {
  const fields: Field[] = [makeField('path', obj.path, { label: 'Path' })];
  if (obj.shape !== undefined)
    fields.push(makeField('shape', obj.shape, { label: 'Shape', comment: obj.shape === null ? 'null dataspace' : obj.shape.length === 0 ? 'scalar' : undefined }, Number.MAX_SAFE_INTEGER));
  if (obj.dtype !== undefined)
    fields.push(makeField('dtype', obj.dtype, { label: 'Data type', comment: obj.typeMeta ? `${obj.typeMeta.size} bytes per element` : undefined }, Number.MAX_SAFE_INTEGER));
  if (obj.strEncoding) fields.push(makeField('str_encoding', obj.strEncoding, { label: 'String encoding' }));
  const layout = facts?.layout ?? (obj.virtualSources ? 'virtual' : obj.chunks ? 'chunked' : obj.shape !== undefined ? 'contiguous' : undefined);
  if (layout) fields.push(makeField('layout', layout, { label: 'Storage layout' }));
  if (obj.chunks !== undefined) fields.push(makeField('chunks', obj.chunks, { label: 'Chunk shape' }, Number.MAX_SAFE_INTEGER));
  if (obj.maxshape !== undefined)
    fields.push(makeField('maxshape', obj.maxshape, { label: 'Maximum shape', comment: obj.maxshape?.includes(null) ? 'null = unlimited' : undefined }, Number.MAX_SAFE_INTEGER));
  if (obj.filters) {
    fields.push(makeField('filters', obj.filters.map(filterName), { label: 'Filters', comment: obj.filters.length ? 'in pipeline order' : undefined }, Number.MAX_SAFE_INTEGER));
    if (obj.filters.length) {
      fields.push(
        makeField(
          'filter_pipeline',
          obj.filters.map((f) => ({ id: f.id, name: FILTER_NAMES[f.id] ?? f.name, cd_values: f.cd_values })),
          { label: 'Filter parameters', comment: 'HDF5 filter ids and client data values' },
          max,
        ),
      );
    }
  }
  if (facts?.fill === 'defined' && facts.fillBytes && obj.typeMeta) {
    fields.push(makeField('fillvalue', decodeStored(facts.fillBytes, obj.typeMeta, max), { label: 'Fill value' }, max));
  } else if (facts?.fill === 'default') {
    fields.push(makeField('fillvalue', 0, { label: 'Fill value', comment: 'library default (zeros)' }));
  } else if (facts?.fill === 'undefined') {
    fields.push(makeField('fillvalue', null, { label: 'Fill value', comment: 'undefined' }));
  }
  const bytes = logicalBytes(obj);
  if (bytes !== undefined) fields.push(makeField('data_size', bytes, { label: 'Data size (uncompressed)', unit: 'bytes' }));
  if (facts?.dataOffset !== undefined) fields.push(makeField('data_offset', facts.dataOffset, { label: 'Data offset', unit: 'bytes' }));
  if (facts?.dataSize !== undefined) fields.push(makeField('storage_size', facts.dataSize, { label: 'Stored size', unit: 'bytes' }));
  if (facts?.compactSize !== undefined) fields.push(makeField('storage_size', facts.compactSize, { label: 'Stored size (in the object header)', unit: 'bytes' }));
  if (obj.virtualSources)
    fields.push(
      makeField(
        'virtual_sources',
        obj.virtualSources.map((v) => [v.file_name, v.dset_name]),
        { label: 'Virtual sources ([file, dataset])' },
        max,
      ),
    );
  return fields;
}

function objectGroup(obj: H5Object, facts: HeaderFacts | undefined, max: number): FieldGroup {
  const kindLabel = obj.kind === 'group' ? 'group' : obj.kind === 'dataset' ? 'dataset' : 'named datatype';
  const fields =
    obj.kind === 'dataset'
      ? datasetFields(obj, facts, max)
      : obj.kind === 'datatype'
        ? [makeField('path', obj.path, { label: 'Path' }), makeField('dtype', obj.dtype ?? null, { label: 'Data type' }, Number.MAX_SAFE_INTEGER)]
        : [makeField('path', obj.path, { label: 'Path' }), makeField('members', obj.children?.length ?? 0, { label: 'Members (links)' })];
  if (obj.address !== undefined) fields.push(makeField('address', `0x${obj.address}`, { label: 'Object header address', comment: 'relative to the base address' }));
  for (const e of obj.errors) fields.push(makeField('error', e.message, { label: 'Error' }));
  const group: FieldGroup = { id: `hdf5:${obj.kind}:${obj.path}`, label: obj.path === '/' ? '/ (root group)' : `${nameOf(obj.path)} (${kindLabel})`, fields };
  if (obj.attributes.length > 0) group.children = [attributeGroup(obj, max)];
  return group;
}

const LINK_LABELS: Record<H5Link['kind'], string> = {
  soft: 'Soft link',
  external: 'External link',
  hard: 'Hard link (alias)',
  'user-defined': 'User-defined link',
};

function linkField(l: H5Link): Field {
  const value: FieldValue = l.kind === 'external' ? [l.file ?? '', l.target] : l.target;
  const comment = l.kind === 'external' ? 'not followed: [file, object path]' : l.kind === 'hard' ? 'same object as the target path' : l.kind === 'soft' ? 'not followed' : undefined;
  return makeField(l.path, value, comment ? { label: LINK_LABELS[l.kind], comment } : { label: LINK_LABELS[l.kind] });
}

/** The File group: where the superblock is and what it says. */
export function fileGroup(sb: Superblock, fileSize: number): FieldGroup {
  const fields: Field[] = [
    makeField('superblock_offset', sb.offset, { label: 'Superblock offset', unit: 'bytes' }),
    makeField('superblock_version', sb.version, { label: 'Superblock version' }),
    makeField('userblock_size', sb.offset, { label: 'User block size', unit: 'bytes' }),
    makeField('size_of_offsets', sb.sizeOfOffsets, { label: 'Size of offsets', unit: 'bytes' }),
    makeField('size_of_lengths', sb.sizeOfLengths, { label: 'Size of lengths', unit: 'bytes' }),
    makeField('base_address', sb.baseAddress, { label: 'Base address', unit: 'bytes' }),
  ];
  if (sb.eofAddress !== undefined) fields.push(makeField('eof_address', sb.eofAddress, { label: 'End-of-file address', unit: 'bytes', comment: `file size ${fileSize}` }));
  return { id: 'hdf5:file', label: 'File', fields };
}

/** The object tree (root group with nested members) and the links group. */
export function treeGroups(tree: H5Tree, facts: Map<string, HeaderFacts>, max: number): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  let root: FieldGroup | undefined;
  for (const obj of tree.objects) {
    const g = objectGroup(obj, facts.get(obj.path), max);
    groups.set(obj.path, g);
    if (obj.path === '/') root = g;
    else {
      const parent = groups.get(parentOf(obj.path));
      if (parent) (parent.children ??= []).push(g);
    }
  }
  const out: FieldGroup[] = root ? [root] : [];
  if (tree.links.length > 0) out.push({ id: 'hdf5:links', label: `Links (${tree.links.length})`, fields: tree.links.map(linkField) });
  return out;
}

/** Root attributes shown first in the summary (conventional descriptive names, lower case). */
const SUMMARY_ATTRIBUTES = ['title', 'description', 'conventions', 'institution', 'source', 'history', 'comment', 'version'];

/** The dozen facts a person wants first. */
export function hdf5Summary(sb: Superblock, tree: H5Tree, max: number): Field[] {
  const count = (k: H5Object['kind']) => tree.objects.filter((o) => o.kind === k).length;
  const datasets = tree.objects.filter((o) => o.kind === 'dataset');
  const root = tree.objects.find((o) => o.path === '/');
  const summary: Field[] = [
    makeField('superblock_version', sb.version, { label: 'Superblock version' }),
    makeField('groups', count('group') - (root ? 1 : 0), { label: 'Groups', comment: 'not counting the root group' }),
    makeField('datasets', datasets.length, { label: 'Datasets' }),
  ];
  const named = count('datatype');
  if (named > 0) summary.push(makeField('named_datatypes', named, { label: 'Named datatypes' }));
  if (tree.links.length > 0) {
    const kinds = (['soft', 'external', 'hard', 'user-defined'] as const)
      .map((k) => [k, tree.links.filter((l) => l.kind === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k === 'hard' ? 'hard (alias)' : k}`);
    summary.push(makeField('links', kinds.join(', '), { label: 'Links' }));
  }
  if (sb.offset > 0) summary.push(makeField('userblock_size', sb.offset, { label: 'User block size', unit: 'bytes' }));
  const filters = [...new Set(datasets.flatMap((d) => (d.filters ?? []).map((f) => filterName(f).replace(/\(.*\)$/, ''))))];
  if (filters.length > 0) summary.push(makeField('filters', filters, { label: 'Filters used' }));
  let largest: H5Object | undefined;
  for (const d of datasets) if ((logicalBytes(d) ?? 0) > (largest ? (logicalBytes(largest) ?? 0) : -1)) largest = d;
  if (largest) {
    const shape = largest.shape ? largest.shape.join(' × ') || 'scalar' : 'null';
    summary.push(makeField('largest_dataset', `${largest.path} (${shape}, ${dtypeText(largest.dtype ?? 'unknown')})`, { label: 'Largest dataset' }));
  }
  const total = datasets.reduce((s, d) => s + (logicalBytes(d) ?? 0), 0);
  summary.push(makeField('data_size', total, { label: 'Total dataset size (uncompressed)', unit: 'bytes' }));
  if (root) {
    summary.push(makeField('root_attributes', root.attributes.length, { label: 'Root attributes' }));
    const rank = (name: string) => {
      const i = SUMMARY_ATTRIBUTES.indexOf(name.toLowerCase());
      return i < 0 ? SUMMARY_ATTRIBUTES.length : i;
    };
    const picked = [...root.attributes].sort((a, b) => rank(a.name) - rank(b.name));
    for (const a of picked.slice(0, 6)) {
      if (typeof a.value === 'string' || typeof a.value === 'number' || typeof a.value === 'boolean') {
        summary.push(makeField(a.name, typeof a.value === 'string' && a.value.length > 300 ? `${a.value.slice(0, 300)}…` : a.value, { label: `@${a.name}`, comment: attributeComment(a) }, max));
      }
    }
  }
  if (tree.skipped > 0) summary.push(makeField('objects_not_listed', tree.skipped, { label: 'Objects not listed', comment: 'object cap reached' }));
  return summary;
}
