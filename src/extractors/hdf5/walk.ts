/**
 * Walks an open HDF5 file with h5wasm into a plain model: groups, datasets and named datatypes
 * depth-first in alphabetical order (each object once, under the first path met; further hard
 * links are aliases), soft / external / user-defined links reported and never followed, and the
 * attributes of every object. A failure on one object is recorded on that object (partial tree);
 * only a failure to open the file throws.
 */
import type { FieldValue } from '../types';
import { dtypeOf, stringEncoding, type Dtype } from './dtype';
import type { H5Filter, H5Meta, H5Module } from './runtime';
import { addressKey, readAttribute } from './values';

export interface H5Attribute {
  name: string;
  dtype: Dtype;
  /** null = null dataspace (no value). */
  shape: number[] | null;
  value: FieldValue;
  total?: number;
  /** The element type's h5wasm metadata (used by the NetCDF view). */
  meta?: H5Meta;
  error?: string;
}

export type H5Kind = 'group' | 'dataset' | 'datatype';

export interface H5Object {
  kind: H5Kind;
  path: string;
  /** Object header address (hex, relative to the base address) from an HDF5 object reference. */
  address?: string;
  attributes: H5Attribute[];
  /** Child link names in the file's own order (creation order when tracked), groups only. */
  children?: string[];
  dtype?: Dtype;
  typeMeta?: H5Meta;
  shape?: number[] | null;
  maxshape?: Array<number | null> | null;
  chunks?: number[] | null;
  filters?: H5Filter[];
  virtualSources?: Array<{ file_name: string; dset_name: string }>;
  strEncoding?: 'ascii' | 'utf-8';
  errors: string[];
}

export interface H5Link {
  path: string;
  kind: 'soft' | 'external' | 'hard' | 'user-defined';
  /** Target path (soft, hard alias) or object path in the external file. */
  target: string;
  file?: string;
}

export interface H5Tree {
  objects: H5Object[];
  links: H5Link[];
  /** Objects not walked because `maxObjects` was reached. */
  skipped: number;
  /** Groups listed but whose members were not walked: nested deeper than MAX_GROUP_DEPTH. */
  tooDeep: string[];
  errors: Array<{ path: string; message: string }>;
}

/**
 * Deepest group whose members are walked. HDF5 sets no limit and a tiny file can nest thousands
 * of groups; every h5wasm call resolves the full path, so the walk's cost grew steeply with depth
 * (300 nested groups took 37 s in Node, 100 took 1 s) and the record tree would be as deep.
 */
export const MAX_GROUP_DEPTH = 32;

/** Largest value HDF5 stores for H5S_UNLIMITED (2^64 − 1), as a double. */
const UNLIMITED = 2 ** 64 - 1;

