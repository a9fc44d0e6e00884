/**
 * NovelAI's PNG text chunks (as NovelAI writes them and SD Prompt Reader / sd-parsers read them):
 * `Title` "AI generated image", `Description` the prompt, `Software` "NovelAI", `Source` the model
 * ("Stable Diffusion 1D44365E", "NovelAI Diffusion V4 …"), `Comment` JSON of the settings
 * (`steps`, `sampler`, `seed`, `scale`, `uc` the negative prompt, `width`, `height`, `prompt`…).
 * The same keys, as one JSON object, are what NovelAI hides in the alpha channel (stealth.ts).
 */
import { emptyGeneration, parseJsonObject, settingsOf, sizeOf, toNumber, toSeed, toText, type Generation, type RawText } from './model';

/** The text fields NovelAI writes, by PNG keyword (or JSON key in the stealth form). */
export type NovelAiTexts = Partial<Record<'Title' | 'Description' | 'Software' | 'Source' | 'Comment', string>>;

/** Parses NovelAI's texts. Never throws: a malformed Comment leaves a note and the raw text. */
export function parseNovelAI(t: NovelAiTexts, raw: RawText[]): Generation {
  const g = emptyGeneration('NovelAI', raw);
  g.prompt = t.Description?.trim();
  g.model = t.Source?.trim() || undefined;
  const c = t.Comment === undefined ? null : parseJsonObject(t.Comment, 'The NovelAI Comment', g.problems);
  if (!c) return g;
  g.settings = settingsOf(c);
  g.prompt = toText(c.prompt) ?? g.prompt;
  g.negativePrompt = toText(c.uc);
  g.steps = toNumber(c.steps);
  g.sampler = toText(c.sampler);
  g.scheduler = toText(c.noise_schedule);
  g.cfgScale = toNumber(c.scale);
  g.seed = toSeed(c.seed);
  g.size = sizeOf(c.width, c.height);
  g.denoise = toNumber(c.strength);
  return g;
}
