/**
 * `takeout-manifest.json`, written next to the parts of a simulated Takeout (scripts/takeout/write.ts):
 * the generator's own account of every media file — which part holds it, which sidecar describes
 * it and in which part that is, what merging them must give — for benchmarks and tests to check
 * matching and merging against. Paths are relative to `Takeout/` (the parts' entries are
 * `Takeout/` + path), as the matcher sees them once the part name is stripped.
 */
import type { MatchRule } from '../../src/takeout/match';
import type { MediaTruth } from './plan';

/** The manifest's file name, in the parts' folder. */
export const MANIFEST_NAME = 'takeout-manifest.json';

export interface ManifestPart {
  /** `takeout-20261207T101010Z-001.zip`. */
  name: string;
  /** Bytes (apparent: most of it is holes on disk). */
  size: number;
  entries: number;
  /** Whether the part has ZIP64 extra fields or end records (an offset, size or the directory past 4 GiB). */
  zip64: boolean;
}

/** A media file: where it is, the sidecar it must match, and what the merge must give (MediaTruth). */
export interface ManifestMedia extends MediaTruth {
  path: string;
  /** 1-based part number (`-001` is 1). */
  part: number;
  size: number;
  type: 'jpeg' | 'heic' | 'mp4' | 'mov';
  /** The sidecar it must be matched with; null when the export has none for it. */
  sidecar: string | null;
  sidecarPart: number | null;
  /** How the generator named the sidecar (match.ts's rule names; not necessarily match.ts's `rules` list or order). */
  naming: MatchRule[];
}

export interface TakeoutManifest {
  version: 1;
  options: { files: number; partSize: number; seed: number; format: 'zip' };
  /** When the simulated export was made (UTC ISO 8601; also in the part names). */
  exported: string;
  /** Prefix of every entry path in the parts. */
  root: 'Takeout/';
  parts: ManifestPart[];
  albums: { folder: string; metadata: string; title: string; part: number }[];
  counts: {
    files: number;
    media: number;
    /** JSON files: sidecars and album metadata.json. */
    json: number;
    /** Media files whose sidecar is in another part. */
    straddling: number;
    withoutSidecar: number;
    conflicts: number;
  };
  /** In zip order. */
  media: ManifestMedia[];
}
