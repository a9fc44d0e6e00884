/**
 * NetCDF-4 files seen through the netCDF data model (NetCDF Users Guide, "NetCDF-4 format" and
 * netCDF-C's HDF5 mapping, libhdf5/hdf5open.c): dimensions are HDF5 dimension scales
 * (CLASS = DIMENSION_SCALE; a NAME starting "This is a netCDF dimension but not a netCDF
 * variable" marks a dimension without a coordinate variable), a variable's dimensions come from
 * its DIMENSION_LIST references (else `_Netcdf4Coordinates` → `_Netcdf4Dimid`), user types are
 * the committed datatypes of a group, `_nc3_strict` on the root marks the classic model.
 * netCDF-C's bookkeeping attributes are hidden.
 */
import type { Field, FieldValue } from '../types';
import { makeField } from '../fields';
import type { NetcdfAttribute, NetcdfDimension, NetcdfGroup, NetcdfModel, NetcdfVariable } from '../netcdf/model';
import { dtypeText, H5T, type H5TypeMeta } from './dtype';
import type { HeaderFacts } from './object-header';
import { filterName } from './present';
import type { H5Attribute, H5Object, H5Tree } from './read';

/** Attributes netCDF-C keeps for itself (not shown as netCDF attributes). */
const HIDDEN = new Set([
  '_Netcdf4Dimid',
  'DIMENSION_LIST',
  'REFERENCE_LIST',
  'CLASS',
  'NAME',
  '_Netcdf4Coordinates',
  '_nc3_strict',
  '_NCProperties',
  '_IsNetcdf4',
  '_SuperblockVersion',
  'DIMENSION_LABELS',
]);
const NOT_A_VARIABLE = 'This is a netCDF dimension but not a netCDF variable';
const NON_COORD_PREFIX = '_nc4_non_coord_';

function attr(o: H5Object | undefined, name: string): H5Attribute | undefined {
  return o?.attributes.find((a) => a.name === name);
}

function isScale(o: H5Object): boolean {
  return attr(o, 'CLASS')?.value === 'DIMENSION_SCALE';
}

