/**
 * The standard security handler (ISO 32000-1 §7.6.3, ISO 32000-2 §7.6.4): checks a password
 * (the empty one by default) and decrypts strings and streams.
 *
 * - R5/R6 (AES-256, ISO 32000-2 §7.6.4.3.3 Algorithms 2.A and 2.B; R5 is Adobe's deprecated
 *   extension level 3, plain SHA-256) with Web Crypto (`crypto.subtle`: SHA-256/384/512, AES-CBC),
 *   available in Web Workers and Node.
 * - R2–R4 (RC4 and AESV2, ISO 32000-1 §7.6.3.3 Algorithms 2, 4–7): Web Crypto has neither MD5
 *   nor RC4, and pdf.js's decryption (CipherTransformFactory) is internal to its worker bundle and
 *   cannot be called for a few strings without loading the whole document there; no maintained
 *   MD5/RC4 package is a dependency of this project. So a small MD5 (RFC 1321) and RC4 follow
 *   here, used only for these legacy files.
 *
 * Passwords are tried as user password, then as owner password. Public-key security handlers
 * (/Adobe.PubSec) are reported but not opened.
 */
import { PdfDict, PdfName, PdfString, type PdfObject } from './objects';
import { concatBytes } from '../photo/bytes';

/** What the /Encrypt dictionary says (§7.6.2 Table 20, §7.6.3.2 Table 21). */
export interface EncryptionInfo {
  filter: string;
  subFilter?: string;
  v: number;
  r: number;
  /** Key length in bits. */
  keyBits: number;
  /** /P as a signed 32-bit integer. */
  p: number;
  encryptMetadata: boolean;
  /** Crypt filter method of strings and streams: None, V2 (RC4), AESV2, AESV3, Identity. */
  stringMethod: string;
  streamMethod: string;
  /** 'AES-256', 'AES-128', 'RC4 128-bit'... as pdfinfo names it. */
  algorithm: string;
  /** The /CF crypt filters (§7.6.6 Table 25): name → method (/CFM), for streams naming one in a /Crypt filter (§7.4.10). */
  cryptFilters?: Record<string, string>;
}

const PAD = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

// --- MD5 (RFC 1321) -------------------------------------------------------------------------

// prettier-ignore
const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
const T = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

/** MD5 digest of `data` (RFC 1321 §3). */
export function md5(data: Uint8Array): Uint8Array {
  const n = data.length;
  const padded = new Uint8Array((((n + 8) >> 6) + 1) << 6);
  padded.set(data);
  padded[n] = 0x80;
  const dv = new DataView(padded.buffer);
  dv.setUint32(padded.length - 8, (n * 8) >>> 0, true);
  dv.setUint32(padded.length - 4, Math.floor((n * 8) / 2 ** 32), true);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const m = new Uint32Array(16);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) m[i] = dv.getUint32(off + 4 * i, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const x = (a + f + T[i] + m[g]) >>> 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((x << S[i]) | (x >>> (32 - S[i])))) >>> 0;
    }
    a0 = (a0 + a) >>> 0;
    b0 = (b0 + b) >>> 0;
    c0 = (c0 + c) >>> 0;
    d0 = (d0 + d) >>> 0;
  }
  const out = new Uint8Array(16);
  const o = new DataView(out.buffer);
  [a0, b0, c0, d0].forEach((v, i) => o.setUint32(4 * i, v, true));
  return out;
}

/** RC4 (the "V2" crypt filter method, §7.6.3.1): encryption and decryption are the same. */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]) & 255;
    [s[i], s[j]] = [s[j], s[i]];
    out[k] = data[k] ^ s[(s[i] + s[j]) & 255];
  }
  return out;
}

const concat = (...parts: Uint8Array[]) => concatBytes(parts);
const buf = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

// --- AES through Web Crypto -------------------------------------------------------------------

async function aesKey(raw: Uint8Array, use: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', buf(raw), 'AES-CBC', false, [use]);
}

/** AES-CBC encryption without padding (the input is a multiple of 16 bytes). */
export async function aesCbcEncryptNoPad(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const out = await crypto.subtle.encrypt({ name: 'AES-CBC', iv: buf(iv) }, await aesKey(key, 'encrypt'), buf(data));
  return new Uint8Array(out, 0, data.length); // Web Crypto appends one PKCS#7 block: drop it.
}

/**
 * AES-CBC decryption without padding: Web Crypto insists on PKCS#7, so one block that decrypts to
 * a full padding block is appended (E_k(pad XOR last ciphertext block)) and removed again.
 */
