/**
 * XMP text for Takeout tags (XMP Part 1, ISO 16684-1: RDF/XML serialization; XMP Part 2 for the
 * exif: GPS and date forms): a new packet, the same properties added to an existing packet (a
 * second `rdf:Description` of the same resource before `</rdf:RDF>`, valid RDF, the rest of the
 * packet kept byte for byte), and a standalone `.xmp` sidecar. Properties written, for what
 * `tags` give: exif:DateTimeOriginal, xmp:CreateDate, photoshop:DateCreated; exif:GPSLatitude,
 * exif:GPSLongitude, exif:GPSAltitude, exif:GPSAltitudeRef; dc:description and dc:title (rdf:Alt,
 * x-default); Iptc4xmpExt:PersonInImage and dc:subject (rdf:Bag, album titles).
 */
import { WriteError } from './errors';
import { checkTags, dms, localTime, xmpDateTime, type FixTags } from './tags';

const NS = {
  exif: 'http://ns.adobe.com/exif/1.0/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  photoshop: 'http://ns.adobe.com/photoshop/1.0/',
  dc: 'http://purl.org/dc/elements/1.1/',
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
} as const;
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
type Prefix = keyof typeof NS;

/** One property: its qualified name and its element content (markup). */
interface Property {
  prefix: Prefix;
  name: string;
  content: string;
}

/**
 * `text` as XML character data or attribute value: `&`, `<`, `>`, `"` as entities, CR as `&#xD;`
 * (a parser would make it LF), and the characters XML 1.0 cannot hold (§2.2 Char: C0 controls
 * other than TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF) removed.
 */
function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#xD;');
}

const li = (text: string, lang = '') => `<rdf:li${lang}>${escapeXml(text)}</rdf:li>`;
const unique = (items: string[]) => [...new Set(items.filter((s) => s !== ''))];

/** "DDD,MM.mmmmmmmmk" (XMP Part 2 GPSCoordinate), hemisphere `k` from the sign. */
function gpsCoordinate(decimal: number, positive: 'N' | 'E', negative: 'S' | 'W'): string {
  const { degrees, minutes, microSeconds } = dms(decimal);
  const decimalMinutes = ((minutes * 60e6 + microSeconds) / 60e6).toFixed(8).replace(/\.?0+$/, '');
  return `${degrees},${decimalMinutes}${decimal < 0 ? negative : positive}`;
}

/** The properties of `tags`, in the order listed in the module comment. Call checkTags first. */
function properties(tags: FixTags): Property[] {
  const out: Property[] = [];
  const add = (prefix: Prefix, name: string, content: string) => out.push({ prefix, name, content });
  if (tags.taken) {
    const date = escapeXml(xmpDateTime(localTime(tags.taken)));
    add('exif', 'DateTimeOriginal', date);
    add('xmp', 'CreateDate', date);
    add('photoshop', 'DateCreated', date);
  }
  if (tags.gps) {
    add('exif', 'GPSLatitude', gpsCoordinate(tags.gps.latitude, 'N', 'S'));
    add('exif', 'GPSLongitude', gpsCoordinate(tags.gps.longitude, 'E', 'W'));
    if (tags.gps.altitude !== undefined) {
      add('exif', 'GPSAltitude', `${Math.round(Math.abs(tags.gps.altitude) * 1000)}/1000`);
      add('exif', 'GPSAltitudeRef', tags.gps.altitude < 0 ? '1' : '0');
    }
  }
  if (tags.description) add('dc', 'description', `<rdf:Alt>${li(tags.description, ' xml:lang="x-default"')}</rdf:Alt>`);
  if (tags.title) add('dc', 'title', `<rdf:Alt>${li(tags.title, ' xml:lang="x-default"')}</rdf:Alt>`);
  const people = unique(tags.people);
  if (people.length) add('Iptc4xmpExt', 'PersonInImage', `<rdf:Bag>${people.map((p) => li(p)).join('')}</rdf:Bag>`);
  const albums = unique(tags.albums);
  if (albums.length) add('dc', 'subject', `<rdf:Bag>${albums.map((a) => li(a)).join('')}</rdf:Bag>`);
  return out;
}

