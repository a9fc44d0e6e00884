/**
 * Runs MediaInfoLib over a ByteSource with our own feeding loop (MediaInfoLib's buffer API, the
 * one mediainfo.js's `analyzeData` drives: Open_Buffer_Init / Open_Buffer_Continue /
 * Open_Buffer_Continue_GoTo_Get / Open_Buffer_Finalize, MediaInfoLib's "Buffer" interface), so that
 * the bytes read stay bounded whatever MediaInfoLib asks for:
 * - chunks of 64 KiB: `analyzeData`'s 256 KiB default reads a whole chunk at every seek
 *   (mediainfo.js issue #108: 1.2 GB read of a 6.8 GB file); after a seek the first read is only
 *   4 KiB, doubling while MediaInfoLib goes on reading there: a parser that hops from header to
 *   header (ISO BMFF `moof` boxes, ISO/IEC 14496-12 §8.8; RIFF chunks) costs a few KiB a hop;
 * - a byte budget: 1 MiB plus the `moov` box for ISO BMFF (found by walking the top-level boxes,
 *   ISO/IEC 14496-12 §4.2), else 1 MiB or 1 % of the file, whichever is larger; past it the
 *   parse is finalized with what was read (a warning says so);
 * - the end of the file for the containers whose duration is the last timestamp minus the first
 *   (MPEG-TS/PS: PCR/SCR and PTS, ISO/IEC 13818-1 §2.4.3.5, §2.5.3.4; Ogg: the last page's granule
 *   position, RFC 3533 §6): MediaInfoLib jumps to the end itself once it has the streams, but when
 *   the streams take more than the budget it never gets there; so the last quarter of the budget
 *   is kept for the file's tail, fed as a seek (the position move MediaInfoLib's own jumps make);
 * - a fragmented MP4's duration from `mvex/mehd` (§8.8.2) when the `moof` walk is cut by the
 *   budget (MediaInfoLib would sum only the fragments it saw);
 * - a step limit and the same stall rule as `analyzeData` (a seek asked twice in a row, or past
 *   the end, ends the parse), so a damaged file can never loop.
 */
import type { ByteSource, ExtractContext } from '../types';
import { ExtractError, describeThrown, throwIfAborted } from '../errors';
import { withMediaInfo } from './runtime';
import { boxHeader } from '../bmff';

/** Bytes handed to MediaInfoLib per call, at most. */
const CHUNK = 64 * 1024;
/** The first read after a seek. */
const SEEK_CHUNK = 4 * 1024;
/** The fixed part of the byte budget. */
export const BUDGET_BASE = 1024 * 1024;
/** Open_Buffer_Continue calls at most (each reads ≥ 1 byte, so the budget also bounds them). */
const MAX_STEPS = 4096;
/** Top-level ISO BMFF boxes looked at for `moov`. */
const MAX_TOP_BOXES = 64;

/** One MediaInfo track: its fields as MediaInfoLib's JSON output names them (all values strings, `extra` an object). */
export type MediaTrack = Record<string, unknown> & { '@type': string };

/** What MediaInfoLib found, and how it was read. */
export interface MediaModel {
  tracks: MediaTrack[];
  /** MediaInfoLib's version ("26.05"). */
  library: string;
  /** The byte budget and what MediaInfoLib was given of it. */
  budget: number;
  fed: number;
  /** Size of the ISO BMFF `moov` box, when there is one. */
  moovSize?: number;
  /** ISO BMFF with `mvex` in its `moov` (movie fragments follow, ISO/IEC 14496-12 §8.8.1); `duration` from `mehd` ÷ the `mvhd` timescale, seconds. */
  fragmented?: { duration?: number };
  /** The tail of the file fed after the budget's head part ran out (MPEG-TS/PS, Ogg). */
  tailFed?: boolean;
  /** True when the parse was finalized at the budget or step limit instead of by MediaInfoLib. */
  cut: boolean;
  /** MPEG audio: frames and samples per frame from the Xing/Info or VBRI header of the first frame, when present. */
  mpegAudioFrames?: { frames: number; samplesPerFrame: number; sampleRate: number };
  /** ID3v2 text frames MediaInfo does not report (TSSE, the encoder settings, when a LAME header is present). */
  id3?: Record<string, string>;
}

