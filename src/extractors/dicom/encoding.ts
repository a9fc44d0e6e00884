/**
 * Data set encodings (PS3.5 §7.1 explicit and implicit VR, §7.3 byte order) and their inference
 * from the first data elements when no File Meta Information names a transfer syntax: raw data
 * sets as ACR-NEMA-era modalities, archives and PACS exports write them (implicit or explicit VR,
 * little or big endian), and PS3.10 files whose group 0002 is missing. Free of dicom-parser and
 * of the data dictionary, so that the format sniffer can use it on the main thread.
 */

/** How a data set is encoded (PS3.5 §7.1 explicit/implicit VR, §7.3 byte order). */
export interface Encoding {
  explicit: boolean;
  littleEndian: boolean;
}

/** The VRs of PS3.5 Table 6.2-1, used to tell explicit from implicit VR encodings. */
export const VRS = new Set([
  'AE',
  'AS',
  'AT',
  'CS',
  'DA',
  'DS',
  'DT',
  'FD',
  'FL',
  'IS',
  'LO',
  'LT',
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'PN',
  'SH',
  'SL',
  'SQ',
  'SS',
  'ST',
  'SV',
  'TM',
  'UC',
  'UI',
  'UL',
  'UN',
  'UR',
  'US',
  'UT',
  'UV',
]);

/** Explicit VRs with two reserved bytes and a 32-bit value length (PS3.5 §7.1.2, Table 7.1-1). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Explicit VRs that may carry an undefined length (PS3.5 §7.1.2 and §A.4). */
const UNDEFINED_LENGTH_VRS = new Set(['SQ', 'UN', 'OB', 'OW']);

/** `explicit VR little endian`, `implicit VR big endian`, … */
export function describeEncoding(e: Encoding): string {
  return `${e.explicit ? 'explicit' : 'implicit'} VR ${e.littleEndian ? 'little' : 'big'} endian`;
}

/**
 * Groups a raw data set starts with: the command group 0000 (ACR-NEMA 300 files open with it), File
 * Meta 0002, Directory 0004, then the identifying, patient, acquisition, relationship and image
 * presentation groups 0008–0028 (PS3.6 §6). A first group elsewhere is not taken for DICOM.
 */
const FIRST_GROUPS = new Set([0x0000, 0x0002, 0x0004, 0x0008, 0x0010, 0x0018, 0x0020, 0x0028]);

/** Elements walked to judge an encoding. */
const WALK_ELEMENTS = 8;

/**
 * Candidates in the order preferred when they walk equally far: little before big endian and a
 * VR field read as explicit VR, as dcmtk's DcmItem::checkTransferSyntax decides.
 */
const CANDIDATES: readonly Encoding[] = [
  { explicit: true, littleEndian: true },
  { explicit: false, littleEndian: true },
  { explicit: true, littleEndian: false },
  { explicit: false, littleEndian: false },
];

/** An inferred encoding and how many leading elements fit it. */
export interface Inferred {
  encoding: Encoding;
  /** Well-formed elements walked from the start (at most WALK_ELEMENTS). */
  elements: number;
}

interface Walk {
  /** Elements that fit every rule and whose value lies inside the bytes. */
  good: number;
  /** The walk stopped because the bytes end before the next element header, or at an undefined length it cannot step over. */
  ranOut: boolean;
}

/**
 * Walks up to WALK_ELEMENTS element headers at `at` under `enc` and stops at the first that breaks
 * a rule: the first group is one of FIRST_GROUPS; tags strictly ascend (PS3.5 §7.1); no item or
 * delimiter tag (FFFE,xxxx) or illegal group (0001, 0003, 0005, 0007, FFFF; PS3.5 §7.1) at the top
 * level; command group 0000 only in implicit VR little endian; an explicit VR is a standard one and
 * an undefined length sits on SQ, UN, OB or OW.
 */
function walk(buf: Uint8Array, at: number, enc: Encoding): Walk {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const le = enc.littleEndian;
  let pos = at;
  let previous = -1;
  let good = 0;
  while (good < WALK_ELEMENTS) {
    if (pos + 8 > buf.length) return { good, ranOut: true };
    const group = view.getUint16(pos, le);
    const tag = group * 0x10000 + view.getUint16(pos + 2, le);
    if (good === 0 && !FIRST_GROUPS.has(group)) break;
    if (tag <= previous || group === 0xfffe || group === 0xffff || (group % 2 === 1 && group < 0x0008)) break;
    // A command group is implicit VR little endian (PS3.7 §6.3.1); big endian text such as UTF-32BE starts with 0000.
    if (group === 0x0000 && (enc.explicit || !le)) break;
    let length: number;
    let headerLength = 8;
    let vr: string | undefined;
    if (enc.explicit) {
      vr = String.fromCharCode(buf[pos + 4], buf[pos + 5]);
      if (!VRS.has(vr)) break;
      if (LONG_VRS.has(vr)) {
        if (pos + 12 > buf.length) return { good, ranOut: true };
        length = view.getUint32(pos + 8, le);
        headerLength = 12;
      } else {
        length = view.getUint16(pos + 6, le);
      }
    } else {
      length = view.getUint32(pos + 4, le);
    }
    if (length === 0xffffffff) {
      if (vr !== undefined && !UNDEFINED_LENGTH_VRS.has(vr)) break;
      return { good: good + 1, ranOut: true };
    }
    const end = pos + headerLength + length;
    // Past the bytes: a real value that long is rare this early, a length read from other data common.
    if (end > buf.length) return { good, ranOut: false };
    previous = tag;
    pos = end;
    good += 1;
  }
  return { good, ranOut: false };
}

/**
 * The encoding of the data set at `at` in `buf` inferred from its first elements, or null when no
 * candidate fits. A candidate fits when at least two elements walk cleanly, or one does and the
 * bytes end after it (or it has undefined length). Of those that fit, the one walking furthest wins, ties going to the earlier
 * candidate (see CANDIDATES). dcmtk looks at the first tag and VR only; walking several elements
 * also tells a data set from other binary data, which lets the sniffer claim raw data sets.
 */
export function inferEncoding(buf: Uint8Array, at: number): Inferred | null {
  let best: Inferred | null = null;
  for (const encoding of CANDIDATES) {
    const w = walk(buf, at, encoding);
    if (w.good < 2 && !(w.good === 1 && w.ranOut)) continue;
    if (!best || w.good > best.elements) best = { encoding, elements: w.good };
  }
  return best;
}
