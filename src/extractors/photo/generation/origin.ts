/**
 * Declared origin: the IPTC Digital Source Type (IPTC Photo Metadata Standard 2023.2,
 * `Iptc4xmpExt:DigitalSourceType`, a URI of the IPTC NewsCodes "digitalsourcetype" vocabulary,
 * http://cv.iptc.org/newscodes/digitalsourcetype/), shown by its term name with the URI kept.
 */

/** The vocabulary's URI prefix. */
const SCHEME = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** Term id → name (the vocabulary's en-GB names). */
const TERMS: Record<string, string> = {
  digitalCapture: 'Digital capture sampled from real life',
  computationalCapture: 'Multi-frame computational capture sampled from real life',
  negativeFilm: 'Digitised from a negative on film',
  positiveFilm: 'Digitised from a positive on film',
  print: 'Digitised from a print on non-transparent medium',
  minorHumanEdits: 'Original media with minor human edits',
  humanEdits: 'Human-edited media',
  algorithmicallyEnhanced: 'Algorithmically-altered media',
  softwareImage: 'Digital image created by computer software',
  digitalArt: 'Digital art',
  digitalCreation: 'Digital creation',
  dataDrivenMedia: 'Data-driven media',
  trainedAlgorithmicMedia: 'Trained algorithmic media',
  algorithmicMedia: 'Pure algorithmic media',
  screenCapture: 'Screen capture',
  virtualRecording: 'Virtual recording',
  composite: 'Composite of elements',
  compositeCapture: 'Composite of captured elements',
  compositeSynthetic: 'Composite including synthetic elements',
  compositeWithTrainedAlgorithmicMedia: 'Composite with trained algorithmic media',
};

/** A Digital Source Type: its term id (the URI's last segment), name, and the URI as written. */
export interface DigitalSourceType {
  term: string;
  /** The term's name, or the term itself when the vocabulary does not list it. */
  name: string;
  uri: string;
}

/** Reads a DigitalSourceType value (the full URI, or a bare term id); undefined for an empty one. */
export function digitalSourceType(value: unknown): DigitalSourceType | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const uri = value.trim();
  const term = uri.startsWith(SCHEME) ? uri.slice(SCHEME.length).replace(/\/$/, '') : (uri.split('/').pop() ?? uri);
  const name = Object.hasOwn(TERMS, term) ? TERMS[term] : term;
  return { term, name, uri };
}
