/**
 * InvokeAI's three historic PNG layouts (as SD Prompt Reader and sd-parsers read them):
 * - v3 and later: `invokeai_metadata`, a JSON object (`positive_prompt`, `negative_prompt`,
 *   `seed`, `steps`, `cfg_scale`, `scheduler`, `width`, `height`, `model` {`model_name`|`name`,
 *   `hash`}, `loras` [{`lora`|`model` {…name}, `weight`}], `app_version`, `hrf_*`);
 * - v2: `sd-metadata`, JSON with `model_weights`, `model_hash`, `app_version` and an `image`
 *   object (`prompt` text or [{`prompt`, `weight`}], `steps`, `cfg_scale`, `sampler`, `seed`,
 *   `width`, `height`, `hires_fix`, `postprocessing`), usually beside a `Dream` chunk;
 * - v1: `Dream` alone, a command line: `"prompt [negative]" -s 50 -S 42 -W 512 -H 768 -C 7.5 -A k_lms`.
 * A negative prompt in v1/v2 is the prompt's trailing `[…]`.
 */
import type { FieldValue } from '../../types';
import { toFieldValue } from '../../fields';
import { emptyGeneration, lora, parseJsonObject, settingsOf, sizeOf, toNumber, toSeed, toText, type Generation, type RawText } from './model';

/** InvokeAI's texts by PNG keyword. */
export type InvokeAiTexts = Partial<Record<'invokeai_metadata' | 'sd-metadata' | 'Dream', string>>;

/** "positive [negative]" → its two parts (InvokeAI v1/v2 prompt syntax). */
export function splitBracketPrompt(prompt: string): { positive: string; negative?: string } {
  const m = /^([\s\S]*?)\[([^[\]]*)\]\s*$/.exec(prompt);
  return m ? { positive: m[1].trim(), negative: m[2].trim() } : { positive: prompt.trim() };
}

/** A model reference: a name string or an object with `model_name`/`name` (InvokeAI v3+). */
function modelName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return toText(o.model_name) ?? toText(o.name);
  }
  return undefined;
}

/** Dream command-line switches (`-s 50 -S 42 …`) by letter. */
const DREAM_SWITCH = /(?:^|\s)-(\w+)\s+([^\s-][^\s]*|-\d[^\s]*)/g;

function parseDream(text: string, g: Generation): void {
  const m = /^\s*"([\s\S]*?)"\s*([\s\S]*)$/.exec(text);
  if (!m) {
    g.problems.push('The InvokeAI Dream text has no quoted prompt; it is kept as written.');
    return;
  }
  const { positive, negative } = splitBracketPrompt(m[1]);
  g.prompt = positive;
  g.negativePrompt = negative;
  const s: Record<string, FieldValue> = {};
  for (const [, k, v] of m[2].matchAll(DREAM_SWITCH)) s[k] = v;
  g.settings = s;
  g.steps = toNumber(s.s);
  g.seed = toSeed(s.S);
  g.cfgScale = toNumber(s.C);
  g.sampler = toText(s.A);
  g.size = sizeOf(s.W, s.H);
}

function parseSdMetadata(text: string, g: Generation): boolean {
  const o = parseJsonObject(text, 'The InvokeAI sd-metadata', g.problems);
  if (!o) return false;
  g.settings = settingsOf(o);
  g.model = toText(o.model_weights);
  g.modelHash = toText(o.model_hash);
  g.version = toText(o.app_version);
  const image = o.image && typeof o.image === 'object' ? (o.image as Record<string, unknown>) : {};
  const p = Array.isArray(image.prompt) ? (image.prompt[0] as Record<string, unknown> | undefined)?.prompt : image.prompt;
  if (typeof p === 'string') {
    const { positive, negative } = splitBracketPrompt(p);
    g.prompt = positive;
    g.negativePrompt = negative;
  }
  g.steps = toNumber(image.steps);
  g.cfgScale = toNumber(image.cfg_scale);
  g.sampler = toText(image.sampler);
  g.seed = toSeed(image.seed);
  g.size = sizeOf(image.width, image.height);
  g.denoise = toNumber(image.strength);
  if (image.hires_fix !== undefined) g.hires.hires_fix = toFieldValue(image.hires_fix);
  if (Array.isArray(image.postprocessing) && image.postprocessing.length) g.hires.postprocessing = toFieldValue(image.postprocessing);
  return true;
}

function parseInvokeMetadata(text: string, g: Generation): void {
  const o = parseJsonObject(text, 'The InvokeAI invokeai_metadata', g.problems);
  if (!o) return;
  g.settings = settingsOf(o);
  g.prompt = toText(o.positive_prompt);
  g.negativePrompt = toText(o.negative_prompt);
  g.steps = toNumber(o.steps);
  g.cfgScale = toNumber(o.cfg_scale);
  g.scheduler = toText(o.scheduler);
  g.seed = toSeed(o.seed);
  g.size = sizeOf(o.width, o.height);
  g.model = modelName(o.model);
  g.modelHash = o.model && typeof o.model === 'object' ? toText((o.model as Record<string, unknown>).hash) : undefined;
  g.vae = modelName(o.vae);
  g.version = toText(o.app_version);
  g.denoise = toNumber(o.strength);
  if (Array.isArray(o.loras)) {
    for (const l of o.loras) {
      if (!l || typeof l !== 'object') continue;
      const r = l as Record<string, unknown>;
      const name = modelName(r.lora ?? r.model);
      if (name) g.loras.push(lora(name, toNumber(r.weight)));
    }
  }
  for (const [k, v] of Object.entries(g.settings)) if (k.startsWith('hrf_')) g.hires[k] = v;
}

/** Parses InvokeAI's texts, newest layout first. Never throws. */
export function parseInvokeAI(t: InvokeAiTexts, raw: RawText[]): Generation {
  const g = emptyGeneration('InvokeAI', raw);
  if (t.invokeai_metadata !== undefined) parseInvokeMetadata(t.invokeai_metadata, g);
  else if (t['sd-metadata'] !== undefined && parseSdMetadata(t['sd-metadata'], g)) return g;
  else if (t.Dream !== undefined) parseDream(t.Dream, g);
  return g;
}
