/**
 * How a simulated Google Photos Takeout names its files (pure): the sidecar JSON of a media file,
 * duplicate and edited copies, the parts. The rules are those src/takeout/match.ts lists as seen in
 * real exports; here they are applied forwards, from the media file's title to the JSON's name:
 *
 * - the JSON's stem (its name less `.json`) is the title (`IMG_1.jpg`, the classic form) or the
 *   title plus `.supplemental-metadata` (exports since 2024), cut to `cut` characters (46 in most
 *   exports, so the whole name is at most 51; 47 and 51 are also seen): a long title loses its end,
 *   a shorter one part of the suffix (`IMG_1.jpg.supplemental-me.json`, `…jpg..json`);
 * - the N-th duplicate of a title in a folder is `stem(N).ext`, its JSON the stem above + `(N)`;
 * - an edited copy is `stem-edited.ext` (or a localized suffix) and has no JSON of its own.
 */
import type { MatchRule } from '../../src/takeout/match';

/** The JSON sidecar's naming scheme. */
export type SidecarScheme = 'classic' | 'supplemental';

const SUPPLEMENTAL = '.supplemental-metadata';

/** `name` with the duplicate number `n` before its extension: `IMG_1.jpg` → `IMG_1(1).jpg`. */
export function withDuplicate(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}(${n})${name.slice(dot)}` : `${name}(${n})`;
}

/** The edited copy's name: `IMG_1.jpg` → `IMG_1-edited.jpg` (`suffix` e.g. `bearbeitet`). */
export function editedName(name: string, suffix: string): string {
  const dot = name.lastIndexOf('.');
  return `${name.slice(0, dot)}-${suffix}${name.slice(dot)}`;
}

/**
 * The sidecar JSON's name for a media file titled `title` (the name it was uploaded as), with the
 * duplicate number `dup` when it is the dup-th copy of that title in its folder.
 */
export function sidecarName(title: string, scheme: SidecarScheme, cut: number, dup?: number): string {
  const stem = (scheme === 'classic' ? title : title + SUPPLEMENTAL).slice(0, cut);
  return `${stem}${dup === undefined ? '' : `(${dup})`}.json`;
}

/**
 * The form the sidecar's name took, in match.ts's words: the title whole (`exact`), with the whole
 * supplemental suffix (`supplemental`) or part of it (`supplemental-truncated`), or the title itself
 * cut (`truncated`).
 */
export function sidecarForm(title: string, scheme: SidecarScheme, cut: number): MatchRule {
  const stem = (scheme === 'classic' ? title : title + SUPPLEMENTAL).slice(0, cut);
  if (stem === title) return 'exact';
  if (stem.length < title.length) return 'truncated';
  return stem.length === title.length + SUPPLEMENTAL.length ? 'supplemental' : 'supplemental-truncated';
}

/** Google's part names: `takeout-20261207T101010Z-001.zip` for part 1 of an export made at `exported` (Unix seconds). */
export function partName(exported: number, part: number): string {
  const stamp = new Date(exported * 1000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `takeout-${stamp}-${String(part).padStart(3, '0')}.zip`;
}
