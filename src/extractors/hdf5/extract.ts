/**
 * HDF5 / NetCDF-4 extractor. Reads the superblock itself, then walks the file with h5wasm
 * mounted lazily on WORKERFS (./runtime.ts: the same code in a browser worker and in Node),
 * reads dataset object headers for layout and fill value (./object-header.ts), and presents
 * the result in HDF5 terms — or in NetCDF terms (netcdf/present.ts) when the file carries
 * netCDF-4 markers, keeping the raw HDF5 view in an "HDF5 storage" group.
 *
 * Errors: no signature → 'unsupported-format'; HDF5 refusing to open the file → 'truncated' /
 * 'corrupt'; single objects that fail are kept with their error (record `errors`, code 'corrupt')
 * and the rest of the tree is returned. A superblock whose stored end of file lies past the file's
 * end (a file cut short, or space reserved and never written) is not refused: HDF5 is shown a file
 * of the stored size (runtime.ts withMounted), everything present is read, a warning gives both
 * sizes, and objects whose bytes lie past the end fail with code 'truncated'.
 */
import type { ByteSource, ExtractContext, Extractor, ExtractorOutput, FieldGroup } from '../types';
import type { ExtractErrorData } from '../errors';
import { ExtractError, throwIfAborted, toErrorData } from '../errors';
import { missingBytes, readSuperblock, type Superblock } from './superblock';
import { syncReaderFor } from '../source/sync-reader';
import { BlockCache, loadH5, withMounted, type H5Module, type Mounted, type ReadCounter } from './runtime';
import { MAX_GROUP_DEPTH, describeH5Error, walkFile, type H5Failure, type H5Tree } from './read';
import { readHeaderFacts, type HeaderFacts } from './object-header';
import { fileGroup, hdf5Summary, treeGroups } from './present';
import { isNetcdf4, netcdfModel } from './netcdf4';
import { presentNetcdf } from '../netcdf/present';
import { HEAD_BYTES } from '../source/head';
import { HeadCachedSource } from '../source/head-cached-source';

/** Dataset object headers read for layout / fill value at most (each read ≤ 512 bytes mostly). */
const MAX_HEADER_READS = 2000;

/** Maps an h5wasm failure to open the file to a typed error. */
function openError(e: unknown): ExtractError {
  const text = e instanceof Error ? e.message : String(e);
  const line = describeH5Error(e);
  if (/truncated file/i.test(text)) return new ExtractError('truncated', `Truncated HDF5 file: ${line}`, undefined, text.slice(0, 2000));
  if (/signature/i.test(text)) return new ExtractError('corrupt', `HDF5 superblock not recognised: ${line}`, undefined, text.slice(0, 2000));
  return new ExtractError('corrupt', `HDF5 could not open the file: ${line}`, undefined, text.slice(0, 2000));
}

function walk(Module: H5Module, file: Mounted, ctx: ExtractContext): H5Tree {
  let fileId: bigint;
  try {
    fileId = Module.open(file.path, 0 /* H5F_ACC_RDONLY */, false, -1, -1);
  } catch (e) {
    throw openError(e);
  }
  if (fileId < 0n) throw new ExtractError('corrupt', 'HDF5 could not open the file.');
  try {
    return walkFile(Module, fileId, { maxObjects: ctx.options.maxObjects, maxArrayItems: ctx.options.maxArrayItems, readsPastEnd: file.readsPastEnd });
  } catch (e) {
    if (e instanceof ExtractError) throw e;
    throw new ExtractError('corrupt', `HDF5 failed while reading the file: ${describeH5Error(e)}`);
  } finally {
    try {
      Module.close_file(fileId);
    } catch {
      // a damaged file may fail to close; the mount is removed anyway
    }
  }
}

/** Object headers read at once: each read is an async Blob slice, so latency, not bandwidth, dominates. */
const HEADER_CONCURRENCY = 16;

