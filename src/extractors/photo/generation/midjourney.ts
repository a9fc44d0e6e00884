/**
 * Midjourney: the prompt with its `--parameter value` switches and "Job ID: <uuid>" in the PNG
 * `Description` text chunk or the XMP `dc:description` (Midjourney's downloads; `Author` holds the
 * user name). The switches (`--ar 16:9 --v 6.0 --s 250 --seed 42 --no text`) are the settings;
 * `--v`/`--niji` the version.
 */
import type { FieldValue } from '../../types';
import { emptyGeneration, toSeed, type Generation, type RawText } from './model';

const JOB_ID = /\s*Job ID:\s*([0-9a-f-]{8,})\s*$/i;
const SWITCH = /--(\w+)(?:\s+((?!--)[^\s]+(?:\s+(?!--)[^\s]+)*?))?(?=\s+--|\s*$)/g;

/** True when a description text carries a Midjourney job id. */
export function isMidjourney(text: string): boolean {
  return JOB_ID.test(text);
}

/** Parses a Midjourney description. */
export function parseMidjourney(text: string, author: string | undefined, raw: RawText[]): Generation {
  const g = emptyGeneration('Midjourney', raw);
  const job = JOB_ID.exec(text);
  let body = job ? text.slice(0, job.index) : text;
  const first = body.indexOf(' --');
  const settings: Record<string, FieldValue> = {};
  if (first >= 0) {
    for (const m of body.slice(first).matchAll(SWITCH)) settings[m[1]] = m[2] ?? true;
    body = body.slice(0, first);
  }
  g.prompt = body.trim();
  if (job) settings['Job ID'] = job[1];
  if (author) settings.Author = author;
  g.settings = settings;
  g.seed = toSeed(settings.seed);
  if (typeof settings.no === 'string') g.negativePrompt = settings.no;
  const v = settings.v ?? settings.version;
  g.version = typeof v === 'string' ? v : typeof settings.niji === 'string' ? `niji ${settings.niji}` : undefined;
  return g;
}
