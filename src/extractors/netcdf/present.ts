/**
 * Turns a NetcdfModel (classic header or NetCDF-4 via HDF5) into the record users see, so every
 * NetCDF variant looks the same (NetCDF Users Guide, "The NetCDF Data Model"; names as `ncdump -h`
 * shows them).
 *
 * Group tree (ids are stable and used by src/testing/facts/netcdf.ts; `P` is a group path like `/forecast`, empty
 * for the root group):
 * - `file`                  File: kind, data model, version, and the model's `info` fields.
 * - `dimensions` | `dimensions:P`   one field per dimension: key = name, value = size,
 *                                   comment `UNLIMITED` for the unlimited (record) dimension(s).
 * - `variables` | `variables:P`     one child per variable, id `variable:P/NAME`, label in CDL
 *                                   (`float tas(time, lat, lon)`); its first three fields are
 *                                   `type`, `dimensions`, `shape`, then one field per attribute
 *                                   (key = attribute name, comment = CDL type); storage facts in a
 *                                   child `storage:P/NAME`.
 * - `global-attributes` | `attributes:P`  one field per attribute (comment = CDL type).
 * - `group:P/NAME`          a NetCDF-4 group; its children have the same structure (recursively).
 *
 * For NetCDF-4 models: leave the attributes netCDF-C hides (`_NCProperties`, `_Netcdf4Dimid`,
 * `_Netcdf4Coordinates`, `_IsNetcdf4`, `_SuperblockVersion`, `DIMENSION_LIST`, `REFERENCE_LIST`,
 * `CLASS`, `NAME`) out of `attributes` (put what users should see in `model.info` or a variable's
 * `storage`); src/testing/facts/netcdf.ts lists every attribute shown except netCDF-C's hidden ones.
 */
import type { ExtractOptions, ExtractorOutput, Field, FieldGroup, FieldValue } from '../types';
import { makeField } from '../fields';
import type { NetcdfAttribute, NetcdfGroup, NetcdfKind, NetcdfModel, NetcdfVariable } from './model';

/** Display names of the variants (format.name). */
const KIND_NAMES: Record<NetcdfKind, string> = {
  classic: 'NetCDF classic',
  '64-bit offset': 'NetCDF 64-bit offset',
  cdf5: 'NetCDF CDF-5',
  'netCDF-4': 'NetCDF-4',
  'netCDF-4 classic model': 'NetCDF-4 classic model',
};

const DEFAULT_VERSIONS: Partial<Record<NetcdfKind, string>> = {
  classic: 'CDF-1',
  '64-bit offset': 'CDF-2',
  cdf5: 'CDF-5',
};

/** Comment that marks an unlimited dimension's field (read back by src/testing/facts/netcdf.ts). */
export const UNLIMITED = 'UNLIMITED';

/** Global attributes shown in the summary when present (CF / NUG conventions). */
const SUMMARY_ATTRIBUTES: Array<[string, string]> = [
  ['title', 'Title'],
  ['institution', 'Institution'],
  ['source', 'Source'],
  ['Conventions', 'Conventions'],
  ['history', 'History'],
];
const SUMMARY_TEXT_MAX = 300;
const SUMMARY_DIMS_MAX = 12;

/** Labels of the storage facts the readers produce; other keys are shown as they are. */
const STORAGE_LABELS: Record<string, [string, string?]> = {
  begin: ['Data offset', 'bytes'],
  vsize: ['vsize (header field)', 'bytes'],
  size: ['Data size', 'bytes'],
  record: ['Record variable'],
  recordBytes: ['Bytes per record', 'bytes'],
  chunking: ['Chunking'],
  chunks: ['Chunk shape'],
  filters: ['Filters'],
  compression: ['Compression'],
  fillValue: ['Fill value'],
  storage: ['Storage layout'],
};

/**
 * Builds the format, summary and groups of a NetCDF record from `model`.
 * Arrays are cut to `options.maxArrayItems` (Field.total keeps their length). Never throws.
 */
export function presentNetcdf(model: NetcdfModel, options: ExtractOptions): Pick<ExtractorOutput, 'format' | 'summary' | 'groups'> {
  const max = options.maxArrayItems;
  const version = model.version ?? DEFAULT_VERSIONS[model.kind];
  const format: ExtractorOutput['format'] = { id: 'netcdf', name: KIND_NAMES[model.kind] ?? `NetCDF (${model.kind})` };
  if (version) format.version = version;

  const fileFields: Field[] = [makeField('kind', model.kind, { label: 'Format variant', comment: 'the name ncdump -k prints' }), makeField('data_model', model.dataModel, { label: 'Data model' })];
  if (version) fileFields.push(makeField('version', version, { label: 'Version' }));
  if (model.recordCount !== undefined) fileFields.push(makeField('numrecs', model.recordCount, { label: 'Records' }));
  if (model.info) fileFields.push(...model.info);

  const groups: FieldGroup[] = [{ id: 'file', label: 'File', fields: fileFields }, ...groupSections(model.root, '', max)];
  return { format, summary: summaryOf(model, format, max), groups };
}

