/**
 * The parsed form of an image generator's parameters, shared by the per-generator parsers
 * (a1111.ts, comfyui.ts, novelai.ts, invokeai.ts, fooocus.ts, swarmui.ts, easydiffusion.ts,
 * drawthings.ts) and the presentation (present.ts). Field names follow SD Prompt Reader's and
 * sd-parsers' common set; `settings` keeps every key as the generator wrote it, `raw` the texts.
 */
import type { FieldValue } from '../../types';
import { toFieldValue } from '../../fields';

/** A LoRA (or LyCORIS, hypernetwork) applied with its weight, as written in the parameters. */
export interface Lora {
  name: string;
  /** Model strength (A1111 `<lora:name:0.8>`, ComfyUI `strength_model`). */
  weight?: number;
  /** CLIP strength where the generator keeps it apart (ComfyUI `strength_clip`). */
  clipWeight?: number;
}

/** One metadata text a generator wrote, kept as written beside the parsed form. */
export interface RawText {
  /** The PNG text keyword, "UserComment", "XMP exif:UserComment"… */
  key: string;
  text: string;
  /** Where it was found ("PNG tEXt", "EXIF UserComment", "alpha channel (stealth_pngcomp)"). */
  where: string;
}

/** What a generator parser returns. Absent properties were not in the parameters. */
export interface Generation {
  /** The generator's name as its authors spell it: "AUTOMATIC1111", "ComfyUI", "NovelAI"… */
  generator: string;
  version?: string;
  prompt?: string;
  negativePrompt?: string;
  steps?: number;
  sampler?: string;
  scheduler?: string;
  cfgScale?: number;
  /** A number, or its decimal text past 2^53 (seeds are often 64-bit). */
  seed?: number | string;
  /** "WxH" in pixels. */
  size?: string;
  model?: string;
  modelHash?: string;
  vae?: string;
  denoise?: number;
  loras: Lora[];
  embeddings: string[];
  /** Hires fix / upscale settings as written ("Hires upscale": 2, "Hires upscaler": "Latent"…). */
  hires: Record<string, FieldValue>;
  /** Every setting as the generator wrote it (its own keys). */
  settings: Record<string, FieldValue>;
  /** ComfyUI's node graph, when the parameters are one. */
  graph?: GraphSummary;
  raw: RawText[];
  /** What could not be parsed; the raw text is kept. */
  problems: string[];
}

/** A ComfyUI `prompt` graph: its nodes' class types and the sampler and loader nodes' settings. */
export interface GraphSummary {
  nodeCount: number;
  /** Sorted, without repeats. */
  classTypes: string[];
  samplers: { id: string; classType: string; settings: Record<string, FieldValue>; positive?: string; negative?: string }[];
  loaders: { id: string; classType: string; name: string; weight?: number; clipWeight?: number }[];
  /** Nodes in the `workflow` JSON (the editor's layout), when present. */
  workflowNodes?: number;
}

/** A Lora with only the weights that were given (absent, not undefined: the record shows no empty weight). */
export function lora(name: string, weight?: number, clipWeight?: number): Lora {
  return { name, ...(weight !== undefined ? { weight } : {}), ...(clipWeight !== undefined ? { clipWeight } : {}) };
}

/** An empty Generation for `generator`, with the raw texts it is parsed from. */
export function emptyGeneration(generator: string, raw: RawText[]): Generation {
  return { generator, loras: [], embeddings: [], hires: {}, settings: {}, raw, problems: [] };
}

/** Integers of 16 or more digits outside strings: JSON.parse would round those past 2^53. */
const BIG_INT = /"(?:[^"\\]|\\.)*"|(-?\d{16,})(?![.\deE])/g;

/**
 * JSON.parse keeping integers past 2^53 as their decimal text (a 64-bit seed stays exact), with
 * no prototype keys set from the text (JSON.parse defines own properties). Throws SyntaxError.
 */
export function parseJson(text: string): unknown {
  const kept = text.replace(BIG_INT, (m, digits: string | undefined) => (digits !== undefined && !Number.isSafeInteger(Number(digits)) ? `"${digits}"` : m));
  return JSON.parse(kept);
}

/** `parseJson` for text that should hold an object: the object, or null (and why, in `problems`). */
export function parseJsonObject(text: string, what: string, problems: string[]): Record<string, unknown> | null {
  try {
    const v = parseJson(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    problems.push(`${what} is JSON but not an object; it is kept as written.`);
  } catch (e) {
    problems.push(`${what} is not valid JSON (${e instanceof Error ? e.message : String(e)}); it is kept as written.`);
  }
  return null;
}

/** A finite number from a number or numeric text, else undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A seed: a safe integer as a number, a longer integer as its text. */
export function toSeed(v: unknown): number | string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) {
    const n = Number(v.trim());
    return Number.isSafeInteger(n) ? n : v.trim();
  }
  return undefined;
}

/** A string value as written (not trimmed), else undefined. */
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Text of a string value (trimmed), else undefined. */
export function toText(v: unknown): string | undefined {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

/** "WxH" from a width and a height, when both are numbers. */
export function sizeOf(w: unknown, h: unknown): string | undefined {
  const a = toNumber(w);
  const b = toNumber(h);
  return a !== undefined && b !== undefined ? `${a}x${b}` : undefined;
}

/** `settings` from a JSON object: every key as written but `skip`, values as FieldValues (fields.ts `toFieldValue`: depth and array length bounded). */
export function settingsOf(obj: Record<string, unknown>, skip: readonly string[] = []): Record<string, FieldValue> {
  return Object.fromEntries(
    Object.entries(obj)
      .filter(([k]) => !skip.includes(k))
      .map(([k, v]) => [k, toFieldValue(v)]),
  );
}
