/**
 * The sniffing head, declared once at the lowest layer (this module imports nothing), so that
 * detection, the worker's prefetch and every extractor that starts from the head agree on it.
 */

/**
 * Bytes read from the start of every file for sniffing (detect.ts). The runner's HeadCachedSource
 * keeps them, so an extractor whose first read is this prefix (NetCDF, DICOM, HDF5) reads nothing
 * twice.
 */
export const HEAD_BYTES = 64 * 1024;
