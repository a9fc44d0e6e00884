/**
 * Names that decide a file's source kind (source.ts): phone makers by EXIF Make (and the Model
 * patterns that tell their phones from their cameras), image editors and generators by the
 * Software / CreatorTool / Producer text, and screenshot tools.
 */

/**
 * EXIF Make (lower case) → a test of the Model for a phone. Makers of phones only return true;
 * makers of cameras and phones (Apple, Google, Samsung, Sony) test the Model.
 */
const PHONE_MAKERS: Record<string, (model: string) => boolean> = {
  apple: (m) => /^iPhone/i.test(m),
  google: (m) => /^Pixel/i.test(m),
  samsung: (m) => /^(SM-|Galaxy|GT-|SC-|SCG|SGH-|SHV-)/i.test(m),
  sony: (m) => /^(Xperia|XQ-|SO-|SOG|[CDEFGHJ]\d{4})/i.test(m),
  huawei: () => true,
  honor: () => true,
  xiaomi: () => true,
  redmi: () => true,
  poco: () => true,
  oneplus: () => true,
  oppo: () => true,
  vivo: () => true,
  realme: () => true,
  motorola: () => true,
  'hmd global': () => true,
  nokia: (m) => /^(Nokia|TA-)/i.test(m),
  lge: () => true,
  htc: () => true,
  fairphone: () => true,
  nothing: () => true,
  asus: (m) => /^(ASUS_|ZenFone|ROG Phone)/i.test(m),
  zte: () => true,
  meizu: () => true,
  tcl: () => true,
  blackberry: () => true,
  essential: () => true,
};

/** True when an EXIF Make/Model pair is a phone's. */
export function isPhone(make: string, model: string): boolean {
  const test = PHONE_MAKERS[make.trim().toLowerCase()];
  return test !== undefined && test(model.trim());
}

/** Image editors, by a pattern of their Software / CreatorTool text. */
const EDITORS = [
  /Photoshop/i,
  /Lightroom/i,
  /\bGIMP\b/i,
  /Affinity (Photo|Designer)/i,
  /Capture One/i,
  /Pixelmator/i,
  /darktable/i,
  /RawTherapee/i,
  /Luminar/i,
  /Paint\.NET/i,
  /Snapseed/i,
  /\bKrita\b/i,
  /DxO (PhotoLab|OpticsPro)/i,
  /ACDSee/i,
  /Corel ?(PaintShop|DRAW|PHOTO-PAINT)/i,
  /Adobe Illustrator/i,
  /Canva\b/i,
  /Photopea/i,
  /Picasa/i,
  /Windows Photo Editor|Microsoft Photos/i,
];

/** True when a Software / CreatorTool text names an image editor. */
export function isEditor(software: string): boolean {
  return EDITORS.some((re) => re.test(software));
}

/** Image generators, by a pattern of their name in Software / CreatorTool / descriptions; the name to show. */
const GENERATORS: [RegExp, string][] = [
  [/Midjourney/i, 'Midjourney'],
  [/DALL[·\-. ]?E/i, 'DALL·E'],
  // ChatGPT's and the OpenAI API's images name them as their Content Credentials' claim generator.
  [/ChatGPT|OpenAI/i, 'OpenAI'],
  [/Firefly/i, 'Adobe Firefly'],
  [/Stable Diffusion|stable-diffusion/i, 'Stable Diffusion'],
  [/NovelAI/i, 'NovelAI'],
  [/ComfyUI/i, 'ComfyUI'],
  [/InvokeAI/i, 'InvokeAI'],
  [/Fooocus/i, 'Fooocus'],
  [/SwarmUI/i, 'SwarmUI'],
  [/Draw Things/i, 'Draw Things'],
  [/\bImagen\b/i, 'Imagen'],
  [/Ideogram/i, 'Ideogram'],
  [/Leonardo\.?Ai/i, 'Leonardo.Ai'],
  [/\bFLUX\b/, 'FLUX'],
  [/Bing Image Creator|Microsoft Designer/i, 'Microsoft Designer'],
];

/** The generator a text names, if any. */
export function generatorNamed(text: string): string | undefined {
  return GENERATORS.find(([re]) => re.test(text))?.[1];
}

/** Screenshot tools and marks, by a pattern of Software / UserComment text. */
const SCREENSHOT = /screen ?shot|screencapture|ShareX|Greenshot|Snipping Tool|Flameshot|Spectacle/i;

/** True when a Software or UserComment text marks a screenshot. */
export function isScreenshotMark(text: string): boolean {
  return SCREENSHOT.test(text);
}