interface Box {
  type: string;
  at: number;
  size: number;
  header: number;
}

/** The box header at `at` (ISO/IEC 14496-12 §4.2: size, type, 64-bit largesize when size = 1, 0 = to `end`). */
async function boxAt(source: ByteSource, at: number, end: number, signal?: AbortSignal): Promise<Box | undefined> {
  if (at + 8 > end) return undefined;
  const h = boxHeader(await source.read(at, 16, signal), at, end);
  return h ? { type: h.type, at, size: Math.min(h.size, end - at), header: h.header } : undefined;
}

/** The children of a container box, at most MAX_TOP_BOXES. */
async function children(source: ByteSource, parent: Box, signal?: AbortSignal): Promise<Box[]> {
  const out: Box[] = [];
  const end = parent.at + parent.size;
  for (let at = parent.at + parent.header; out.length < MAX_TOP_BOXES;) {
    const b = await boxAt(source, at, end, signal);
    if (!b) break;
    out.push(b);
    at += b.size;
  }
  return out;
}

/** Whether `moov` has `mvex` (fragments follow), and the `mehd` fragment duration in seconds (mvhd timescale: §8.2.2, mehd: §8.8.2). */
async function fragmentInfo(source: ByteSource, moov: Box, signal?: AbortSignal): Promise<MediaModel['fragmented']> {
  const kids = await children(source, moov, signal);
  const mvex = kids.find((b) => b.type === 'mvex');
  if (!mvex) return undefined;
  const mvhd = kids.find((b) => b.type === 'mvhd');
  const mehd = (await children(source, mvex, signal)).find((b) => b.type === 'mehd');
  if (!mvhd || !mehd) return {};
  const h = await source.read(mvhd.at + mvhd.header, 24, signal);
  const e = await source.read(mehd.at + mehd.header, 12, signal);
  if (h.length < 24 || e.length < 8) return {};
  const hv = new DataView(h.buffer, h.byteOffset, h.length);
  const ev = new DataView(e.buffer, e.byteOffset, e.length);
  const timescale = hv.getUint32(h[0] === 1 ? 20 : 12);
  const ticks = e[0] === 1 ? (e.length >= 12 ? Number(ev.getBigUint64(4)) : 0) : ev.getUint32(4);
  return timescale > 0 && ticks > 0 ? { duration: ticks / timescale } : {};
}

/** The `moov` box, walking the top-level boxes of an ISO BMFF file. */
async function findMoov(source: ByteSource, signal?: AbortSignal): Promise<Box | undefined> {
  let at = 0;
  for (let i = 0; i < MAX_TOP_BOXES; i++) {
    const b = await boxAt(source, at, source.size, signal);
    if (!b) return undefined;
    if (b.type === 'moov') return b;
    at += b.size;
  }
  return undefined;
}

/** The byte budget of a file (see the module comment). */
export function budgetFor(size: number, moovSize: number | undefined): number {
  return moovSize !== undefined ? BUDGET_BASE + moovSize : Math.max(BUDGET_BASE, Math.floor(size / 100));
}

const MPEG_RATES = [
  [11025, 12000, 8000], // MPEG 2.5
  [0, 0, 0],
  [22050, 24000, 16000], // MPEG 2
  [44100, 48000, 32000], // MPEG 1
];

/**
 * The Xing/Info header's frame count in the first MPEG audio frame (after an ID3v2 tag, ID3v2.4
 * §3.1 syncsafe size): the count ffprobe and players take the duration from (frames × samples
 * per frame ÷ sampling rate). Reads at most 4 KiB more than the tag.
 */
