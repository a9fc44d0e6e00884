/**
 * Decides which generator wrote an image's metadata and parses it, from what the photo walkers
 * collected: PNG text chunks (tEXt/zTXt/iTXt, by keyword), JPEG COM segments, the EXIF
 * UserComment (and IFD0 Model), the XMP `exif:UserComment` and `dc:description`, and the text
 * read from a PNG's alpha channel (stealth.ts). The rules follow SD Prompt Reader's order
 * (image_data_reader.py) and the corpus README's: SwarmUI/Fooocus JSON or A1111 text in
 * `parameters`; InvokeAI's chunks; NovelAI's `Software`; Easy Diffusion's keys; ComfyUI's
 * `prompt`/`workflow`; Fooocus's older `Comment`; Midjourney's "Job ID"; then the EXIF
 * UserComment (SwarmUI, Easy Diffusion, Fooocus JSON, or A1111 text), Draw Things' XMP, and the
 * alpha channel (NovelAI JSON or A1111 text).
 */
import { parseA1111 } from './a1111';
import { parseComfyUI } from './comfyui';
import { parseDrawThings, isDrawThings } from './drawthings';
import { isEasyDiffusion, parseEasyDiffusion } from './easydiffusion';
import { isFooocus, parseFooocus } from './fooocus';
import { parseInvokeAI, type InvokeAiTexts } from './invokeai';
import { isMidjourney, parseMidjourney } from './midjourney';
import { emptyGeneration, parseJsonObject, type Generation, type RawText } from './model';
import { parseNovelAI, type NovelAiTexts } from './novelai';
import { parseSwarmUI, swarmParams } from './swarmui';

/** The metadata texts an image carries, as the photo walkers found them. */
export interface GenerationInput {
  /** Text metadata in file order: PNG text chunks by keyword, JPEG COM segments as "Comment". */
  texts: RawText[];
  /** EXIF UserComment, decoded (exif.ts `decodeUserComment`). */
  userComment?: string;
  /** EXIF IFD0 Model (older SwarmUI wrote its JSON there). */
  exifModel?: string;
  /** XMP exif:UserComment (Draw Things). */
  xmpUserComment?: string;
  /** XMP dc:description (Midjourney). */
  xmpDescription?: string;
  /** Text read from a PNG's alpha channel (stealth.ts). */
  stealth?: RawText;
}

/** InvokeAI's text chunk keywords (invokeai.ts). */
const INVOKE_KEYS = ['invokeai_metadata', 'sd-metadata', 'Dream'];

