/**
 * AUTOMATIC1111 / Forge "parameters" text (stable-diffusion-webui `create_infotext`): the prompt
 * lines, a line starting "Negative prompt:", and a last line of `Key: value` pairs separated by
 * commas (`Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Model hash: …`),
 * values holding commas written as JSON strings. LoRAs are the prompt's `<lora:name:weight>`
 * (and `<lyco:…>`) tags; embeddings the `TI hashes` names. Written in PNG `parameters` text
 * chunks and in JPEG/WebP EXIF UserComment; the same text in NovelAI/A1111 stealth alpha data.
 */
import type { FieldValue } from '../../types';
import { asString, emptyGeneration, lora, parseJson, toNumber, toSeed, type Generation, type Lora, type RawText } from './model';

/** One `Key: value` pair of the settings line; a quoted value is a JSON string. */
const PAIR = /\s*(\w[\w \-/+.()]*?):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)/g;
const STEPS_LINE = /(?:^|,\s*)Steps:\s*\d/;
const NEGATIVE = 'Negative prompt:';
const LORA_TAG = /<(lora|lyco):([^:>]+)(?::([^:>]+))?(?::[^>]*)?>/gi;

/** The settings line's pairs, in order, quoted values unquoted. */
export function settingsPairs(line: string): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const m of line.matchAll(PAIR)) {
    if (m[0].trim() === '') continue;
    let value: FieldValue = m[2].trim();
    if (value.startsWith('"')) {
      try {
        value = parseJson(value) as string;
      } catch {
        // an unterminated quote: kept as written
      }
    }
    out[m[1].trim()] = value;
  }
  return out;
}

/** LoRA tags in a prompt (`<lora:name:0.8>`), in order; a weight that is no number is left out. */
function loraTags(prompt: string): Lora[] {
  return [...prompt.matchAll(LORA_TAG)].map((m) => lora(m[2], toNumber(m[3])));
}

/**
 * Parses A1111 parameters text. Never throws: text without a settings line gives the prompt
 * parts only, and a note in `problems`.
 */
export function parseA1111(text: string, raw: RawText[]): Generation {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let settingsAt = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (STEPS_LINE.test(lines[i])) {
      settingsAt = i;
      break;
    }
  }
  const g = emptyGeneration('AUTOMATIC1111', raw);
  const promptLines = settingsAt < 0 ? lines : lines.slice(0, settingsAt);
  const neg = promptLines.findIndex((l) => l.startsWith(NEGATIVE));
  g.prompt = (neg < 0 ? promptLines : promptLines.slice(0, neg)).join('\n').trim();
  if (neg >= 0) g.negativePrompt = [promptLines[neg].slice(NEGATIVE.length), ...promptLines.slice(neg + 1)].join('\n').trim();
  g.loras = loraTags(g.prompt);
  if (settingsAt < 0) {
    g.problems.push('The parameters have no settings line ("Steps: …"); only the prompt is read.');
    return g;
  }
  const s = settingsPairs(lines.slice(settingsAt).join(', '));
  g.settings = s;
  g.steps = toNumber(s.Steps);
  g.sampler = asString(s.Sampler);
  g.scheduler = asString(s['Schedule type']);
  g.cfgScale = toNumber(s['CFG scale']);
  g.seed = toSeed(s.Seed);
  g.size = asString(s.Size);
  g.model = asString(s.Model);
  g.modelHash = asString(s['Model hash']);
  g.vae = asString(s.VAE);
  g.denoise = toNumber(s['Denoising strength']);
  g.version = asString(s.Version);
  // Forge writes its version as "f<forge version>v<webui version>…" (stable-diffusion-webui-forge).
  if (g.version && /^f\d/.test(g.version)) g.generator = 'Forge';
  for (const [k, v] of Object.entries(s)) if (k.startsWith('Hires ')) g.hires[k] = v;
  g.embeddings = hashNames(s['TI hashes']);
  for (const name of hashNames(s['Lora hashes'])) if (!g.loras.some((l) => l.name === name)) g.loras.push({ name });
  return g;
}

/** The names of a `"name: hash, name: hash"` list (A1111 `Lora hashes`, `TI hashes`). */
function hashNames(v: FieldValue | undefined): string[] {
  if (typeof v !== 'string') return [];
  return v
    .split(',')
    .map((p) => p.split(':')[0].trim())
    .filter(Boolean);
}
