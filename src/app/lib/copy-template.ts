/**
 * Where a kept file's copy goes in the folder the user picked: a template of folders with
 * `{token}`s (`{source}/{yyyy}/{mm}/`, `{camera}/…`) expanded from the file's record, the file's
 * own name appended. Each token's text is made safe as a folder or file name on every system
 * (no `/ \ : * ? " < > |`, control characters, or trailing dots and spaces); a token with no value
 * gives "Unknown …". Pure, browser-safe.
 */
import type { MetadataRecord } from '../../extractors/types';
import { embeddedDate } from '../../takeout/annotate';
import { sourceOf } from './source-facet';
import { valueText } from './tree-filter';

/** The file a copy is made of: its name, its modification time (Unix ms) and its record. */
export interface TemplateFile {
  name: string;
  lastModified?: number;
  record?: MetadataRecord;
}

/** The tokens a template may hold, with what each expands to. */
export const TEMPLATE_TOKENS: Readonly<Record<string, string>> = {
  source: 'what made the file ("ComfyUI", "Canon EOS R5", "Screenshot")',
  kind: 'the kind of source (generator, camera, phone, screenshot, editor…)',
  camera: 'the camera make and model',
  yyyy: 'the year taken (else modified)',
  mm: 'the month taken, 01–12',
  dd: 'the day taken, 01–31',
  format: 'the format ("JPEG", "PNG", "FITS")',
  ext: 'the file name extension, lower case',
};

const TOKEN = /\{([a-z]+)\}/gu;

/** The template's unknown tokens (empty when it is valid). */
export function unknownTokens(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((m) => m[1]).filter((t) => !(t in TEMPLATE_TOKENS));
}

/**
 * The copy's path for `file` under `template`: the template's folders, tokens expanded, then
 * the file's name. Empty folder segments are dropped, so `{camera}/` with no camera gives
 * "Unknown camera/name", never "/name".
 * @throws Error when the template holds an unknown token (`unknownTokens`)
 */
export function expandTemplate(template: string, file: TemplateFile): string {
  const unknown = unknownTokens(template);
  if (unknown.length) throw new Error(`Unknown template token${unknown.length > 1 ? 's' : ''}: ${unknown.map((t) => `{${t}}`).join(', ')}.`);
  const values = tokenValues(file);
  const folders = template
    .split(/[/\\]/u)
    .map((segment) => safeName(segment.replace(TOKEN, (_, t: string) => values[t])))
    .filter((s) => s !== '');
  return [...folders, safeName(file.name) || 'unnamed'].join('/');
}

/** Each token's text for `file` (see `TEMPLATE_TOKENS`). */
function tokenValues(file: TemplateFile): Record<string, string> {
  const r = file.record;
  const summary = (key: string) => {
    const f = r?.summary.find((s) => s.key === key);
    return f && f.value !== null ? valueText(f.value).trim() : '';
  };
  const source = sourceOf(r);
  const make = summary('Make');
  const model = summary('Model');
  const camera = model && make && !model.toLowerCase().startsWith(make.toLowerCase()) ? `${make} ${model}` : model || make;
  const date = takenDate(r) ?? modifiedDate(file.lastModified);
  const dot = file.name.lastIndexOf('.');
  return {
    source: source?.name ?? 'Unknown source',
    kind: source?.kind ?? 'unknown',
    camera: camera || 'Unknown camera',
    yyyy: date?.[0] ?? 'Unknown year',
    mm: date?.[1] ?? 'Unknown month',
    dd: date?.[2] ?? 'Unknown day',
    format: r?.format.name ?? 'Unknown format',
    ext: dot > 0 ? file.name.slice(dot + 1).toLowerCase() : 'no extension',
  };
}

/** Year, month and day as the photo's clock showed them (the date written, not shifted to UTC), from takeout/annotate.ts `embeddedDate`. */
function takenDate(record: MetadataRecord | undefined): [string, string, string] | undefined {
  const taken = record && embeddedDate(record);
  if (!taken) return undefined;
  const m = taken.zoned && taken.source.startsWith('QuickTime') ? null : /^(\d{4})[:-](\d\d)[:-](\d\d)/u.exec(taken.text);
  if (m) return [m[1], m[2], m[3]];
  return modifiedDate(taken.seconds * 1000, true);
}

function modifiedDate(ms: number | undefined, utc = false): [string, string, string] | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  const [y, m, day] = utc ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()] : [d.getFullYear(), d.getMonth() + 1, d.getDate()];
  return [String(y).padStart(4, '0'), String(m).padStart(2, '0'), String(day).padStart(2, '0')];
}

/** Characters no file system takes in a name (Windows' reserved set, control characters, the path separators). */
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]/gu;

/** `text` as one folder or file name: unsafe characters replaced by `_`, no leading spaces nor trailing dots and spaces (so `.` and `..` become empty). */
function safeName(text: string): string {
  return text
    .replace(UNSAFE, '_')
    .replace(/[. ]+$/u, '')
    .trimStart();
}

/** Keeps the copies' paths apart: a second file for a taken path gets " (2)" before its extension, and so on. */
export class TargetPaths {
  private taken = new Set<string>();

  /** `path`, or the first free "name (n).ext" beside it; the result is taken from now on. Case-insensitive, as many file systems are. */
  take(path: string): string {
    const slash = path.lastIndexOf('/') + 1;
    const dot = path.lastIndexOf('.');
    const [stem, ext] = dot > slash ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
    let out = path;
    for (let n = 2; this.taken.has(out.toLowerCase()); n++) out = `${stem} (${n})${ext}`;
    this.taken.add(out.toLowerCase());
    return out;
  }
}
