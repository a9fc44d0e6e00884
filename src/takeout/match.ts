/**
 * Google Photos Takeout: which JSON sidecar describes which media file, from the paths alone
 * (browser-safe, pure). The naming rules are those the issue lists as seen in real exports:
 *
 * - `name.ext.json` (the classic form);
 * - `name.ext.supplemental-metadata.json` (exports since 2024) and its truncations: any prefix of
 *   `.supplemental-metadata` before `.json` (`.supplemental-metad.json`, `.suppl.json`, `..json`);
 * - names cut to 46/47/51 characters: the JSON's base name is the media name (plus any suffix)
 *   cut short, matched by prefix when exactly one sidecar of the folder fits;
 * - duplicates: `name(1).ext` is described by `name.ext(1).json`;
 * - edited copies: `name-edited.ext` and its localized forms (`-bearbeitet`, `-modifié`…) have no
 *   sidecar of their own and share the original's;
 * - Live/motion photos: `IMG_X.MP4` or `.MOV` next to `IMG_X.HEIC` (or `.JPG`) shares its JSON;
 * - extension case (`.JPG` ↔ `.jpg`) and `.jpeg` ↔ `.jpg`;
 * - names compared in Unicode NFC (exports made on macOS can hold NFD names).
 *
 * Folders are compared from their `Takeout` folder on: an export comes in parts (ZIP or TGZ), each
 * holding its own `Takeout/…` tree, and a media file and its JSON can sit in different parts; macOS
 * unpacks the parts into `Takeout`, `Takeout 2`…. So `a.zip/Takeout/Google Photos/X` and
 * `b.zip/Takeout/Google Photos/X` (or `Takeout 2/Google Photos/X`) are one folder (`folderKey`).
 *
 * Order of the rules, for each media file, within its (merged) folder:
 * 1. the names the file may go by, in this order: its own name; for `name(N).ext` the original
 *    name with duplicate number N; the `.jpg`/`.jpeg` swap; for an edited copy the original's
 *    name; for a video the still photo's name (`.heic`, `.jpg`, `.jpeg`) of a Live photo;
 * 2. for each of those names, a sidecar whose base name (the JSON name less `.json`, less the
 *    duplicate number, less a `.supplemental-metadata` prefix) is that name exactly, then the
 *    same ignoring case;
 * 3. only then truncation: for each name in the same order, the one sidecar whose base name
 *    (40 characters or more) is a prefix of it. Two or more fitting sidecars are no match
 *    (ambiguous), reported among the names tried;
 * 4. last, across folders: a media file still without a sidecar (an album folder's copy whose JSON
 *    only its "Photos from YYYY" original has) shares the sidecar of the one matched file of the
 *    same export with the same name and the same size (sizes known for both).
 */

/** The naming rules a match went through, in the order applied. */
export type MatchRule = 'album-copy' | 'exact' | 'supplemental' | 'supplemental-truncated' | 'truncated' | 'duplicate' | 'edited' | 'live-photo' | 'jpeg-jpg' | 'extension-case' | 'unicode-normalized';

interface MediaMatch {
  path: string;
  /** The sidecar's path, when one matched. */
  sidecar?: string;
  /** The rules that led to it: the name rules first, then how the sidecar's name fit. */
  rules?: MatchRule[];
  /** When nothing matched: the sidecar names tried (and ambiguous truncations). */
  tried?: string[];
}

interface SidecarMatch {
  path: string;
  /** The media files it describes; empty for an orphan. */
  media: string[];
}

export interface TakeoutMatch {
  /** Every non-JSON file, keyed by path. */
  media: Map<string, MediaMatch>;
  /** Every JSON file that is not an album's `metadata.json`, keyed by path. */
  sidecars: Map<string, SidecarMatch>;
  /** Album folders: folder path → its `metadata.json` path. */
  albums: Map<string, string>;
}

const SUPPLEMENTAL = 'supplemental-metadata';
/** Suffixes of edited copies: English and the localized forms seen in exports. */
const EDITED = ['edited', 'bearbeitet', 'modifié', 'editado', 'modificato', 'bewerkt', 'edytowane', 'redigeret', 'muokattu', 'redigerad', 'upravené', 'szerkesztett'];
const EDITED_RE = new RegExp(`^(.+)-(?:${EDITED.join('|')})(\\(\\d+\\))?(\\.[^.]+)$`, 'iu');
const VIDEO = new Set(['mp4', 'mov']);
const STILLS = ['heic', 'jpg', 'jpeg'];
/** Shortest base name taken as cut (the cut names are 46 characters or more). */
const MIN_TRUNCATED = 40;

