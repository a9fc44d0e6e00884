/**
 * exifr's API, taken from its default export: Vite resolves exifr's ESM build, while Node/vitest
 * load its UMD `main`, whose named exports Node cannot detect. Both default exports carry the
 * whole API (Exifr, tagKeys, tagValues, segmentParsers).
 */
import exifrDefault from 'exifr';
import type * as ExifrApi from 'exifr';

const lib = exifrDefault as unknown as typeof ExifrApi;

export const Exifr = lib.Exifr;
export const tagKeys = lib.tagKeys;
export const tagValues = lib.tagValues;
export const segmentParsers = lib.segmentParsers;