/** An `rdf:Description` of `props` about `about` (an attribute value as written, quotes included). */
function description(props: Property[], about = '""', declareRdf = false): string {
  const prefixes = [...new Set(props.map((p) => p.prefix))];
  const xmlns = (declareRdf ? [` xmlns:rdf="${RDF}"`] : []).concat(prefixes.map((p) => ` xmlns:${p}="${NS[p]}"`)).join('');
  if (props.length === 0) return `  <rdf:Description rdf:about=${about}${xmlns}/>\n`;
  const body = props.map((p) => `   <${p.prefix}:${p.name}>${p.content}</${p.prefix}:${p.name}>\n`).join('');
  return `  <rdf:Description rdf:about=${about}${xmlns}>\n${body}  </rdf:Description>\n`;
}

const xmpmeta = (desc: string) => `<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="MetaExtract">\n <rdf:RDF xmlns:rdf="${RDF}">\n${desc} </rdf:RDF>\n</x:xmpmeta>\n`;

/**
 * A new XMP packet (XMP Part 1 §7.3 packet wrapper, no padding) holding `tags`, for embedding in
 * a file; null when `tags` give no XMP property.
 */
export function newXmpPacket(tags: FixTags): string | null {
  const props = properties(tags);
  return props.length ? `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n${xmpmeta(description(props))}<?xpacket end="w"?>` : null;
}

/**
 * The text of a standalone `name.ext.xmp` sidecar holding `tags` (an `x:xmpmeta` document, as
 * Lightroom, darktable and digiKam read them), UTF-8 when written.
 * @throws WriteError `bad-tags` (checkTags)
 */
export function xmpSidecar(tags: FixTags): string {
  checkTags(tags);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmpmeta(description(properties(tags)))}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** The prefixes `packet` binds to the namespace `uri` (any element's `xmlns:prefix`). */
function prefixesOf(packet: string, uri: string): string[] {
  const out: string[] = [];
  for (const m of packet.matchAll(/xmlns:([A-Za-z_][\w.-]*)\s*=\s*(["'])(.*?)\2/g)) if (m[3] === uri) out.push(m[1]);
  return out;
}

/** Whether `packet` has the property as an element (`<p:name`) or an attribute (`p:name=`), under any prefix bound to its namespace. */
function hasProperty(packet: string, p: Property): boolean {
  return prefixesOf(packet, NS[p.prefix]).some((prefix) => {
    const q = escapeRegExp(`${prefix}:${p.name}`);
    return new RegExp(`<${q}[\\s/>]|\\s${q}\\s*=`).test(packet);
  });
}

/**
 * `packet` with the properties of `tags` it does not have yet (under any prefix) added as a new
 * `rdf:Description` (about the same resource as its first one) just before its last `</rdf:RDF>`;
 * every other character is kept. A property the packet has is never replaced. Null when the packet
 * already has them all.
 * @throws WriteError `corrupt` when the packet has no `</rdf:RDF>` (under any prefix bound to RDF)
 */
export function addToXmpPacket(packet: string, tags: FixTags): string | null {
  const props = properties(tags).filter((p) => !hasProperty(packet, p));
  if (props.length === 0) return null;
  let end = -1;
  let about = '""';
  for (const prefix of prefixesOf(packet, RDF)) {
    end = Math.max(end, packet.lastIndexOf(`</${prefix}:RDF>`));
    const m = new RegExp(`\\s${escapeRegExp(prefix)}:about\\s*=\\s*("[^"]*"|'[^']*')`).exec(packet);
    if (m && about === '""') about = m[1];
  }
  if (end < 0) throw new WriteError('corrupt', 'The XMP packet has no </rdf:RDF> end tag: it is not valid XMP.');
  return packet.slice(0, end) + description(props, about, true) + packet.slice(end);
}

/**
 * The text of an embedded XMP packet (UTF-8: XMP Part 3 §1.1 for JPEG, PNG and WebP), a byte
 * order mark kept, so that encoding it again gives the same bytes.
 * @throws WriteError `unsupported` when it is not valid UTF-8 (`at`: its offset in the file)
 */
export function decodePacket(body: Uint8Array, at: number): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new WriteError('unsupported', 'The XMP packet is not valid UTF-8; it is not rewritten.', at);
  }
}