/** A folder's key for matching: its path from its last `Takeout` (or `Takeout N`) folder on, that folder named `Takeout`; the path itself when it has none. */
export function folderKey(folder: string): string {
  const segments = folder.split(/[/\\]/u);
  for (let i = segments.length - 1; i >= 0; i--) if (/^Takeout(?: \d+)?$/u.test(segments[i])) return ['Takeout', ...segments.slice(i + 1)].join('/');
  return folder;
}

/** `make` computed once per folder: an export's 100,000 files are in a few hundred folders. */
function perFolder(make: (folder: string) => string): (folder: string) => string {
  const made = new Map<string, string>();
  return (folder) => {
    let value = made.get(folder);
    if (value === undefined) made.set(folder, (value = make(folder)));
    return value;
  };
}

/** Splits a path at its last `/` or `\`. */
export function splitPath(path: string): { folder: string; name: string } {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return { folder: i < 0 ? '' : path.slice(0, i), name: path.slice(i + 1) };
}

export function isJsonName(name: string): boolean {
  return name.toLowerCase().endsWith('.json');
}

function isAlbumMetadataName(name: string): boolean {
  return name.toLowerCase() === 'metadata.json';
}

interface ParsedSidecar {
  path: string;
  /** The raw name. */
  name: string;
  /** NFC base name: less `.json`, the duplicate number and the supplemental suffix. */
  base: string;
  dup?: number;
  /** The supplemental suffix as written (`supplemental-metadata`, `suppl`, ``), if any. */
  supplemental?: string;
  /** The name less `.json` (its length tells a cut name). */
  stemLength: number;
}

/** Reads a sidecar's name into its base name, duplicate number and supplemental suffix. */
export function parseSidecarName(path: string): ParsedSidecar {
  const { name } = splitPath(path);
  let s = name.normalize('NFC').slice(0, -'.json'.length);
  const stemLength = s.length;
  let dup: number | undefined;
  const takeDup = () => {
    const m = /\((\d+)\)$/u.exec(s);
    if (m && dup === undefined) {
      dup = Number(m[1]);
      s = s.slice(0, m.index);
    }
  };
  takeDup();
  let supplemental: string | undefined;
  const dot = s.lastIndexOf('.');
  if (dot > 0) {
    const seg = s.slice(dot + 1);
    if (SUPPLEMENTAL.startsWith(seg.toLowerCase())) {
      supplemental = seg;
      s = s.slice(0, dot);
      takeDup(); // `name.ext(1).supplemental-metadata.json`
    }
  }
  return { path, name, base: s, dup, supplemental, stemLength };
}

interface Target {
  name: string;
  dup?: number;
  rules: MatchRule[];
}

/** The names a media file may go by (rule order 1). */
function targets(name: string): Target[] {
  const out: Target[] = [{ name, rules: [] }];
  const dupM = /^(.*)\((\d+)\)(\.[^.]+)$/u.exec(name);
  if (dupM) out.push({ name: dupM[1] + dupM[3], dup: Number(dupM[2]), rules: ['duplicate'] });
  for (const t of [...out]) {
    const swapped = swapJpeg(t.name);
    if (swapped) out.push({ ...t, name: swapped, rules: [...t.rules, 'jpeg-jpg'] });
  }
  const edited = EDITED_RE.exec(name);
  if (edited) {
    const original = edited[1] + edited[3];
    const dup = edited[2] ? Number(edited[2].slice(1, -1)) : undefined;
    out.push({ name: original, dup, rules: ['edited'] });
    const swapped = swapJpeg(original);
    if (swapped) out.push({ name: swapped, dup, rules: ['edited', 'jpeg-jpg'] });
  }
  const dot = name.lastIndexOf('.');
  if (dot > 0 && VIDEO.has(name.slice(dot + 1).toLowerCase())) {
    const stem = name.slice(0, dot);
    for (const ext of STILLS) out.push({ name: `${stem}.${ext}`, rules: ['live-photo'] });
  }
  return out;
}