/** A JSON object, or null for anything else (no throw; not being JSON is no problem here). */
function jsonObject(text: string | undefined): Record<string, unknown> | null {
  return text !== undefined && /^\s*\{/.test(text) ? parseJsonObject(text, 'The text', []) : null;
}

/** Texts by key, as the parsers that take several (InvokeAI, NovelAI, Easy Diffusion) want them. */
function byKey(raw: RawText[]): Record<string, string> {
  return Object.fromEntries(raw.map((t) => [t.key, t.text]));
}

/** A parser chosen for an input: the generator it names (for the fallback) and the parse. */
interface Choice {
  generator: string;
  raw: RawText[];
  parse: () => Generation;
}

/** A JSON object or text from one place (parameters, UserComment, alpha channel) → its parser. */
function fromParametersText(r: RawText, extra: RawText[], texts: Map<string, RawText>): Choice {
  const raw = [r, ...extra];
  const o = jsonObject(r.text);
  const swarm = o && swarmParams(o);
  if (swarm) return { generator: 'SwarmUI', raw, parse: () => parseSwarmUI(swarm, raw) };
  if (o && (texts.has('fooocus_scheme') || isFooocus(o))) return { generator: 'Fooocus', raw, parse: () => parseFooocus(o, raw) };
  if (o && isEasyDiffusion(Object.keys(o))) return { generator: 'Easy Diffusion', raw, parse: () => parseEasyDiffusion(o, raw) };
  if (o && ('Comment' in o || 'Description' in o)) return { generator: 'NovelAI', raw, parse: () => parseNovelAI(o as NovelAiTexts, raw) };
  return {
    generator: 'AUTOMATIC1111',
    raw,
    parse: () => {
      const g = parseA1111(r.text, raw);
      if (g.version?.startsWith('Fooocus')) g.generator = 'Fooocus';
      const prompt = texts.get('prompt');
      if (prompt) {
        // ComfyUI nodes that also write A1111-style parameters: the graph says which tool ran.
        const comfy = parseComfyUI(prompt.text, texts.get('workflow')?.text, raw);
        if (comfy.graph) {
          g.generator = 'ComfyUI';
          g.graph = comfy.graph;
        }
      }
      return g;
    },
  };
}

function choose(input: GenerationInput): Choice | null {
  const texts = new Map<string, RawText>();
  for (const t of input.texts) if (!texts.has(t.key)) texts.set(t.key, t);
  const pick = (...keys: string[]) => keys.map((k) => texts.get(k)).filter((t): t is RawText => t !== undefined);
  const parameters = texts.get('parameters');
  if (parameters) return fromParametersText(parameters, pick('prompt', 'workflow', 'fooocus_scheme'), texts);
  const invoke = input.texts.filter((t) => INVOKE_KEYS.includes(t.key));
  if (invoke.length) return { generator: 'InvokeAI', raw: invoke, parse: () => parseInvokeAI(byKey(invoke) as InvokeAiTexts, invoke) };
  if (texts.get('Software')?.text.trim() === 'NovelAI') {
    const raw = pick('Title', 'Description', 'Software', 'Source', 'Comment');
    return { generator: 'NovelAI', raw, parse: () => parseNovelAI(byKey(raw) as NovelAiTexts, raw) };
  }
  if (isEasyDiffusion([...texts.keys()])) {
    const raw = [...texts.values()].filter((t) => t.key !== 'XML:com.adobe.xmp');
    return { generator: 'Easy Diffusion', raw, parse: () => parseEasyDiffusion(byKey(raw), raw) };
  }
  if (texts.has('prompt') || texts.has('workflow')) {
    const raw = pick('prompt', 'workflow');
    return { generator: 'ComfyUI', raw, parse: () => parseComfyUI(texts.get('prompt')?.text, texts.get('workflow')?.text, raw) };
  }
  const comment = texts.get('Comment');
  const fooocusComment = jsonObject(comment?.text);
  if (comment && fooocusComment && isFooocus(fooocusComment)) return { generator: 'Fooocus', raw: [comment], parse: () => parseFooocus(fooocusComment, [comment]) };
  const description = texts.get('Description') ?? (input.xmpDescription !== undefined ? { key: 'dc:description', text: input.xmpDescription, where: 'XMP' } : undefined);
  if (description && isMidjourney(description.text)) {
    const raw = [description, ...pick('Author')];
    return { generator: 'Midjourney', raw, parse: () => parseMidjourney(description.text, texts.get('Author')?.text, raw) };
  }
  const uc = input.userComment;
  if (uc !== undefined && (jsonObject(uc) || /(?:^|\n|,\s*)Steps:\s*\d/.test(uc))) return fromParametersText({ key: 'UserComment', text: uc, where: 'EXIF' }, [], texts);
  const model = jsonObject(input.exifModel);
  const swarm = model && swarmParams(model);
  if (swarm) {
    const raw = [{ key: 'Model', text: input.exifModel!, where: 'EXIF IFD0' }];
    return { generator: 'SwarmUI', raw, parse: () => parseSwarmUI(swarm, raw) };
  }
  const dt = jsonObject(input.xmpUserComment);
  if (dt && isDrawThings(dt)) {
    const raw = [{ key: 'exif:UserComment', text: input.xmpUserComment!, where: 'XMP' }];
    return { generator: 'Draw Things', raw, parse: () => parseDrawThings(dt, raw) };
  }
  if (input.stealth) return fromParametersText(input.stealth, [], texts);
  return null;
}

/**
 * The generation parameters an image carries, parsed, or null when it carries none that a known
 * generator wrote. Never throws: a parser's failure gives the chosen generator with its raw texts
 * and the failure in `problems`.
 */
export function findGeneration(input: GenerationInput): Generation | null {
  const choice = choose(input);
  if (!choice) return null;
  try {
    return choice.parse();
  } catch (e) {
    const g = emptyGeneration(choice.generator, choice.raw);
    g.problems.push(`The ${choice.generator} parameters could not be parsed (${e instanceof Error ? e.message : String(e)}); they are kept as written.`);
    return g;
  }
}
