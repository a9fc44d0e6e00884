/**
 * Easy Diffusion: one PNG text chunk per setting (`prompt`, `negative_prompt`, `seed`,
 * `use_stable_diffusion_model` (a path), `sampler_name`, `num_inference_steps`,
 * `guidance_scale`, `width`, `height`, `clip_skip`, `use_vae_model`, `use_lora_model`,
 * `lora_alpha`, `use_upscale`, `upscale_amount`…), or the same keys as JSON in the JPEG/WebP EXIF
 * UserComment; older versions spell them "Prompt", "Negative Prompt", "Stable Diffusion model",
 * "Sampler", "Steps", "Guidance Scale", "Seed", "Width", "Height" (SD Prompt Reader's two
 * mapping tables).
 */
import { emptyGeneration, lora, settingsOf, sizeOf, toNumber, toSeed, toText, type Generation, type RawText } from './model';

/** Our field ← [current key, older key]. */
const KEYS = {
  prompt: ['prompt', 'Prompt'],
  negative: ['negative_prompt', 'Negative Prompt'],
  model: ['use_stable_diffusion_model', 'Stable Diffusion model'],
  sampler: ['sampler_name', 'Sampler'],
  steps: ['num_inference_steps', 'Steps'],
  cfg: ['guidance_scale', 'Guidance Scale'],
  seed: ['seed', 'Seed'],
  width: ['width', 'Width'],
  height: ['height', 'Height'],
  vae: ['use_vae_model', 'VAE model'],
} as const;

/** True when a key set (PNG keywords or JSON keys) is Easy Diffusion's. */
export function isEasyDiffusion(keys: readonly string[]): boolean {
  return keys.includes('negative_prompt') || keys.includes('Negative Prompt') || keys.includes('use_stable_diffusion_model') || keys.includes('Stable Diffusion model');
}

/** The file name of a model path (Windows or POSIX), as Easy Diffusion writes full paths. */
function baseName(path: string | undefined): string | undefined {
  return path?.split(/[\\/]/).pop();
}

/** Parses Easy Diffusion's settings (PNG keywords or JSON keys → values). */
export function parseEasyDiffusion(o: Record<string, unknown>, raw: RawText[]): Generation {
  const g = emptyGeneration('Easy Diffusion', raw);
  const get = (k: keyof typeof KEYS) => o[KEYS[k][0]] ?? o[KEYS[k][1]];
  g.settings = settingsOf(o);
  g.prompt = toText(get('prompt'));
  g.negativePrompt = toText(get('negative'));
  g.model = baseName(toText(get('model')));
  g.sampler = toText(get('sampler'));
  g.steps = toNumber(get('steps'));
  g.cfgScale = toNumber(get('cfg'));
  g.seed = toSeed(get('seed'));
  g.size = sizeOf(get('width'), get('height'));
  g.vae = baseName(toText(get('vae')));
  const loraFile = toText(o.use_lora_model);
  if (loraFile) g.loras.push(lora(baseName(loraFile)!, toNumber(o.lora_alpha)));
  for (const k of ['use_upscale', 'upscale_amount']) if (o[k] !== undefined) g.hires[k] = g.settings[k];
  return g;
}
