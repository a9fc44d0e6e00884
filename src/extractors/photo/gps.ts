/**
 * GPS IFD coordinates (EXIF 2.32 §4.6.6, Table 15): GPSLatitude, GPSLongitude, GPSDestLatitude and
 * GPSDestLongitude are 3 RATIONALs (degrees, minutes, seconds) with the hemisphere in the matching
 * Ref tag. Real files also carry ASCII text ("51 30 0.0", "51,30.5N", `51 deg 30' 0.00" N`), 1 or 2
 * numbers, negative (SRATIONAL) degrees and zero denominators; these are read as ExifTool reads
 * them (GPS.pm `ToDegrees`: the first three numbers of the value are degrees, minutes and
 * seconds), except that a text "n/d" is the fraction n÷d (ExifTool takes n and d as two numbers)
 * and a negative value keeps its size (ExifTool adds the minutes to the negative degrees).
 */

/** GPS IFD tags holding a coordinate: GPSLatitude, GPSLongitude, GPSDestLatitude, GPSDestLongitude. */
export const COORDINATE_TAGS = new Set([0x0002, 0x0004, 0x0014, 0x0016]);

/** A coordinate as read from the file. */
export interface GpsCoordinate {
  /** Decimal degrees, negative when the stored value is; null when it cannot be read. */
  degrees: number | null;
  /** How the stored value departs from 3 non-negative RATIONALs ("is ASCII text …"); absent when it does not. */
  deviation?: string;
}

/** A number, or a fraction "n/d", as ExifTool's number pattern finds them in text. */
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]\d+)?(?:\s*\/\s*(?:\d+(?:\.\d*)?|\.\d+))?/g;

/**
 * Reads a coordinate value as exifr returns it (a number, a list of numbers with ±Infinity/NaN for
 * zero denominators, or a string). Returns undefined for other shapes (left to the caller).
 */
export function readCoordinate(v: unknown): GpsCoordinate | undefined {
  if (typeof v === 'string') return fromText(v);
  const parts = typeof v === 'number' ? [v] : ArrayBuffer.isView(v) || Array.isArray(v) ? Array.from(v as ArrayLike<unknown>) : [];
  if (parts.length < 1 || parts.length > 3 || !parts.every((x) => typeof x === 'number')) return undefined;
  const nums = parts as number[];
  if (!nums.every(Number.isFinite)) return { degrees: null, deviation: 'has a zero denominator' };
  const deviations: string[] = [];
  if (nums.length !== 3) deviations.push(`has ${nums.length} value${nums.length === 1 ? '' : 's'} instead of 3`);
  const degrees = toDegrees(nums);
  if (degrees < 0) deviations.push('is negative');
  return { degrees, ...(deviations.length ? { deviation: deviations.join(' and ') } : {}) };
}

function fromText(text: string): GpsCoordinate {
  const deviation = `is ASCII text ${JSON.stringify(text)} instead of 3 RATIONALs`;
  const nums = (text.match(NUMBER) ?? []).slice(0, 3).map((token) => {
    const [n, d] = token.split('/');
    return d === undefined ? Number(n) : Number(n) / Number(d);
  });
  if (nums.length === 0 || !nums.every(Number.isFinite)) return { degrees: null, deviation };
  return { degrees: toDegrees(nums), deviation };
}

/** Degrees + minutes/60 + seconds/3600, negative when any part is (also "-0 7 39.6"). */
function toDegrees([d, m = 0, s = 0]: number[]): number {
  const size = Math.abs(d) + Math.abs(m) / 60 + Math.abs(s) / 3600;
  return [d, m, s].some((x) => x < 0 || Object.is(x, -0)) ? -size : size;
}