/** True when the file carries netCDF-4 markers: `_NCProperties` or netCDF dimension bookkeeping. */
export function isNetcdf4(tree: H5Tree): boolean {
  const root = tree.objects.find((o) => o.path === '/');
  if (attr(root, '_NCProperties')) return true;
  return tree.objects.some((o) => o.kind === 'dataset' && (isScale(o) || attr(o, '_Netcdf4Dimid') || attr(o, 'DIMENSION_LIST')));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

const INT_TYPES: Record<number, [string, string]> = { 1: ['byte', 'ubyte'], 2: ['short', 'ushort'], 4: ['int', 'uint'], 8: ['int64', 'uint64'] };

/** CDL type of an HDF5 type; user types by the name of the matching committed datatype. */
function cdlType(m: H5TypeMeta | undefined, userType: (m: H5TypeMeta) => string | undefined): string {
  if (!m) return 'unknown';
  switch (m.type) {
    case H5T.INTEGER: {
      const t = INT_TYPES[m.size];
      return t ? t[m.signed ? 0 : 1] : `int${m.size * 8}`;
    }
    case H5T.FLOAT:
      return m.size === 4 ? 'float' : m.size === 8 ? 'double' : `float${m.size * 8}`;
    case H5T.STRING:
      return m.vlen ? 'string' : 'char';
    case H5T.COMPOUND:
      return `compound:${userType(m) ?? '?'}`;
    case H5T.VLEN:
      return `vl:${userType(m) ?? '?'}`;
    case H5T.ENUM:
      return `enum:${userType(m) ?? '?'}`;
    case H5T.OPAQUE:
      return `opaque:${userType(m) ?? '?'}`;
    default:
      return `hdf5-class-${m.type}`;
  }
}

function typeKey(m: H5TypeMeta): string {
  // the structural identity of a type: class, size and members, without order flags
  return JSON.stringify(m, (k, v) => (k === 'littleEndian' || k === 'shape' || k === 'total_size' || k === 'maxshape' || k === 'chunks' ? undefined : v));
}

function attributeOf(a: H5Attribute, userType: (m: H5TypeMeta) => string | undefined): NetcdfAttribute {
  const type = cdlType(a.meta, userType);
  let value: FieldValue = a.value;
  if (type !== 'char' && type !== 'string' && !Array.isArray(value) && value !== null) value = [value];
  if (type === 'char' && Array.isArray(value)) value = value.join('');
  const out: NetcdfAttribute = { name: a.name, type, value };
  if (a.total !== undefined) out.length = a.total;
  return out;
}

/**
 * Builds the NetcdfModel of a walked NetCDF-4 file. `facts` holds the datasets' object-header
 * facts (layout, fill value) for the variables' storage. `warn` receives mapping problems.
 */
export function netcdfModel(tree: H5Tree, facts: Map<string, HeaderFacts>, warn: (m: string) => void): NetcdfModel {
  const byPath = new Map(tree.objects.map((o) => [o.path, o]));
  const children = (g: string) => tree.objects.filter((o) => o.path !== '/' && parentOf(o.path) === g);
  const types = tree.objects.filter((o) => o.kind === 'datatype' && o.typeMeta);
  const userTypeIn = (groupPath: string) => (m: H5TypeMeta) => {
    const key = typeKey(m);
    // nearest enclosing group first
    const candidates = types.filter((t) => typeKey(t.typeMeta!) === key);
    let best: H5Object | undefined;
    for (const t of candidates) {
      const p = parentOf(t.path);
      if ((groupPath === p || groupPath.startsWith(p === '/' ? '/' : `${p}/`)) && (!best || p.length > parentOf(best.path).length)) best = t;
    }
    return best ? baseName(best.path) : candidates[0] ? baseName(candidates[0].path) : undefined;
  };

  // Dimension ids (_Netcdf4Dimid) → scale path, for the _Netcdf4Coordinates fallback.
  const dimIds = new Map<string, string>();
  for (const o of tree.objects) {
    const id = attr(o, '_Netcdf4Dimid')?.value;
    if (o.kind === 'dataset' && isScale(o) && typeof id === 'number') dimIds.set(`${id}`, o.path);
  }
  const dimLength = new Map<string, number>(); // scale path → max length seen

  const dimsOf = (o: H5Object): string[] | undefined => {
    const rank = o.shape?.length ?? 0;
    if (rank === 0) return [];
    const list = attr(o, 'DIMENSION_LIST')?.value;
    if (Array.isArray(list) && list.length === rank) {
      const paths = list.map((x) => (Array.isArray(x) ? x[0] : x));
      if (paths.every((p) => typeof p === 'string' && byPath.has(p))) return paths as string[];
    }
    const coords = attr(o, '_Netcdf4Coordinates')?.value;
    const ids = Array.isArray(coords) ? coords : typeof coords === 'number' ? [coords] : undefined;
    if (ids && ids.length === rank && ids.every((i) => dimIds.has(`${i}`))) return ids.map((i) => dimIds.get(`${i}`)!);
    if (isScale(o) && rank === 1) return [o.path];
    return undefined;
  };

  const build = (g: H5Object): NetcdfGroup => {
    const group: NetcdfGroup = { name: g.path === '/' ? '/' : baseName(g.path), dimensions: [], variables: [], attributes: [], groups: [] };
    const userType = userTypeIn(g.path);
    group.attributes = g.attributes.filter((a) => !HIDDEN.has(a.name)).map((a) => attributeOf(a, userType));
    const members = children(g.path);
    // keep the file's own (creation) order
    const order = new Map((g.children ?? []).map((n, i) => [n, i]));
    members.sort((a, b) => (order.get(baseName(a.path)) ?? 0) - (order.get(baseName(b.path)) ?? 0));
    const scales: H5Object[] = [];
    for (const o of members) {
      if (o.kind === 'group') group.groups.push(build(o));
      if (o.kind !== 'dataset') continue;
      if (isScale(o)) scales.push(o);
      const nameAttr = attr(o, 'NAME')?.value;
      if (isScale(o) && typeof nameAttr === 'string' && nameAttr.startsWith(NOT_A_VARIABLE)) continue;
      const dims = dimsOf(o);
      const shape = o.shape ?? [];
      if (!dims) warn(`${o.path}: dimensions not found (no DIMENSION_LIST or _Netcdf4Coordinates).`);
      const dimPaths = dims ?? shape.map((_, i) => `${g.path === '/' ? '' : g.path}/phony_dim_${i}`);
      dimPaths.forEach((p, i) => dimLength.set(p, Math.max(dimLength.get(p) ?? 0, shape[i] ?? 0)));
      const f = facts.get(o.path);
      const storage: Record<string, FieldValue> = {};
      const layout = f?.layout ?? (o.chunks ? 'chunked' : 'contiguous');
      storage.storage = layout;
      if (o.chunks) storage.chunks = o.chunks;
      if (o.filters?.length) storage.filters = o.filters.map(filterName);
      const v: NetcdfVariable = {
        name: baseName(o.path).replace(new RegExp(`^${NON_COORD_PREFIX}`), ''),
        type: cdlType(o.typeMeta, userType),
        dims: dimPaths.map(baseName),
        shape: [...shape],
        attributes: o.attributes.filter((a) => !HIDDEN.has(a.name)).map((a) => attributeOf(a, userType)),
        storage,
      };
      group.variables.push(v);
    }
    // dimensions: this group's scales (phony ones are added after all variables are seen)
    const dimid = (o: H5Object) => {
      const id = attr(o, '_Netcdf4Dimid')?.value;
      return typeof id === 'number' ? id : Number.MAX_SAFE_INTEGER;
    };
    scales.sort((a, b) => dimid(a) - dimid(b));
    group.dimensions = scales.map((s) => ({ name: baseName(s.path), size: s.shape?.[0] ?? 0, unlimited: s.maxshape?.[0] === null }));
    return group;
  };

  const rootObj = byPath.get('/');
  const root = rootObj ? build(rootObj) : { name: '/', dimensions: [], variables: [], attributes: [], groups: [] };
  // unlimited dimensions: the current length is the longest variable along it
  const fixSizes = (g: NetcdfGroup, path: string) => {
    for (const d of g.dimensions) {
      const p = `${path === '/' ? '' : path}/${d.name}`;
      if (d.unlimited) d.size = Math.max(Number(d.size), dimLength.get(p) ?? 0); // HDF5 lengths are numbers
    }
    const known = new Set(g.dimensions.map((d) => d.name));
    for (const [p, size] of dimLength) {
      if (parentOf(p) === path && baseName(p).startsWith('phony_dim_') && !known.has(baseName(p))) {
        g.dimensions.push({ name: baseName(p), size, unlimited: false } satisfies NetcdfDimension);
        known.add(baseName(p));
      }
    }
    for (const c of g.groups) fixSizes(c, `${path === '/' ? '' : path}/${c.name}`);
  };
  fixSizes(root, '/');

  const classic = attr(rootObj, '_nc3_strict') !== undefined;
  const info: Field[] = [];
  const props = attr(rootObj, '_NCProperties')?.value;
  if (typeof props === 'string') info.push(makeField('_NCProperties', props, { label: 'Written by (_NCProperties)' }));
  for (const t of types) info.push(makeField(t.path, dtypeText(t.dtype ?? 'unknown'), { label: `Type ${baseName(t.path)}`, comment: 'user-defined type (HDF5 named datatype)' }));
  const model: NetcdfModel = {
    kind: classic ? 'netCDF-4 classic model' : 'netCDF-4',
    dataModel: classic ? 'NETCDF4_CLASSIC' : 'NETCDF4',
    root,
  };
  if (info.length) model.info = info;
  const unlimited = root.dimensions.find((d) => d.unlimited);
  if (unlimited) model.recordCount = unlimited.size;
  return model;
}
