/**
 * Cheap detection of an embedded C2PA Manifest Store (C2PA Technical Specification 2.2, §A
 * "Embedding manifests into assets"), done by our own container walkers so that c2pa-wasm is
 * loaded only for files that carry one. No library imports: this module is part of the format
 * chunks, not of the lazy C2PA chunk.
 */
import type { ByteSource, ExtractContext } from '../types';
import { asciiAt, bytesAt } from '../sniff-util';
import { boxHeader } from '../bmff';

/** Where a walker found a manifest store, for messages ("APP11 JUMBF segment at offset 2"). */
export type C2paMark = string;

/** PNG chunk type of a manifest store (§A.4.2 "caBX"). */
export const PNG_C2PA_CHUNK = 'caBX';
/** RIFF (WebP) chunk type of a manifest store (§A.4.5 "C2PA"). */
export const RIFF_C2PA_CHUNK = 'C2PA';
/** ISO BMFF `uuid` box usertype of a manifest store (§A.4.4): D8FEC3D6-1B0E-483C-9297-5828877EC481. */
const BMFF_C2PA_UUID = [0xd8, 0xfe, 0xc3, 0xd6, 0x1b, 0x0e, 0x48, 0x3c, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7e, 0xc4, 0x81] as const;

/**
 * Whether a JPEG APP11 payload is the first segment of a C2PA JUMBF superbox (§A.4.1; JPEG XT
 * ISO/IEC 18477-3 box segments: "JP", En, Z, then the superbox `jumb` whose description box
 * `jumd` has the manifest store type UUID 63327061-0011-0010-8000-00AA00389B71, "c2pa"…).
 */
export function isC2paApp11(payload: Uint8Array): boolean {
  return asciiAt(payload, 0, 'JP') && asciiAt(payload, 12, 'jumb') && asciiAt(payload, 20, 'jumd') && asciiAt(payload, 24, 'c2pa');
}

/** Top-level boxes looked at, at most, for the C2PA `uuid` box of an ISO BMFF file. */
const MAX_TOP_BOXES = 64;

/**
 * The offset of the C2PA `uuid` box among the top-level boxes of an ISO BMFF file (HEIF, AVIF,
 * MP4, MOV: ISO/IEC 14496-12 §4.2, §11.1 `uuid` usertype after the header), or undefined. Reads
 * one 32-byte header per box, at most MAX_TOP_BOXES boxes, and stops at the first movie fragment
 * (`moof`): a fragmented file's store is in its initialisation segment (c2pa-rs writes it right
 * after `ftyp`), and its fragments may number thousands.
 */
export async function findBmffC2pa(source: ByteSource, ctx: ExtractContext): Promise<number | undefined> {
  let at = 0;
  for (let i = 0; i < MAX_TOP_BOXES && at + 8 <= source.size; i++) {
    const hdr = await source.read(at, 32, ctx.signal);
    const box = boxHeader(hdr, at, source.size);
    if (!box || box.type === 'moof') return undefined;
    if (box.type === 'uuid' && bytesAt(hdr, box.header, BMFF_C2PA_UUID)) return at;
    at += box.size;
  }
  return undefined;
}