async function aesCbcDecryptNoPad(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const last = data.length >= 16 ? data.subarray(data.length - 16) : iv;
  const extra = (await aesCbcEncryptNoPad(key, last, new Uint8Array(16).fill(16))).subarray(0, 16);
  const out = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: buf(iv) }, await aesKey(key, 'decrypt'), buf(concat(data, extra)));
  return new Uint8Array(out);
}

/** AES-CBC with the IV in the first 16 bytes and PKCS#5 padding (§7.6.3.1, AESV2/AESV3). */
async function aesDecrypt(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (data.length < 32 || data.length % 16 !== 0) {
    if (data.length === 16) return new Uint8Array(0);
    throw new Error('AES data is not a whole number of blocks');
  }
  const out = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: buf(data.subarray(0, 16)) }, await aesKey(key, 'decrypt'), buf(data.subarray(16)));
  return new Uint8Array(out);
}

async function sha(name: 'SHA-256' | 'SHA-384' | 'SHA-512', data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(name, buf(data)));
}

/** ISO 32000-2 §7.6.4.3.4 Algorithm 2.B (R6); R5 is one SHA-256. */
export async function hash2B(r: number, password: Uint8Array, salt: Uint8Array, udata: Uint8Array): Promise<Uint8Array> {
  let k = await sha('SHA-256', concat(password, salt, udata));
  if (r < 6) return k;
  let e: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < 64 || e[e.length - 1] > i - 32; i++) {
    if (i > 2048) throw new Error('Algorithm 2.B does not end');
    const k1one = concat(password, k, udata);
    const k1 = new Uint8Array(k1one.length * 64);
    for (let j = 0; j < 64; j++) k1.set(k1one, j * k1one.length);
    e = await aesCbcEncryptNoPad(k.subarray(0, 16), k.subarray(16, 32), k1);
    // The first 16 bytes of E as a big-endian number, modulo 3 (256 ≡ 1 mod 3: the byte sum).
    let mod = 0;
    for (let j = 0; j < 16; j++) mod += e[j];
    k = await sha((['SHA-256', 'SHA-384', 'SHA-512'] as const)[mod % 3], e);
  }
  return k.subarray(0, 32);
}

const bytesOf = (o: PdfObject | undefined) => (o instanceof PdfString ? o.bytes : new Uint8Array(0));
const nameOf = (o: PdfObject | undefined) => (o instanceof PdfName ? o.name : undefined);

/** Reads the /Encrypt dictionary (no password needed). */
export function encryptionInfo(enc: PdfDict): EncryptionInfo {
  const num = (k: string, d: number) => (typeof enc.get(k) === 'number' ? (enc.get(k) as number) : d);
  const v = num('V', 0);
  const r = num('R', 0);
  const cf = enc.get('CF');
  const method = (which: 'StrF' | 'StmF') => {
    if (v < 4) return 'V2';
    const fname = nameOf(enc.get(which)) ?? 'Identity';
    if (fname === 'Identity') return 'Identity';
    const f = cf instanceof PdfDict ? cf.get(fname) : undefined;
    return (f instanceof PdfDict ? nameOf(f.get('CFM')) : undefined) ?? 'None';
  };
  const stringMethod = method('StrF');
  const streamMethod = method('StmF');
  let keyBits = v === 1 ? 40 : num('Length', 40);
  if (v >= 5) keyBits = 256;
  else if (stringMethod === 'AESV2' || streamMethod === 'AESV2') keyBits = 128;
  if (keyBits < 40 || keyBits > 256) keyBits = 40;
  const m = streamMethod === 'Identity' ? stringMethod : streamMethod;
  const algorithm = m === 'AESV3' ? 'AES-256' : m === 'AESV2' ? 'AES-128' : m === 'V2' ? `RC4 ${keyBits}-bit` : m;
  const info: EncryptionInfo = {
    filter: nameOf(enc.get('Filter')) ?? '(none)',
    v,
    r,
    keyBits,
    p: num('P', 0) | 0,
    encryptMetadata: enc.get('EncryptMetadata') !== false,
    stringMethod,
    streamMethod,
    algorithm,
  };
  const sub = nameOf(enc.get('SubFilter'));
  if (sub) info.subFilter = sub;
  if (v >= 4 && cf instanceof PdfDict) {
    const filters: Record<string, string> = {};
    for (const [k, f] of [...cf.map].slice(0, 64)) filters[k] = (f instanceof PdfDict ? nameOf(f.get('CFM')) : undefined) ?? 'None';
    info.cryptFilters = filters;
  }
  return info;
}

