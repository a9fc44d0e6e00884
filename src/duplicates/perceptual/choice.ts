/**
 * The hash and threshold chosen for near duplicates by measured robustness (docs/near-duplicates.md,
 * scripts/bench/near-duplicates-robustness.ts): pHash, and pictures within a Hamming distance of
 * 8 of 64 bits are near duplicates (the largest threshold with no false pair on the test set:
 * groups are chains, so one false pair joins two groups).
 */
export { pHash as perceptualHash } from './hashes';

/** Default Hamming distance (of 64 bits) within which two hashes are near duplicates. */
export const NEAR_THRESHOLD = 8;

/** Names the perceptual hash where it is stored (the page's cache): change it when `perceptualHash` or its input changes. */
export const PERCEPTUAL_ALGORITHM = 'phash-1';