function summaryOf(model: NetcdfModel, format: ExtractorOutput['format'], max: number): Field[] {
  const root = model.root;
  const summary: Field[] = [
    makeField('kind', model.kind, { label: 'Format variant', comment: format.version ? `${format.name}, ${format.version}` : format.name }),
    makeField('data_model', model.dataModel, { label: 'Data model' }),
  ];
  const dims = root.dimensions;
  const dimText = dims
    .slice(0, SUMMARY_DIMS_MAX)
    .map((d) => (d.unlimited ? `${d.name} = UNLIMITED (${d.size} currently)` : `${d.name} = ${d.size}`))
    .join(', ');
  summary.push(
    makeField('dimensions', dims.length === 0 ? '(none)' : dims.length > SUMMARY_DIMS_MAX ? `${dimText}, … (${dims.length - SUMMARY_DIMS_MAX} more)` : dimText, {
      label: `Dimensions (${dims.length})`,
    }),
  );
  summary.push(makeField('variables', root.variables.length, { label: 'Variables' }));
  if (root.groups.length > 0) summary.push(makeField('groups', countGroups(root), { label: 'Groups', comment: 'nested NetCDF-4 groups, all levels' }));
  if (model.recordCount !== undefined) summary.push(makeField('numrecs', model.recordCount, { label: 'Records', comment: 'length of the unlimited dimension' }));
  summary.push(makeField('global_attributes', root.attributes.length, { label: 'Global attributes' }));
  for (const [name, label] of SUMMARY_ATTRIBUTES) {
    const att = root.attributes.find((a) => a.name === name);
    if (!att) continue;
    const value = attributeValue(att);
    if (typeof value === 'string' && value.length > SUMMARY_TEXT_MAX) {
      summary.push(makeField(name, `${value.slice(0, SUMMARY_TEXT_MAX)}…`, { label, comment: `cut: ${value.length} characters in full (see Global attributes)` }));
    } else {
      summary.push(makeField(name, value, { label }, max));
    }
  }
  return summary;
}

function countGroups(g: NetcdfGroup): number {
  return g.groups.reduce((n, c) => n + 1 + countGroups(c), 0);
}

/** Section id: the root's sections have plain ids, a subgroup's are suffixed with its path. */
export function sectionId(section: 'dimensions' | 'variables' | 'attributes', path: string): string {
  if (path === '') return section === 'attributes' ? 'global-attributes' : section;
  return `${section}:${path}`;
}

function groupSections(g: NetcdfGroup, path: string, max: number): FieldGroup[] {
  const out: FieldGroup[] = [
    {
      id: sectionId('dimensions', path),
      label: 'Dimensions',
      fields: g.dimensions.map((d) => makeField(d.name, d.size, d.unlimited ? { label: d.name, comment: `${UNLIMITED} (${d.size} currently)` } : { label: d.name })),
    },
    {
      id: sectionId('variables', path),
      label: `Variables (${g.variables.length})`,
      fields: [],
      children: g.variables.map((v) => variableGroup(v, path, max)),
    },
    {
      id: sectionId('attributes', path),
      label: path === '' ? 'Global attributes' : 'Group attributes',
      fields: g.attributes.map((a) => attributeField(a, max)),
    },
  ];
  for (const child of g.groups) {
    const childPath = `${path}/${child.name}`;
    out.push({ id: `group:${childPath}`, label: `Group ${childPath}`, fields: [], children: groupSections(child, childPath, max) });
  }
  return out;
}

function variableGroup(v: NetcdfVariable, path: string, max: number): FieldGroup {
  const fields: Field[] = [
    makeField('type', v.type, { label: 'Type' }),
    makeField('dimensions', v.dims, { label: 'Dimensions' }, Number.MAX_SAFE_INTEGER),
    makeField('shape', v.shape, { label: 'Shape' }, Number.MAX_SAFE_INTEGER),
    ...v.attributes.map((a) => attributeField(a, max)),
  ];
  const group: FieldGroup = { id: `variable:${path}/${v.name}`, label: `${v.type} ${v.name}${v.dims.length ? `(${v.dims.join(', ')})` : ''}`, fields };
  const storage = v.storage && Object.entries(v.storage);
  if (storage && storage.length > 0) {
    group.children = [
      {
        id: `storage:${path}/${v.name}`,
        label: 'Storage',
        fields: storage.map(([k, value]) => {
          // Own keys only: a key named like an Object.prototype member must not find a function.
          const [label, unit] = Object.hasOwn(STORAGE_LABELS, k) ? STORAGE_LABELS[k] : [k];
          return makeField(k, value, unit ? { label, unit } : { label }, max);
        }),
      },
    ];
  }
  return group;
}

/** Value of an attribute as shown: one-element numeric arrays become scalars (as ncdump prints them). */
function attributeValue(a: NetcdfAttribute): FieldValue {
  return Array.isArray(a.value) && a.value.length === 1 && (a.length === undefined || a.length === 1) ? a.value[0] : a.value;
}

function attributeField(a: NetcdfAttribute, max: number): Field {
  const f = makeField(a.name, attributeValue(a), { label: a.name, comment: a.type }, max);
  if (a.length !== undefined && Array.isArray(a.value) && a.length > a.value.length) f.total = a.length;
  return f;
}