/** §7.6.3.2 Table 22 (ISO 32000-2 Table 22): user access permissions, bit number → meaning. */
export const PERMISSION_BITS: ReadonlyArray<[number, string, string]> = [
  [3, 'print', 'Print'],
  [4, 'modify', 'Modify contents'],
  [5, 'copy', 'Copy or extract text and graphics'],
  [6, 'annotate', 'Add or modify annotations, fill form fields'],
  [9, 'fillForms', 'Fill in form fields'],
  [10, 'extract', 'Extract for accessibility'],
  [11, 'assemble', 'Assemble (insert, rotate, delete pages; bookmarks)'],
  [12, 'printHighQuality', 'Print in high quality'],
];

/** The permission bits of `p` decoded: key → allowed. */
export function decodePermissions(p: number): Record<string, boolean> {
  return Object.fromEntries(PERMISSION_BITS.map(([bit, key]) => [key, (p & (1 << (bit - 1))) !== 0]));
}

/** Decrypts strings and streams of one document with its file key. */
export class Decryptor {
  constructor(
    /** The file encryption key. */
    readonly key: Uint8Array,
    private readonly info: EncryptionInfo,
  ) {}

  private async apply(method: string, data: Uint8Array, num: number, gen: number): Promise<Uint8Array> {
    if (method === 'Identity' || method === 'None') return data;
    if (method === 'AESV3') return aesDecrypt(this.key, data);
    // §7.6.3.3 Algorithm 1: the object key.
    const ext = concat(
      this.key,
      Uint8Array.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, gen & 255, (gen >> 8) & 255]),
      method === 'AESV2' ? Uint8Array.from([0x73, 0x41, 0x6c, 0x54]) : new Uint8Array(0),
    );
    const objKey = md5(ext).subarray(0, Math.min(this.key.length + 5, 16));
    return method === 'AESV2' ? aesDecrypt(objKey, data) : rc4(objKey, data);
  }

  /** A string of object `num gen`. */
  decryptString(data: Uint8Array, num: number, gen: number): Promise<Uint8Array> {
    return this.apply(this.info.stringMethod, data, num, gen);
  }

  /** A stream's data of object `num gen`. */
  decryptStream(data: Uint8Array, num: number, gen: number): Promise<Uint8Array> {
    return this.apply(this.info.streamMethod, data, num, gen);
  }

  /**
   * A stream whose /Filter starts with /Crypt (§7.4.10): decrypted by the crypt filter it names
   * (/Identity, the default, leaves it as written; §7.6.6). Throws for a name /CF does not define.
   */
  decryptStreamWith(filter: string, data: Uint8Array, num: number, gen: number): Promise<Uint8Array> {
    if (filter === 'Identity') return Promise.resolve(data);
    const method = this.info.cryptFilters?.[filter];
    if (method === undefined) return Promise.reject(new Error(`the crypt filter /${filter} is not defined in /CF`));
    return this.apply(method, data, num, gen);
  }
}

/**
 * ISO 32000-2 §7.6.4.4.12 Algorithm 13 (R6; R5 files carry the same /Perms): /Perms decrypted with
 * the file key (AES-256, ECB: one block) must read "adb" in bytes 9–11, /P in bytes 0–3 (low byte
 * first) and 'T' or 'F' in byte 8 as /EncryptMetadata says. Returns what disagrees (a file whose
 * /P was changed without the key), or undefined when all agree.
 */
export async function checkPerms(enc: PdfDict, info: EncryptionInfo, key: Uint8Array): Promise<string | undefined> {
  if (info.r !== 5 && info.r !== 6) return undefined;
  const perms = bytesOf(enc.get('Perms'));
  if (perms.length < 16) return 'the /Perms entry is missing or shorter than 16 bytes, so /P cannot be verified';
  const block = await aesCbcDecryptNoPad(key, new Uint8Array(16), perms.subarray(0, 16));
  if (block[9] !== 0x61 || block[10] !== 0x64 || block[11] !== 0x62) return '/Perms does not decrypt with the file key (no "adb" marker), so /P cannot be verified';
  const p = block[0] | (block[1] << 8) | (block[2] << 16) | (block[3] << 24) | 0;
  const problems: string[] = [];
  if (p !== info.p) problems.push(`/P is ${info.p} but the encrypted /Perms says ${p}`);
  const em = block[8] === 0x54 ? true : block[8] === 0x46 ? false : undefined;
  if (em !== undefined && em !== info.encryptMetadata) problems.push(`/EncryptMetadata is ${info.encryptMetadata} but the encrypted /Perms says ${em}`);
  return problems.length ? problems.join('; ') : undefined;
}

