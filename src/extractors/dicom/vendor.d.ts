/**
 * Types for two untyped packages this folder uses.
 * - `dcmjs/dictionary`: dcmjs 0.52's standalone data dictionary module (a package export pointing at
 *   `generate/dictionary.mjs`): the DICOM PS3.6 dictionary plus known private tags, no imports.
 * - `dicom-character-set` 1.0: decodes DICOM text bytes per Specific Character Set.
 */
declare module 'dcmjs/dictionary' {
  /** One dictionary entry. `tag` is the key: `(GGGG,EEEE)`, a range such as `(6000-60FF,3000)`,
   * or a private tag `(GGGG,"CREATOR",EE)`. `vr` may be an ambiguous code (`xs`, `ox`, `lt`, `up`). */
  export interface DcmjsDictionaryEntry {
    tag: string;
    vr?: string;
    name?: string;
    vm?: string;
    version?: string;
  }
  export const dictionary: Record<string, DcmjsDictionaryEntry>;
  export default dictionary;
}

declare module 'dicom-character-set' {
  /**
   * Decodes `bytes` per `specificCharacterSet` (the (0008,0005) value, backslash-joined; undefined
   * = default repertoire). Throws Error('Invalid specific character set specified.') for unknown terms.
   */
  export function convertBytes(specificCharacterSet: string | undefined, bytes: Uint8Array, options?: { vr?: string }): string;
}
