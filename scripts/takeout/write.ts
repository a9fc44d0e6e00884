/**
 * Writes a simulated Google Photos Takeout (scripts/takeout/plan.ts) as Google's ZIP parts and its
 * manifest (scripts/takeout/manifest.ts), streaming: each entry is laid out by the ZIP writer
 * (scripts/fixtures/zip.ts ZipBuilder: media stored, JSON deflated, CRC-32 of every entry, ZIP64
 * where an offset, size or the central directory passes 4 GiB) and written at once through a
 * SparseWriter (scripts/large/sparse.ts), the media files' zero runs left as holes; only the plan,
 * the current part's central directory and the manifest are held in memory.
 *
 * Parts are cut by size, as Google's are: a part ends with the entry that takes it to the part
 * size or past it, so a media file can end a part and its JSON start the next.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dosDateTime, ZipBuilder, type ZipFileSpec } from '../fixtures/zip';
import { SparseWriter } from '../large/sparse';
import { mediaData } from './media';
import { partName } from './names';
import { planTakeout } from './plan';
import { MANIFEST_NAME, type ManifestMedia, type ManifestPart, type TakeoutManifest } from './manifest';

export interface TakeoutOptions {
  /** Files in the export, media and JSON. */
  files: number;
  /** Bytes a part reaches before the next one starts. */
  partSize: number;
  seed: number;
  format: 'zip';
}

const ROOT = 'Takeout/';
/** Parts (any export time) and manifests of an earlier run, replaced by a new one. */
const OUR_FILES = /^(takeout-\d{8}T\d{6}Z-\d{3,}\.zip|takeout-manifest\.json)$/u;

/**
 * Writes the export's parts and `takeout-manifest.json` into `dir` (created if needed; parts and a
 * manifest of an earlier run there are removed first). `onPart` is told of each part once written.
 * Returns the manifest. Throws on invalid options and fs errors.
 */
export async function writeTakeout(dir: string, opts: TakeoutOptions, onPart?: (part: ManifestPart) => void): Promise<TakeoutManifest> {
  if (!Number.isSafeInteger(opts.partSize) || opts.partSize < 1) throw new Error(`invalid part size ${opts.partSize}`);
  if (opts.format !== 'zip') throw new Error(`unsupported format ${String(opts.format)} (only zip)`);
  const plan = planTakeout(opts);
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) if (OUR_FILES.test(name)) await rm(join(dir, name));
  const modified = dosDateTime(plan.exported);
  const parts: ManifestPart[] = [];
  const partOf = new Map<string, number>();
  const sizeOf = new Map<string, number>();
  let builder: ZipBuilder | undefined;
  let writer: SparseWriter | undefined;
  const closePart = async (b: ZipBuilder, w: SparseWriter) => {
    for (const p of b.finish()) await w.put(p.offset, p.bytes);
    await w.finish(b.size);
    const part = { name: partName(plan.exported, parts.length + 1), size: b.size, entries: b.count, zip64: b.zip64 };
    parts.push(part);
    onPart?.(part);
  };
  try {
    for (const e of plan.entries) {
      if (!builder || !writer || builder.size >= opts.partSize) {
        if (builder && writer) await closePart(builder, writer);
        builder = new ZipBuilder({ modified });
        writer = await SparseWriter.create(join(dir, partName(plan.exported, parts.length + 1)));
      }
      const data = e.kind === 'json' ? new TextEncoder().encode(e.text()) : mediaData(e.media.content);
      const spec: ZipFileSpec = { name: ROOT + e.path, data, method: e.kind === 'json' ? 8 : 0 };
      for (const p of builder.add(spec)) await writer.put(p.offset, p.bytes);
      partOf.set(e.path, parts.length + 1);
      if (e.kind === 'media') sizeOf.set(e.path, data instanceof Uint8Array ? data.length : data.size);
    }
    if (builder && writer) await closePart(builder, writer);
  } finally {
    await writer?.close();
  }
  const media: ManifestMedia[] = plan.entries.flatMap((e) => {
    if (e.kind !== 'media') return [];
    const { path, content, sidecar, naming, truth } = e.media;
    const type = content.type === 'video' ? (content.quickTime ? 'mov' : 'mp4') : content.type;
    return [{ path, part: partOf.get(path)!, size: sizeOf.get(path)!, type, sidecar, sidecarPart: sidecar === null ? null : partOf.get(sidecar)!, naming, ...truth }];
  });
  const manifest: TakeoutManifest = {
    version: 1,
    options: { ...opts },
    exported: new Date(plan.exported * 1000).toISOString().replace('.000Z', 'Z'),
    root: ROOT,
    parts,
    albums: plan.albums.map((a) => ({ ...a, part: partOf.get(a.metadata)! })),
    counts: {
      files: plan.entries.length,
      media: media.length,
      json: plan.entries.length - media.length,
      straddling: media.filter((m) => m.sidecarPart !== null && m.sidecarPart !== m.part).length,
      withoutSidecar: media.filter((m) => m.sidecar === null).length,
      conflicts: media.filter((m) => m.conflicts.length > 0).length,
    },
    media,
  };
  await writeFile(join(dir, MANIFEST_NAME), JSON.stringify(manifest, null, 1));
  return manifest;
}