function padPassword(pw: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out.set(pw.subarray(0, 32));
  out.set(PAD.subarray(0, Math.max(0, 32 - pw.length)), Math.min(32, pw.length));
  return out;
}

/** §7.6.3.3 Algorithm 2: the file key from a (padded) user password. */
function legacyKey(info: EncryptionInfo, userPw: Uint8Array, o: Uint8Array, id0: Uint8Array): Uint8Array {
  const n = info.r === 2 ? 5 : info.keyBits / 8;
  const p = info.p >>> 0;
  const parts = [padPassword(userPw), o.subarray(0, 32), Uint8Array.from([p & 255, (p >>> 8) & 255, (p >>> 16) & 255, p >>> 24]), id0];
  if (info.r >= 4 && !info.encryptMetadata) parts.push(Uint8Array.from([255, 255, 255, 255]));
  let h = md5(concat(...parts));
  if (info.r >= 3) for (let i = 0; i < 50; i++) h = md5(h.subarray(0, n));
  return h.subarray(0, n);
}

/** §7.6.3.4 Algorithms 4/5: does `key` produce /U? */
function checkLegacyUser(info: EncryptionInfo, key: Uint8Array, u: Uint8Array, id0: Uint8Array): boolean {
  if (info.r === 2) return equal(rc4(key, PAD), u.subarray(0, 32));
  let x = rc4(key, md5(concat(PAD, id0)));
  for (let i = 1; i <= 19; i++)
    x = rc4(
      key.map((b) => b ^ i),
      x,
    );
  return equal(x, u.subarray(0, 16));
}

/** §7.6.3.4 Algorithm 7: the user password hidden in /O, given the owner password. */
function userFromOwner(info: EncryptionInfo, ownerPw: Uint8Array, o: Uint8Array): Uint8Array {
  const n = info.r === 2 ? 5 : info.keyBits / 8;
  let h = md5(padPassword(ownerPw));
  if (info.r >= 3) for (let i = 0; i < 50; i++) h = md5(h);
  const key = h.subarray(0, n);
  if (info.r === 2) return rc4(key, o.subarray(0, 32));
  let x = o.subarray(0, 32);
  for (let i = 19; i >= 0; i--)
    x = rc4(
      key.map((b) => b ^ i),
      x,
    );
  return x;
}

/**
 * Opens the standard security handler with `password` (default ''): the Decryptor, or `null` when
 * the password is wrong. Throws Error for handlers and revisions it does not implement.
 */
export async function openSecurity(enc: PdfDict, info: EncryptionInfo, id0: Uint8Array, password = ''): Promise<Decryptor | null> {
  if (info.filter !== 'Standard') throw new Error(`the /${info.filter} security handler is not supported`);
  const o = bytesOf(enc.get('O'));
  const u = bytesOf(enc.get('U'));
  const pw = new TextEncoder().encode(password);
  if (info.r === 5 || info.r === 6) {
    if (o.length < 48 || u.length < 48) throw new Error('/O or /U is shorter than 48 bytes');
    const pw127 = pw.subarray(0, 127);
    const zero = new Uint8Array(16);
    if (equal(await hash2B(info.r, pw127, u.subarray(32, 40), new Uint8Array(0)), u.subarray(0, 32))) {
      const ik = await hash2B(info.r, pw127, u.subarray(40, 48), new Uint8Array(0));
      return new Decryptor(await aesCbcDecryptNoPad(ik, zero, bytesOf(enc.get('UE')).subarray(0, 32)), info);
    }
    const u48 = u.subarray(0, 48);
    if (equal(await hash2B(info.r, pw127, o.subarray(32, 40), u48), o.subarray(0, 32))) {
      const ik = await hash2B(info.r, pw127, o.subarray(40, 48), u48);
      return new Decryptor(await aesCbcDecryptNoPad(ik, zero, bytesOf(enc.get('OE')).subarray(0, 32)), info);
    }
    return null;
  }
  if (info.r >= 2 && info.r <= 4) {
    if (o.length < 32 || u.length < 16) throw new Error('/O or /U is too short');
    if (info.keyBits % 8 !== 0) throw new Error(`key length ${info.keyBits} is not a whole number of bytes`);
    const asUser = legacyKey(info, pw, o, id0);
    if (checkLegacyUser(info, asUser, u, id0)) return new Decryptor(asUser, info);
    const asOwner = legacyKey(info, userFromOwner(info, pw, o), o, id0);
    if (checkLegacyUser(info, asOwner, u, id0)) return new Decryptor(asOwner, info);
    return null;
  }
  throw new Error(`security handler revision ${info.r} is not supported`);
}
