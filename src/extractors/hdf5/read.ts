/**
 * Walks an open HDF5 file with h5wasm into a plain model: groups, datasets and named datatypes
 * depth-first in alphabetical order (each object once, under the first path met; further hard
 * links are aliases), soft / external / user-defined links reported and never followed, and the
 * attributes of every object. A failure on one object is recorded on that object (partial tree);
 * only a failure to open the file throws. A failure during which HDF5 read past the end of the
 * file (runtime.ts, Mounted.readsPastEnd) is marked as such: that object's bytes are missing.
 */
import type { FieldValue } from '../types';
import { dtypeOf, stringEncoding, type Dtype } from './dtype';
import type { H5Filter, H5Meta, H5Module } from './runtime';
import { addressKey, readAttribute } from './values';

/** One failed HDF5 call on an object: its message (one line). */
export interface H5Failure {
  message: string;
  /** HDF5 read past the end of the file during the call: the object's bytes are missing. */
  truncated: boolean;
}

export interface H5Attribute {
  name: string;
  dtype: Dtype;
  /** null = null dataspace (no value). */
  shape: number[] | null;
  value: FieldValue;
  total?: number;
  /** The element type's h5wasm metadata (used by the NetCDF view). */
  meta?: H5Meta;
  error?: H5Failure;
}

type H5Kind = 'group' | 'dataset' | 'datatype';

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
  errors: H5Failure[];
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
  /** Links whose target could not be inspected. */
  errors: Array<H5Failure & { path: string }>;
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
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
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
  /** Running count of HDF5's reads past the end of the file (absent: the file is whole). */
  readsPastEnd?: () => number;
}

/** Runs HDF5 calls, turning a throw into an {@link H5Failure}. */
class Guard {
  constructor(private readonly readsPastEnd: () => number) {}

  /**
   * Returns `call()`, or undefined after passing its failure, its message prefixed with `what`,
   * to `onFail`. The failure is `truncated` when HDF5 read past the end of the file meanwhile.
   */
  run<T>(call: () => T, onFail: (f: H5Failure) => void, what = ''): T | undefined {
    const before = this.readsPastEnd();
    try {
      return call();
    } catch (e) {
      const truncated = this.readsPastEnd() > before;
      const message = truncated ? `${what}bytes lie past the end of the file (${firstLine(e)})` : `${what}${firstLine(e)}`;
      onFail({ message, truncated });
      return undefined;
    }
  }
}

/**
 * Walks the file `fileId`. `Module` must have its throwing error handler active.
 */
export function walkFile(Module: H5Module, fileId: bigint, opts: WalkOptions): H5Tree {
  const tree: H5Tree = { objects: [], links: [], skipped: 0, tooDeep: [], errors: [] };
  const guard = new Guard(opts.readsPastEnd ?? (() => 0));
  const seen = new Map<string, string>(); // address → first path
  // Pass 1: structure. Pass 2 (attributes) needs every address to resolve references.
  const visit = (path: string, kind: H5Kind, depth: number): void => {
    if (tree.objects.length >= opts.maxObjects) {
      tree.skipped += 1;
      return;
    }
    const obj: H5Object = { kind, path, attributes: [], errors: [] };
    const fail = (f: H5Failure) => obj.errors.push(f);
    const addr = guard.run(() => addressKey(Module.create_object_reference(fileId, path)), fail, 'object reference: ');
    if (addr !== undefined) {
      const first = seen.get(addr);
      if (first !== undefined) {
        tree.links.push({ path, kind: 'hard', target: first });
        return;
      }
      seen.set(addr, path);
      obj.address = addr;
    }
    tree.objects.push(obj);
    guard.run(() => {
      if (kind === 'dataset') describeDataset(Module, fileId, obj, guard);
      else if (kind === 'datatype') {
        obj.typeMeta = Module.get_datatype_metadata(fileId, path) as H5Meta;
        obj.dtype = dtypeOf(obj.typeMeta);
      }
    }, fail);
    if (kind !== 'group') return;
    if (depth >= MAX_GROUP_DEPTH) {
      tree.tooDeep.push(path);
      return;
    }
    const names = guard.run(() => Module.get_names(fileId, path, false), fail, 'member list: ');
    if (names === undefined) return;
    obj.children = names;
    for (const name of [...names].sort(byCodePoint)) {
      const child = join(path, name);
      guard.run(
        () => visitLink(child, depth + 1),
        (f) => tree.errors.push({ path: child, ...f }),
      );
    }
  };
  const visitLink = (path: string, depth: number): void => {
    const soft = Module.get_symbolic_link(fileId, path);
    if (typeof soft === 'string') {
      tree.links.push({ path, kind: 'soft', target: soft });
      return;
    }
    const ext = Module.get_external_link(fileId, path);
    if (ext && typeof ext.filename === 'string') {
      tree.links.push({ path, kind: 'external', target: ext.obj_path ?? '', file: ext.filename });
      return;
    }
    const t = Module.get_type(fileId, path);
    if (t === Module.H5G_GROUP) visit(path, 'group', depth);
    else if (t === Module.H5G_DATASET) visit(path, 'dataset', depth);
    else if (t === Module.H5G_TYPE) visit(path, 'datatype', depth);
    else tree.links.push({ path, kind: 'user-defined', target: `link type ${t}` });
  };
  visit('/', 'group', 0);
  const refPath = (key: string) => seen.get(key);
  for (const obj of tree.objects) readAttributes(Module, fileId, obj, opts.maxArrayItems, refPath, guard);
  return tree;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeDataset(Module: H5Module, fileId: bigint, obj: H5Object, guard: Guard): void {
  const m = Module.get_dataset_metadata(fileId, obj.path);
  obj.typeMeta = m;
  obj.dtype = dtypeOf(m);
  obj.shape = m.shape ? [...m.shape] : null;
  obj.maxshape = m.maxshape ? m.maxshape.map((d) => (d >= UNLIMITED ? null : d)) : null;
  obj.chunks = m.chunks ? [...m.chunks] : null;
  if (m.virtual_sources) obj.virtualSources = m.virtual_sources.map((v) => ({ file_name: v.file_name, dset_name: v.dset_name }));
  const enc = stringEncoding(m);
  if (enc) obj.strEncoding = enc;
  const filters = guard.run(
    () => Module.get_dataset_filters(fileId, obj.path),
    (f) => obj.errors.push(f),
    'filters: ',
  );
  if (filters) obj.filters = filters.map((f) => ({ id: f.id, name: f.name, cd_values: [...f.cd_values] }));
}

function readAttributes(Module: H5Module, fileId: bigint, obj: H5Object, maxItems: number, refPath: (k: string) => string | undefined, guard: Guard): void {
  const names = guard.run(
    () => Module.get_attribute_names(fileId, obj.path),
    (f) => obj.errors.push(f),
    'attribute list: ',
  );
  for (const name of names ?? []) {
    const attr: H5Attribute = { name, dtype: 'unknown', shape: null, value: null };
    guard.run(
      () => {
        const meta = Module.get_attribute_metadata(fileId, obj.path, name);
        attr.meta = meta;
        attr.dtype = dtypeOf(meta);
        attr.shape = meta.shape ? [...meta.shape] : null;
        const v = readAttribute(Module, fileId, obj.path, name, meta, maxItems, refPath);
        attr.value = v.value;
        if (v.total !== undefined) attr.total = v.total;
      },
      (f) => (attr.error = f),
    );
    obj.attributes.push(attr);
  }
}
