/**
 * PDF text strings and dates: ISO 32000-1 §7.9.2.2 (text strings: UTF-16BE with a byte order
 * mark, PDFDocEncoding otherwise; ISO 32000-2 adds UTF-8 with its BOM), Annex D.3 (PDFDocEncoding)
 * and §7.9.4 (dates `D:YYYYMMDDHHmmSSOHH'mm`).
 */

// PDFDocEncoding 0x18–0x1F and 0x80–0x9F (ISO 32000-1 Table D.2); the rest is Latin-1 (0xAD undefined).
// prettier-ignore
const LOW: Record<number, number> = { 0x18: 0x02d8, 0x19: 0x02c7, 0x1a: 0x02c6, 0x1b: 0x02d9, 0x1c: 0x02dd, 0x1d: 0x02db, 0x1e: 0x02da, 0x1f: 0x02dc };
// prettier-ignore
const HIGH = [0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018, 0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160, 0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0xfffd];

/** Decodes a text string's bytes (§7.9.2.2). */
export function decodeText(b: Uint8Array): string {
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
  let s = '';
  for (const c of b) s += String.fromCharCode(LOW[c] ?? (c >= 0x80 && c <= 0x9f ? HIGH[c - 0x80] : c));
  return s;
}

/**
 * A PDF date (§7.9.4) as ISO 8601 (`2021-05-05T10:10:10Z`, `…+02:00`, or without zone when the
 * string has none); undefined when it is not a date.
 */
export function pdfDate(s: string): string | undefined {
  const m = /^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(?:([Zz+-])\s*(\d{2})?'?(\d{2})?'?)?/.exec(s);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', se = '00', z, zh = '00', zm = '00'] = m;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +se > 59) return undefined;
  const base = `${y}-${mo}-${d}T${h}:${mi}:${se}`;
  if (!z) return base;
  if (z === 'Z' || z === 'z') return zh === '00' && zm === '00' ? `${base}Z` : `${base}Z`;
  return `${base}${z}${zh}:${zm}`;
}

/** Milliseconds since the epoch of an ISO date (zone-less dates as UTC), for comparisons. */
export function instant(iso: string): number {
  const withZone = /[Zz]|[+-]\d{2}:?\d{2}$/.test(iso.slice(10)) ? iso : `${iso}Z`;
  return Date.parse(withZone);
}
