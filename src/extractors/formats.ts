/**
 * Every format MetaExtract reads, in detection priority order, as plain data (each folder's
 * `format.ts`): the page and vite.config.ts read this without loading any extractor code.
 * Adding a format starts here (docs/ARCHITECTURE.md "Adding a format"); the type checker then asks
 * for its code in registry.ts and its test hooks (`FormatId`-keyed records).
 */
import type { FormatInfo } from './format-info';
import { format as fits } from './fits/format';
import { format as dicom } from './dicom/format';
import { format as netcdf } from './netcdf/format';
import { format as hdf5 } from './hdf5/format';
import { format as raw } from './raw/format';
import { format as geotiff } from './geotiff/format';
import { format as photo } from './photo/format';
import { format as media } from './media/format';
import { format as pdf } from './pdf/format';

// pdf last: every other sniffer wants its magic at a fixed offset, which `%PDF-` never matches,
// so nothing shadows a PDF, and a file of another format with `%PDF-` in its first KiB stays that format.
export const FORMATS = [fits, dicom, netcdf, hdf5, raw, geotiff, photo, media, pdf] as const satisfies readonly FormatInfo[];

/** A format's registry id. */
export type FormatId = (typeof FORMATS)[number]['id'];