function swapJpeg(name: string): string | undefined {
  const m = /\.(jpe?g)$/iu.exec(name);
  if (!m) return undefined;
  const ext = m[1];
  const other = ext.length === 3 ? (ext === 'JPG' ? 'JPEG' : 'jpeg') : ext === 'JPEG' ? 'JPG' : 'jpg';
  return name.slice(0, m.index + 1) + other;
}

function sidecarRule(s: ParsedSidecar): MatchRule {
  if (s.supplemental === undefined) return 'exact';
  return s.supplemental.toLowerCase() === SUPPLEMENTAL ? 'supplemental' : 'supplemental-truncated';
}

/** Matches the sidecars of one folder's files (media and JSON names all in `folder`). */
function matchFolder(media: string[], sidecars: ParsedSidecar[], out: TakeoutMatch): void {
  const byBase = new Map<string, ParsedSidecar[]>();
  const byLower = new Map<string, ParsedSidecar[]>();
  for (const s of sidecars) {
    byBase.set(s.base, [...(byBase.get(s.base) ?? []), s]);
    const lower = s.base.toLowerCase();
    byLower.set(lower, [...(byLower.get(lower) ?? []), s]);
  }
  // A classic name is preferred over a supplemental one when both exist.
  const best = (list: ParsedSidecar[] | undefined, dup: number | undefined) =>
    list?.filter((s) => s.dup === dup).sort((a, b) => Number(a.supplemental !== undefined) - Number(b.supplemental !== undefined))[0];

  const unmatched: { path: string; nfc: string; ts: Target[]; done: (s: ParsedSidecar, rules: MatchRule[]) => void }[] = [];
  for (const path of media) {
    const { name } = splitPath(path);
    const nfc = name.normalize('NFC');
    const normalized: MatchRule[] = nfc !== name ? ['unicode-normalized'] : [];
    const ts = targets(nfc);
    const done = (s: ParsedSidecar, rules: MatchRule[]) => {
      const renamed = s.name.normalize('NFC') !== s.name || normalized.length > 0;
      out.media.set(path, { path, sidecar: s.path, rules: [...rules, ...(renamed ? ['unicode-normalized' as const] : [])] });
      out.sidecars.get(s.path)!.media.push(path);
    };
    let found = false;
    for (const t of ts) {
      const s = best(byBase.get(t.name), t.dup);
      if (s) {
        done(s, [...t.rules, sidecarRule(s)]);
        found = true;
        break;
      }
      const ci = best(byLower.get(t.name.toLowerCase()), t.dup);
      if (ci) {
        done(ci, [...t.rules, sidecarRule(ci), 'extension-case']);
        found = true;
        break;
      }
    }
    if (!found) unmatched.push({ path, nfc, ts, done });
  }
  // Truncation (rule order 3), among the sidecars no full name claimed.
  const free = sidecars.filter((s) => s.stemLength >= MIN_TRUNCATED && out.sidecars.get(s.path)!.media.length === 0);
  for (const { path, nfc, ts, done } of unmatched) {
    const ambiguous: string[] = [];
    let found = false;
    for (const t of ts) {
      const full = `${t.name}.${SUPPLEMENTAL}`;
      const fits = free.filter((s) => s.dup === t.dup && s.base.length < full.length && full.startsWith(s.base));
      if (fits.length === 1) {
        done(fits[0], [...t.rules, 'truncated']);
        found = true;
        break;
      }
      if (fits.length > 1) ambiguous.push(`${t.name}: cut names fit ${fits.map((s) => s.name).join(', ')} (ambiguous)`);
    }
    if (found) continue;
    const tried = ts.flatMap((t) => {
      const dup = t.dup === undefined ? '' : `(${t.dup})`;
      return [`${t.name}${dup}.json`, `${t.name}.${SUPPLEMENTAL}${dup}.json`];
    });
    out.media.set(path, { path, tried: [...tried, `a name cut to 46–51 characters that ${nfc} starts with`, ...ambiguous] });
  }
}

/**
 * Matches the JSON sidecars among `files` (paths, and sizes in bytes where known; one entry per
 * distinct path) to the media files: every non-JSON path gets a MediaMatch, every JSON path but an
 * album's `metadata.json` a SidecarMatch (an orphan when it describes none), and every folder
 * holding a `metadata.json` is an album.
 */
