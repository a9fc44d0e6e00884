/**
 * Fooocus: its `parameters` PNG text chunk (and JPEG/WebP EXIF UserComment) as JSON with
 * `"metadata_scheme": "fooocus"` (Fooocus 2.2 and later, with a `fooocus_scheme` chunk beside it
 * in PNG): `prompt`, `negative_prompt`, `steps`, `seed` (text), `sampler`, `scheduler`,
 * `guidance_scale`, `base_model`, `base_model_hash`, `resolution` "(768, 1280)", `loras`
 * [[name, weight]…], `version` "Fooocus v2.4.3"; and the older form, JSON in a `Comment` chunk
 * (`resolution` as [w, h] or `width`/`height`, `cfg`), as SD Prompt Reader reads it.
 */
import { emptyGeneration, lora, settingsOf, sizeOf, toNumber, toSeed, toText, type Generation, type RawText } from './model';

/** True when a JSON object looks like Fooocus's parameters. */
export function isFooocus(o: Record<string, unknown>): boolean {
  return o.metadata_scheme === 'fooocus' || (typeof o.version === 'string' && o.version.startsWith('Fooocus')) || ('base_model' in o && 'performance' in o);
}

/** "(768, 1280)", "768x1280" or [768, 1280] → "768x1280". */
function resolution(v: unknown): string | undefined {
  if (Array.isArray(v) && v.length === 2) return sizeOf(v[0], v[1]);
  const m = typeof v === 'string' ? /^\(?\s*(\d+)\s*[,x×]\s*(\d+)\s*\)?$/.exec(v.trim()) : null;
  return m ? `${m[1]}x${m[2]}` : undefined;
}

/** Parses a Fooocus JSON object (already parsed). */
export function parseFooocus(o: Record<string, unknown>, raw: RawText[]): Generation {
  const g = emptyGeneration('Fooocus', raw);
  g.settings = settingsOf(o);
  g.prompt = toText(o.prompt);
  g.negativePrompt = toText(o.negative_prompt);
  g.steps = toNumber(o.steps);
  g.sampler = toText(o.sampler);
  g.scheduler = toText(o.scheduler);
  g.cfgScale = toNumber(o.guidance_scale ?? o.cfg);
  g.seed = toSeed(o.seed);
  g.size = resolution(o.resolution) ?? sizeOf(o.width, o.height);
  g.model = toText(o.base_model);
  g.modelHash = toText(o.base_model_hash);
  g.vae = toText(o.vae);
  g.version = toText(o.version);
  if (Array.isArray(o.loras)) {
    for (const l of o.loras) {
      if (Array.isArray(l) && typeof l[0] === 'string') g.loras.push(lora(l[0], toNumber(l[1])));
    }
  }
  for (const k of ['upscale_method', 'uov_method']) if (o[k] !== undefined) g.hires[k] = g.settings[k];
  return g;
}