async function headerFacts(source: ByteSource, sb: Superblock, tree: H5Tree, ctx: ExtractContext): Promise<Map<string, HeaderFacts>> {
  const out = new Map<string, HeaderFacts>();
  const datasets = tree.objects.filter((o) => o.kind === 'dataset' && o.address !== undefined).slice(0, MAX_HEADER_READS);
  const readOne = async (d: (typeof datasets)[number]) => {
    const address = sb.baseAddress + parseInt(d.address!, 16);
    if (!Number.isSafeInteger(address) || address >= source.size) return;
    try {
      out.set(d.path, await readHeaderFacts(source, sb, address, ctx.signal));
    } catch (e) {
      const data = toErrorData(e);
      if (data.code === 'aborted') throw e;
      ctx.warn(`${d.path}: object header not read (${data.message}).`);
    }
  };
  for (let i = 0; i < datasets.length; i += HEADER_CONCURRENCY) {
    throwIfAborted(ctx.signal);
    await Promise.all(datasets.slice(i, i + HEADER_CONCURRENCY).map(readOne));
  }
  const total = tree.objects.filter((o) => o.kind === 'dataset' && o.address !== undefined).length;
  if (total > MAX_HEADER_READS) ctx.warn(`Layout and fill value read for the first ${MAX_HEADER_READS} of ${total} datasets.`);
  return out;
}

/** The record error for a failure on the object at `where` (path, or path@attribute). */
function objectError(where: string, f: H5Failure): ExtractErrorData {
  return { code: f.truncated ? 'truncated' : 'corrupt', message: `${where}: ${f.message}` };
}

function objectErrors(tree: H5Tree): ExtractErrorData[] {
  const errors = tree.errors.map((e) => objectError(e.path, e));
  for (const o of tree.objects) for (const f of o.errors) errors.push(objectError(o.path, f));
  for (const o of tree.objects) for (const a of o.attributes) if (a.error) errors.push(objectError(`${o.path}@${a.name}`, a.error));
  return errors.slice(0, 200);
}

export const extractor: Extractor = {
  async preload() {
    await loadH5();
  },
  async extract(source: ByteSource, ctx: ExtractContext): Promise<ExtractorOutput> {
    throwIfAborted(ctx.signal);
    const sb = await readSuperblock(source, ctx.signal);
    const missing = missingBytes(sb, source.size);
    if (missing > 0) {
      ctx.warn(
        `The superblock records an end of file at ${sb.eofAddress} bytes, the file has ${source.size}: ${missing} bytes are missing (cut short, or reserved and never written). Objects stored there are reported as truncated.`,
      );
    }
    const Module = await loadH5();
    throwIfAborted(ctx.signal);
    // The sniffing head (cached by the runner's source, so not read again) also serves HDF5's first reads.
    const head = await source.read(0, HEAD_BYTES, ctx.signal);
    const reader = await syncReaderFor(source, ctx.options.maxMetadataBytes, ctx.signal);
    const counter: ReadCounter = { bytes: 0, reads: 0 };
    const blocks = new BlockCache(reader, head, counter);
    let tree: H5Tree;
    try {
      const mount = { blocks, sizeOfLengths: sb.sizeOfLengths, size: source.size + missing };
      tree = withMounted(Module, reader, mount, (file) => walk(Module, file, ctx));
    } catch (e) {
      if (e instanceof ExtractError) throw e;
      throw new ExtractError('corrupt', `HDF5 failed: ${describeH5Error(e)}`);
    } finally {
      reader.close?.();
    }
    if (tree.skipped > 0) ctx.warn(`Object cap reached: ${tree.skipped} objects not listed (maxObjects = ${ctx.options.maxObjects}).`);
    if (tree.tooDeep.length > 0) ctx.warn(`Groups nested more than ${MAX_GROUP_DEPTH} levels deep: the members of ${tree.tooDeep.length} group(s) are not listed (first: ${tree.tooDeep[0]}).`);
    // Object headers HDF5 read during the walk are taken from its blocks, not read again.
    const facts = await headerFacts(new HeadCachedSource(source, head, (a, b) => blocks.peek(a, b)), sb, tree, ctx);
    const max = ctx.options.maxArrayItems;
    const hdf5Groups: FieldGroup[] = [fileGroup(sb, source.size), ...treeGroups(tree, facts, max)];
    const errors = objectErrors(tree);
    const out: ExtractorOutput = { format: { id: 'hdf5', name: 'HDF5', version: `superblock v${sb.version}` }, summary: [], groups: [], externalReads: counter };
    if (errors.length > 0) out.errors = errors;
    if (isNetcdf4(tree)) {
      const model = netcdfModel(tree, facts, ctx.warn);
      const nc = presentNetcdf(model, ctx.options);
      out.format = nc.format;
      out.summary = nc.summary;
      out.groups = [...nc.groups, { id: 'hdf5:storage', label: 'HDF5 storage', fields: [], children: hdf5Groups }];
    } else {
      out.summary = hdf5Summary(sb, tree, max);
      out.groups = hdf5Groups;
    }
    return out;
  },
};