export function matchSidecars(files: readonly { path: string; size?: number }[]): TakeoutMatch {
  const out: TakeoutMatch = { media: new Map(), sidecars: new Map(), albums: new Map() };
  const folders = new Map<string, { media: string[]; sidecars: ParsedSidecar[] }>();
  const keyOf = perFolder(folderKey);
  for (const { path } of files) {
    const { folder, name } = splitPath(path);
    const key = keyOf(folder);
    let f = folders.get(key);
    if (!f) folders.set(key, (f = { media: [], sidecars: [] }));
    if (!isJsonName(name)) f.media.push(path);
    else if (isAlbumMetadataName(name)) out.albums.set(folder, path);
    else {
      f.sidecars.push(parseSidecarName(path));
      out.sidecars.set(path, { path, media: [] });
    }
  }
  for (const f of folders.values()) matchFolder(f.media, f.sidecars, out);
  matchAlbumCopies(files, out);
  return out;
}

/** Rule 4: an unmatched media file shares the sidecar of the one matched file of the same export with its name and size. */
function matchAlbumCopies(files: readonly { path: string; size?: number }[], out: TakeoutMatch): void {
  // The export: everything under a `Takeout` folder; without one, the folders beside this one.
  const exportOf = perFolder((folder) => (folderKey(folder) !== folder || /^Takeout(?:\/|$)/u.test(folder) ? 'Takeout' : splitPath(folder).folder));
  const key = (path: string, size: number) => {
    const { folder, name } = splitPath(path);
    return `${exportOf(folder)}\u0000${name.normalize('NFC')}\u0000${size}`;
  };
  const sidecarsOf = new Map<string, Set<string>>();
  const sizes = new Map<string, number>();
  for (const { path, size } of files) {
    if (size === undefined) continue;
    sizes.set(path, size);
    const sidecar = out.media.get(path)?.sidecar;
    if (!sidecar) continue;
    const k = key(path, size);
    sidecarsOf.set(k, (sidecarsOf.get(k) ?? new Set()).add(sidecar));
  }
  for (const m of out.media.values()) {
    const size = sizes.get(m.path);
    if (m.sidecar || size === undefined) continue;
    const found = sidecarsOf.get(key(m.path, size));
    if (found?.size !== 1) continue;
    const [sidecar] = found;
    out.media.set(m.path, { path: m.path, sidecar, rules: ['album-copy'] });
    out.sidecars.get(sidecar)!.media.push(m.path);
  }
}

/**
 * The album titles of each sidecar's media files: the title `titleOf` gives for each album folder
 * (`match.albums`: its metadata.json's path; undefined for the folder's name) holding one of them,
 * by sidecar path (sidecars with none left out).
 */
export function albumsBySidecar(match: TakeoutMatch, titleOf: (metadataPath: string) => string | undefined): Map<string, string[]> {
  const titles = new Map<string, string>();
  for (const [folder, path] of match.albums) titles.set(folderKey(folder), titleOf(path) ?? splitPath(folder).name);
  const out = new Map<string, string[]>();
  for (const s of match.sidecars.values()) {
    const names = [...new Set(s.media.flatMap((p) => titles.get(folderKey(splitPath(p).folder)) ?? []))];
    if (names.length) out.set(s.path, names);
  }
  return out;
}

/** One line on how a media file was matched, for the record. */
export function describeRules(rules: MatchRule[]): string {
  const text: Record<MatchRule, string> = {
    'album-copy': 'a copy of a file elsewhere in the export with the same name and size, sharing its sidecar',
    exact: 'name.ext.json',
    supplemental: 'name.ext.supplemental-metadata.json',
    'supplemental-truncated': 'name.ext.supplemental-metadata.json with the suffix cut short',
    truncated: 'the JSON name cut short (the only sidecar of the folder whose name the media name starts with)',
    duplicate: 'duplicate name(N).ext → name.ext(N).json',
    edited: "edited copy sharing the original's sidecar",
    'live-photo': "Live/motion photo video sharing the still photo's sidecar",
    'jpeg-jpg': '.jpg/.jpeg swapped',
    'extension-case': 'letter case differs',
    'unicode-normalized': 'names compared in Unicode NFC',
  };
  return rules.map((r) => text[r]).join('; ');
}
