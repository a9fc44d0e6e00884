/**
 * SwarmUI (formerly StableSwarmUI): a JSON object whose `sui_image_params` holds the settings
 * (`prompt`, `negativeprompt`, `model`, `seed`, `steps`, `cfgscale`, `width`, `height`,
 * `sampler`, `scheduler`, `comfyuisampler`/`autowebuisampler`, `loras` and `loraweights`,
 * `swarm_version`), written in the PNG `parameters` text chunk and the JPEG/WebP EXIF
 * UserComment (older versions: the EXIF Model tag), as SD Prompt Reader reads it.
 */
import { emptyGeneration, lora, settingsOf, sizeOf, toNumber, toSeed, toText, type Generation, type RawText } from './model';

/** The `sui_image_params` object of a parsed JSON, if any. */
export function swarmParams(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const p = o.sui_image_params;
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : undefined;
}

/** Parses SwarmUI's `sui_image_params`. */
export function parseSwarmUI(p: Record<string, unknown>, raw: RawText[]): Generation {
  const g = emptyGeneration('SwarmUI', raw);
  g.settings = settingsOf(p);
  g.prompt = toText(p.prompt);
  g.negativePrompt = toText(p.negativeprompt);
  g.model = toText(p.model);
  g.seed = toSeed(p.seed);
  g.steps = toNumber(p.steps);
  g.cfgScale = toNumber(p.cfgscale);
  g.size = sizeOf(p.width, p.height);
  g.sampler = toText(p.sampler ?? p.comfyuisampler ?? p.autowebuisampler);
  g.scheduler = toText(p.scheduler ?? p.comfyuischeduler);
  g.vae = toText(p.vae);
  g.version = toText(p.swarm_version);
  if (Array.isArray(p.loras)) {
    const weights = Array.isArray(p.loraweights) ? p.loraweights : [];
    p.loras.forEach((name, i) => {
      if (typeof name === 'string') g.loras.push(lora(name, toNumber(weights[i])));
    });
  }
  for (const [k, v] of Object.entries(g.settings)) if (k.startsWith('refiner') || k.startsWith('upscale')) g.hires[k] = v;
  return g;
}
