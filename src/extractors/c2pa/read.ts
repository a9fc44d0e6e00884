/**
 * Reads a file's C2PA Manifest Store with c2pa-rs (c2pa-wasm, ./runtime.ts) and validates it:
 * the hashes of the asset and of every assertion (integrity) and the signing certificate against
 * the trust anchors (trust). Privacy: remote manifests (a manifest store referenced by URL, C2PA
 * 2.2 §A.2), OCSP and every other network access of c2pa-rs are turned off — nothing about the
 * file leaves the machine; the trust list is the bundled copy (./trust/).
 */
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError, describeThrown } from '../errors';
import { isNode } from '../source/sync-reader';
import { withC2pa } from './runtime';

/** A validation status entry (C2PA 2.2 §15.2.2: `code`, the JUMBF `url` it is about, an `explanation`). */
export interface C2paStatus {
  code: string;
  url?: string;
  explanation?: string;
}

/** The success / informational / failure lists of one manifest's validation (c2pa-rs `StatusCodes`). */
interface C2paStatusCodes {
  success?: C2paStatus[];
  informational?: C2paStatus[];
  failure?: C2paStatus[];
}

/** An ingredient as c2pa-rs's Reader reports it (C2PA 2.2 §18.5 ingredient assertion, resolved). */
export interface C2paIngredient {
  title?: string;
  format?: string;
  relationship?: string;
  instance_id?: string;
  document_id?: string;
  /** Label of the ingredient's own active manifest, a key of `manifests`. */
  active_manifest?: string;
  validation_results?: { activeManifest?: C2paStatusCodes };
  validation_status?: C2paStatus[];
}

/** A manifest as c2pa-rs's Reader reports it. */
export interface C2paManifest {
  /** C2PA 1.x claims: one string ("Adobe_Photoshop/25.0 adobe_c2pa/0.7.6"). */
  claim_generator?: string;
  /** C2PA 2.x claims: `claim_generator_info` (§11.1.2). */
  claim_generator_info?: { name?: string; version?: string }[];
  claim_version?: number;
  title?: string;
  format?: string;
  instance_id?: string;
  label?: string;
  assertions?: { label: string; data?: unknown }[];
  ingredients?: C2paIngredient[];
  signature_info?: { alg?: string; issuer?: string; common_name?: string; cert_serial_number?: string; time?: string };
}

/** c2pa-rs's Reader JSON (`Reader::json`). */
export interface C2paStore {
  active_manifest?: string;
  manifests?: Record<string, C2paManifest>;
  validation_results?: { activeManifest?: C2paStatusCodes; ingredientDeltas?: { ingredientAssertionURI?: string; validationDeltas?: C2paStatusCodes }[] };
  /** "Invalid", "Valid" or "Trusted" (C2PA 2.2 §15.1 validation states). */
  validation_state?: string;
}

/**
 * What reading gave: the store and its JSON text, or the library's message when it could not read
 * it; `externalBytes`: what c2pa-rs read of the file outside the ByteSource (from its Blob or
 * path: the whole file, whose hash it checks), for the record's `stats`.
 */
export type C2paReading = ({ store: C2paStore; text: string } | { error: string }) & { externalBytes: number };

/** Largest file handed to c2pa-wasm from memory (a source with neither Blob nor path: ZIP entries, tests). */
const MAX_IN_MEMORY = 512 * 1024 * 1024;

/**
 * c2pa-rs settings (its `Settings` JSON): no remote manifest fetch (its default is on), no OCSP
 * fetch, no network host at all (`core.allowed_network_hosts` empty: c2pa-rs's HTTP resolvers
 * refuse every host), the trust list as the only trust anchors.
 */
function settings(trustAnchors: string): string {
  return JSON.stringify({
    core: { allowed_network_hosts: [] },
    verify: { remote_manifest_fetch: false, ocsp_fetch: false, verify_trust: true, verify_after_reading: true },
    trust: { trust_anchors: trustAnchors },
  });
}

let anchorsOverride: string | undefined;

/**
 * Replaces the bundled trust list with `pem` (tests: the anchors their fixtures' test CA signs
 * under); undefined restores the bundled list.
 */
export function setTrustAnchors(pem: string | undefined): void {
  anchorsOverride = pem;
}

/**
 * Reads and validates the manifest store of `source` (`format`: its media type, e.g. image/jpeg).
 * A store c2pa-rs cannot read gives `{ error }` (the caller warns and keeps the rest of the
 * record); throws only ExtractError('aborted'), and ExtractError('unsupported-feature') when the
 * WebAssembly module cannot load.
 */
export async function readC2pa(source: ByteSource, format: string, ctx: ExtractContext): Promise<C2paReading> {
  return withC2pa(async (runtime) => {
    let file: Blob;
    try {
      file = await runtime.fileOf(source, MAX_IN_MEMORY, ctx.signal);
    } catch (e) {
      if (e instanceof ExtractError && e.code === 'aborted') throw e;
      return { error: describeThrown(e), externalBytes: 0 };
    }
    const externalBytes = source.blob !== undefined || (source.path !== undefined && isNode()) ? source.size : 0;
    let text: string;
    try {
      const reader = await runtime.readStore(format, file, settings(anchorsOverride ?? runtime.trustAnchors));
      try {
        text = reader.json();
      } finally {
        reader.free();
      }
    } catch (e) {
      return { error: describeThrown(e), externalBytes };
    }
    try {
      return { store: JSON.parse(text) as C2paStore, text, externalBytes };
    } catch (e) {
      return { error: `the reader's JSON could not be parsed: ${describeThrown(e)}`, externalBytes };
    }
  });
}
