/**
 * Draw Things: JSON in the XMP `exif:UserComment` (PNG iTXt XMP, JPEG APP1 XMP) with `c` the
 * prompt, `uc` the negative prompt, `sampler`, `steps`, `scale`, `seed`, `model`, `size`
 * "512x768", `strength`, `lora` [{`file`, `weight`}], as SD Prompt Reader reads it; the XMP's
 * `xmp:CreatorTool` is "Draw Things".
 */
import { emptyGeneration, lora, settingsOf, toNumber, toSeed, toText, type Generation, type RawText } from './model';

/** True when a JSON object is Draw Things' parameters. */
export function isDrawThings(o: Record<string, unknown>): boolean {
  return typeof o.c === 'string' && ('sampler' in o || 'scale' in o || 'steps' in o);
}

/** Parses Draw Things' JSON object. */
export function parseDrawThings(o: Record<string, unknown>, raw: RawText[]): Generation {
  const g = emptyGeneration('Draw Things', raw);
  g.settings = settingsOf(o);
  g.prompt = toText(o.c);
  g.negativePrompt = toText(o.uc);
  g.sampler = toText(o.sampler);
  g.steps = toNumber(o.steps);
  g.cfgScale = toNumber(o.scale);
  g.seed = toSeed(o.seed);
  g.model = toText(o.model);
  g.size = typeof o.size === 'string' ? o.size : undefined;
  g.denoise = toNumber(o.strength);
  if (Array.isArray(o.lora)) {
    for (const l of o.lora) {
      const r = l && typeof l === 'object' ? (l as Record<string, unknown>) : {};
      const name = toText(r.file ?? r.model);
      if (name) g.loras.push(lora(name, toNumber(r.weight)));
    }
  }
  return g;
}