async function mpegAudioFrames(source: ByteSource, head: Uint8Array, signal?: AbortSignal): Promise<MediaModel['mpegAudioFrames']> {
  let at = 0;
  if (head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33 && head.length >= 10) {
    at = 10 + ((head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]) + (head[5] & 0x10 ? 10 : 0);
  }
  if (at >= source.size) return undefined;
  const b = await source.read(at, 4096, signal);
  if (b.length < 4 || b[0] !== 0xff || (b[1] & 0xe0) !== 0xe0) return undefined;
  const version = (b[1] >> 3) & 3;
  const layer = (b[1] >> 1) & 3;
  const sampleRate = MPEG_RATES[version]?.[(b[2] >> 2) & 3];
  if (!sampleRate || layer !== 1) return undefined; // Layer III only
  const mono = b[3] >> 6 === 3;
  const samplesPerFrame = version === 3 ? 1152 : 576;
  // Side information length: 32/17 bytes (MPEG-1 stereo/mono), 17/9 (MPEG-2/2.5).
  const xing = 4 + (version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17);
  const tag = String.fromCharCode(...b.subarray(xing, xing + 4));
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  if ((tag === 'Xing' || tag === 'Info') && b.length >= xing + 12 && dv.getUint32(xing + 4) & 1) {
    return { frames: dv.getUint32(xing + 8), samplesPerFrame, sampleRate };
  }
  // VBRI (Fraunhofer) sits 32 bytes after the header; frame count at +14.
  if (String.fromCharCode(...b.subarray(36, 40)) === 'VBRI' && b.length >= 54) return { frames: dv.getUint32(50), samplesPerFrame, sampleRate };
  return undefined;
}

/** ID3v2 text frames read from the tag (ID3v2.4 §4.2; ID3v2.3 sizes are plain, v2.4 syncsafe). */
const ID3_TEXT = new Set(['TSSE']);
const MAX_ID3_FRAMES = 256;

