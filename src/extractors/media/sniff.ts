import type { SniffResult } from '../types';
import { asciiAt, bytesAt, extensionOf } from '../sniff-util';

/**
 * ISO BMFF major brands that stay with other formats: HEIF/AVIF still images (ISO/IEC 23008-12, AV1
 * Image File Format: photo) and Canon CR3 (`crx`: raw).
 */
const STILL_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis', 'crx ']);

/** Extensions that make an MPEG audio frame sync at 0, or a lone TS sync byte, a likely media file. */
const AUDIO_EXTENSIONS = new Set(['mp3', 'mp2', 'mpa', 'aac']);

/** MPEG-1/2 audio frame header (ISO/IEC 11172-3 §2.4.2.3): 11-bit sync, a valid layer, bit rate and sampling rate. */
function mpegAudioFrameAt(head: Uint8Array, at: number): boolean {
  if (at + 4 > head.length || head[at] !== 0xff || (head[at + 1] & 0xe0) !== 0xe0) return false;
  const version = (head[at + 1] >> 3) & 3;
  const layer = (head[at + 1] >> 1) & 3;
  const bitrate = head[at + 2] >> 4;
  const rate = (head[at + 2] >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 0 && bitrate !== 15 && rate !== 3;
}

/** MPEG-TS packets (ISO/IEC 13818-1 §2.4.3.2): sync byte 0x47 every 188 bytes (or 192 for M2TS's 4-byte timestamp prefix). */
function transportStream(head: Uint8Array): boolean {
  for (const [start, step] of [
    [0, 188],
    [4, 192],
  ]) {
    if (head.length >= start + 2 * step + 1 && head[start] === 0x47 && head[start + step] === 0x47 && head[start + 2 * step] === 0x47) return true;
  }
  return false;
}

/**
 * Audio and video signatures: ISO BMFF `ftyp` at 4 (ISO/IEC 14496-12 §4.3; not HEIF/AVIF/CR3
 * brands), QuickTime's `moov`/`mdat`/`wide`/`free` first atoms ('maybe'), EBML (Matroska, RFC 9559
 * §5: 1A 45 DF A3), `OggS` (RFC 3533 §6), `fLaC`, RIFF WAVE / AVI, FORM AIFF/AIFC, MPEG-PS pack
 * start 00 00 01 BA (ISO/IEC 13818-1 §2.5.3.3), MPEG-TS syncs, and ID3v2 (id3.org ID3v2.4 §3.1) or
 * an MPEG audio frame ('maybe': two bytes of sync are common in other data).
 */
export function sniffMedia(head: Uint8Array, name = ''): SniffResult {
  if (asciiAt(head, 4, 'ftyp') && head.length >= 12) {
    const brand = String.fromCharCode(head[8], head[9], head[10], head[11]);
    return STILL_BRANDS.has(brand) ? 'no' : 'yes';
  }
  if (bytesAt(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return 'yes';
  if (asciiAt(head, 0, 'OggS') || asciiAt(head, 0, 'fLaC')) return 'yes';
  if ((asciiAt(head, 0, 'RIFF') || asciiAt(head, 0, 'RF64')) && (asciiAt(head, 8, 'WAVE') || asciiAt(head, 8, 'AVI '))) return 'yes';
  if (asciiAt(head, 0, 'FORM') && (asciiAt(head, 8, 'AIFF') || asciiAt(head, 8, 'AIFC'))) return 'yes';
  if (bytesAt(head, 0, [0, 0, 1, 0xba])) return 'yes';
  if (transportStream(head)) return 'yes';
  // ID3v2 header: "ID3", major version 2–4, revision < 0xFF, flags, and a syncsafe size (high bits 0).
  if (asciiAt(head, 0, 'ID3') && head.length >= 10 && head[3] >= 2 && head[3] <= 4 && head[4] !== 0xff && (head[6] | head[7] | head[8] | head[9]) < 0x80) return 'yes';
  if (mpegAudioFrameAt(head, 0)) return AUDIO_EXTENSIONS.has(extensionOf(name)) ? 'yes' : 'maybe';
  if ((asciiAt(head, 4, 'moov') || asciiAt(head, 4, 'mdat') || asciiAt(head, 4, 'wide') || asciiAt(head, 4, 'free')) && ['mov', 'mp4', 'm4a', 'm4v'].includes(extensionOf(name))) return 'yes';
  return 'no';
}