function join(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  // HDF5-DIAG stacks: the innermost "major/minor" lines are the most telling; keep the first
  // function line and the last minor message.
  const fn = lines.find((l) => /^#\d+:/.test(l));
  const minor = [...lines].reverse().find((l) => l.startsWith('minor:'));
  if (fn && minor) return `${fn.replace(/^#\d+:\s*\S+ line \d+ in /, '')} (${minor.replace(/^minor:\s*/, '')})`;
  return lines[0] ?? text;
}

/** Plain error text of an h5wasm Error (the HDF5 stack squeezed to one line). */
export const describeH5Error = firstLine;

export interface WalkOptions {
  maxObjects: number;
  maxArrayItems: number;
}

/**
 * Walks the file `fileId`. `Module` must have its throwing error handler active.
 */
export function walkFile(Module: H5Module, fileId: bigint, opts: WalkOptions): H5Tree {
  const tree: H5Tree = { objects: [], links: [], skipped: 0, tooDeep: [], errors: [] };
  const seen = new Map<string, string>(); // address → first path
  const byPath = new Map<string, H5Object>();
  // Pass 1: structure. Pass 2 (attributes) needs every address to resolve references.
  const visit = (path: string, kind: H5Kind, depth: number): void => {
    if (tree.objects.length >= opts.maxObjects) {
      tree.skipped += 1;
      return;
    }
    const obj: H5Object = { kind, path, attributes: [], errors: [] };
    try {
      const addr = addressKey(Module.create_object_reference(fileId, path));
      const first = seen.get(addr);
      if (first !== undefined) {
        tree.links.push({ path, kind: 'hard', target: first });
        return;
      }
      seen.set(addr, path);
      obj.address = addr;
    } catch (e) {
      obj.errors.push(`object reference: ${firstLine(e)}`);
    }
    tree.objects.push(obj);
    byPath.set(path, obj);
    try {
      if (kind === 'dataset') describeDataset(Module, fileId, obj);
      else if (kind === 'datatype') {
        obj.typeMeta = Module.get_datatype_metadata(fileId, path) as H5Meta;
        obj.dtype = dtypeOf(obj.typeMeta);
      }
    } catch (e) {
      obj.errors.push(firstLine(e));
    }
    if (kind !== 'group') return;
    if (depth >= MAX_GROUP_DEPTH) {
      tree.tooDeep.push(path);
      return;
    }
    let names: string[];
    try {
      names = Module.get_names(fileId, path, false);
    } catch (e) {
      obj.errors.push(`member list: ${firstLine(e)}`);
      return;
    }
    obj.children = names;
    for (const name of [...names].sort(byCodePoint)) {
      const child = join(path, name);
      try {
        const soft = Module.get_symbolic_link(fileId, child);
        if (typeof soft === 'string') {
          tree.links.push({ path: child, kind: 'soft', target: soft });
          continue;
        }
        const ext = Module.get_external_link(fileId, child);
        if (ext && typeof ext.filename === 'string') {
          tree.links.push({ path: child, kind: 'external', target: ext.obj_path ?? '', file: ext.filename });
          continue;
        }
        const t = Module.get_type(fileId, child);
        if (t === Module.H5G_GROUP) visit(child, 'group', depth + 1);
        else if (t === Module.H5G_DATASET) visit(child, 'dataset', depth + 1);
        else if (t === Module.H5G_TYPE) visit(child, 'datatype', depth + 1);
        else tree.links.push({ path: child, kind: 'user-defined', target: `link type ${t}` });
      } catch (e) {
        tree.errors.push({ path: child, message: firstLine(e) });
      }
    }
  };
  visit('/', 'group', 0);
  const refPath = (key: string) => seen.get(key);
  for (const obj of tree.objects) readAttributes(Module, fileId, obj, opts.maxArrayItems, refPath);
  return tree;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeDataset(Module: H5Module, fileId: bigint, obj: H5Object): void {
  const m = Module.get_dataset_metadata(fileId, obj.path);
  obj.typeMeta = m;
  obj.dtype = dtypeOf(m);
  obj.shape = m.shape ? [...m.shape] : null;
  obj.maxshape = m.maxshape ? m.maxshape.map((d) => (d >= UNLIMITED ? null : d)) : null;
  obj.chunks = m.chunks ? [...m.chunks] : null;
  if (m.virtual_sources) obj.virtualSources = m.virtual_sources.map((v) => ({ file_name: v.file_name, dset_name: v.dset_name }));
  const enc = stringEncoding(m);
  if (enc) obj.strEncoding = enc;
  try {
    obj.filters = Module.get_dataset_filters(fileId, obj.path).map((f) => ({ id: f.id, name: f.name, cd_values: [...f.cd_values] }));
  } catch (e) {
    obj.errors.push(`filters: ${firstLine(e)}`);
  }
}

function readAttributes(Module: H5Module, fileId: bigint, obj: H5Object, maxItems: number, refPath: (k: string) => string | undefined): void {
  let names: string[];
  try {
    names = Module.get_attribute_names(fileId, obj.path);
  } catch (e) {
    obj.errors.push(`attribute list: ${firstLine(e)}`);
    return;
  }
  for (const name of names) {
    const attr: H5Attribute = { name, dtype: 'unknown', shape: null, value: null };
    try {
      const meta = Module.get_attribute_metadata(fileId, obj.path, name);
      attr.meta = meta;
      attr.dtype = dtypeOf(meta);
      attr.shape = meta.shape ? [...meta.shape] : null;
      const v = readAttribute(Module, fileId, obj.path, name, meta, maxItems, refPath);
      attr.value = v.value;
      if (v.total !== undefined) attr.total = v.total;
    } catch (e) {
      attr.error = firstLine(e);
    }
    obj.attributes.push(attr);
  }
}