/** The wanted text frames of an ID3v2.3/2.4 tag at the start of the file, reading frame headers only (and the wanted frames). */
async function id3Texts(source: ByteSource, head: Uint8Array, signal?: AbortSignal): Promise<Record<string, string> | undefined> {
  if (!(head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33) || (head[3] !== 3 && head[3] !== 4) || head[5] & 0x40) return undefined;
  const v4 = head[3] === 4;
  const end = Math.min(source.size, 10 + ((head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9]));
  const out: Record<string, string> = {};
  let at = 10;
  for (let i = 0; i < MAX_ID3_FRAMES && at + 10 <= end; i++) {
    const h = await source.read(at, 10, signal);
    if (h.length < 10 || h[0] === 0) break;
    const id = String.fromCharCode(h[0], h[1], h[2], h[3]);
    const size = v4 ? (h[4] << 21) | (h[5] << 14) | (h[6] << 7) | h[7] : ((h[4] << 24) | (h[5] << 16) | (h[6] << 8) | h[7]) >>> 0;
    if (size <= 0 || at + 10 + size > end) break;
    if (ID3_TEXT.has(id) && size <= 4096) {
      const b = await source.read(at + 10, size, signal);
      // Text encoding byte (ID3v2.4 §4.2): 0 Latin-1, 1 UTF-16 with BOM, 2 UTF-16BE, 3 UTF-8.
      const enc = b[0];
      const body = b.subarray(1);
      const text = new TextDecoder(enc === 3 ? 'utf-8' : enc === 1 ? 'utf-16' : enc === 2 ? 'utf-16be' : 'latin1').decode(body).replace(/\0+$/, '');
      if (text) out[id] = text.split('\0')[0];
    }
    at += 10 + size;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Reads `source` with MediaInfoLib within the byte budget. Throws ExtractError: 'unsupported-format'
 * when MediaInfoLib recognises no container, 'unsupported-feature' when its WASM cannot load,
 * 'corrupt' when it fails on the data, 'aborted'.
 */
export async function readMedia(source: ByteSource, ctx: ExtractContext): Promise<MediaModel> {
  const { signal } = ctx;
  const size = source.size;
  const head = await source.read(0, 16, signal);
  const isoBmff = head.length >= 8 && String.fromCharCode(head[4], head[5], head[6], head[7]) === 'ftyp';
  const moov = isoBmff ? await findMoov(source, signal) : undefined;
  const moovSize = moov?.size;
  const fragmented = moov ? await fragmentInfo(source, moov, signal) : undefined;
  const budget = budgetFor(size, moovSize);
  // Containers whose duration needs the file's last timestamps (see the module comment); ISO/IEC 13818-1 §2.4.3.2 (TS sync 0x47), §2.5.3.3 (pack start), RFC 3533 §6 (OggS).
  // M2TS (BDAV) packets carry a 4-byte time code first: syncs at 4 and 196.
  const m2ts = head[4] === 0x47 && (await source.read(196, 1, signal))[0] === 0x47;
  const timedByEnd = head[0] === 0x47 || m2ts || (head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0xba) || String.fromCharCode(head[0], head[1], head[2], head[3]) === 'OggS';
  const tail = timedByEnd && size > budget ? Math.floor(budget / 4) : 0;
  return withMediaInfo(async (mi) => {
    throwIfAborted(signal);
    let fed = 0;
    let cut = false;
    let tailFed = false;
    let json: string;
    try {
      mi.reset();
      mi.openBufferInit(size, 0);
      let offset = 0;
      let lastSeek = -1;
      let chunk = CHUNK;
      for (let step = 0; ; step++) {
        throwIfAborted(signal);
        if (tail > 0 && !tailFed && offset < size - tail && fed + Math.min(chunk, size - offset) > budget - tail) {
          // The head part of the budget is spent: feed the tail as a seek there.
          tailFed = true;
          offset = size - tail;
          lastSeek = -1;
          chunk = CHUNK;
          mi.openBufferInit(-1, offset);
        }
        const want = Math.min(chunk, size - offset, budget - fed);
        if (step >= MAX_STEPS || want <= 0) {
          cut = offset < size;
          break;
        }
        const data = await source.read(offset, want, signal);
        if (data.length === 0) break;
        fed += data.length;
        const finished = mi.openBufferContinue(data, data.length);
        const seek = mi.openBufferContinueGotoGet();
        if (seek !== -1) {
          if (seek === lastSeek || seek >= size) break;
          lastSeek = seek;
          offset = seek;
          chunk = SEEK_CHUNK;
          // -1: keep the parser's state and move its position only (mediainfo.js issue #164); a
          // parser that reported "finished" is re-initialized to clear that flag (issue #188).
          mi.openBufferInit(finished ? size : -1, seek);
          continue;
        }
        lastSeek = -1;
        offset += data.length;
        chunk = Math.min(CHUNK, chunk * 2);
        if (finished || offset >= size) break;
      }
      mi.openBufferFinalize();
      json = mi.inform();
    } catch (e) {
      if (e instanceof ExtractError) throw e;
      throw new ExtractError('corrupt', `MediaInfo failed on the file: ${describeThrown(e)}`, undefined, describeThrown(e));
    }
    let parsed: { creatingLibrary?: { version?: string }; media?: { track?: MediaTrack[] } | null };
    try {
      parsed = JSON.parse(json) as typeof parsed;
    } catch (e) {
      throw new ExtractError('internal', `MediaInfo's output is not JSON: ${describeThrown(e)}`);
    }
    const tracks = Array.isArray(parsed.media?.track) ? parsed.media.track : [];
    const general = tracks.find((t) => t['@type'] === 'General');
    if (!general || typeof general.Format !== 'string') {
      if (size < 64) throw new ExtractError('truncated', `The file is too short for an audio or video container (${size} bytes).`);
      throw new ExtractError('unsupported-format', 'MediaInfo recognises no audio or video container in this file.');
    }
    if (tracks.length < 2)
      throw new ExtractError(cut ? 'too-large' : 'corrupt', `MediaInfo recognises the container (${general.Format}) but finds no stream in it${cut ? ` within the ${budget}-byte read budget` : ''}.`);
    const model: MediaModel = { tracks, library: parsed.creatingLibrary?.version ?? '', budget, fed, cut };
    if (moovSize !== undefined) model.moovSize = moovSize;
    if (fragmented) model.fragmented = fragmented;
    if (tailFed) model.tailFed = true;
    if (general.Format === 'MPEG Audio') {
      const first = await source.read(0, 16, signal);
      const frames = await mpegAudioFrames(source, first, signal);
      if (frames) model.mpegAudioFrames = frames;
      const id3 = await id3Texts(source, first, signal);
      if (id3) model.id3 = id3;
    }
    return model;
  });
}
