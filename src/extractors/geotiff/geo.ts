/**
 * Affine georeferencing as GDAL computes it (GDAL 3.6 GTiffDataset::LookForProjection /
 * GetGeoTransform; GeoTIFF 1.1 §6.3 "raster to model transformation"): from ModelTransformation
 * (34264, may rotate), or from one ModelTiepoint (33922) + ModelPixelScale (33550). With
 * GTRasterTypeGeoKey = PixelIsPoint the origin moves half a pixel up-left (GDAL's default,
 * GTIFF_POINT_GEO_IGNORE=NO, RFC 33).
 */

/** GDAL geotransform [originX, pixelW, rowRot, originY, colRot, pixelH]. */
export type GeoTransform = [number, number, number, number, number, number];

/** Where the transform came from. */
export type TransformSource = 'ModelTransformation' | 'ModelTiepoint+ModelPixelScale';

/**
 * GDAL's geotransform, or null when the tags do not define one (no tags, tie points without a
 * pixel scale = ground control points, or non-finite values). Order as GDAL 3.6
 * (GTiffDataset::LoadGeoreferencingAndPamIfNeeded): a ModelPixelScale with non-zero X and Y and
 * at least one tie point win, the first tie point anchoring the grid (further tie points and a
 * ModelTransformation are then ignored); otherwise ModelTransformation.
 */
export function geoTransform(
  tiepoint: ArrayLike<number> | undefined,
  scale: ArrayLike<number> | undefined,
  transformation: ArrayLike<number> | undefined,
  pixelIsPoint: boolean,
): { gt: GeoTransform; source: TransformSource } | null {
  let gt: GeoTransform | null = null;
  let source: TransformSource | null = null;
  if (tiepoint && tiepoint.length >= 6 && scale && scale.length >= 2 && scale[0] !== 0 && scale[1] !== 0) {
    const sx = scale[0];
    const sy = -Math.abs(scale[1]);
    gt = [tiepoint[3] - tiepoint[0] * sx, sx, 0, tiepoint[4] - tiepoint[1] * sy, 0, sy];
    source = 'ModelTiepoint+ModelPixelScale';
  } else if (transformation && transformation.length >= 16) {
    const m = transformation;
    gt = [m[3], m[0], m[1], m[7], m[4], m[5]];
    source = 'ModelTransformation';
  }
  if (!gt || !source || !gt.every(Number.isFinite)) return null;
  if (pixelIsPoint) {
    gt[0] -= gt[1] * 0.5 + gt[2] * 0.5;
    gt[3] -= gt[4] * 0.5 + gt[5] * 0.5;
  }
  return { gt, source };
}

/** Model coordinates of pixel/line (x, y) — GDALApplyGeoTransform. */
function applyGeoTransform(gt: GeoTransform, x: number, y: number): [number, number] {
  return [gt[0] + x * gt[1] + y * gt[2], gt[3] + x * gt[4] + y * gt[5]];
}

/** gdalinfo's corner coordinates of a width × height raster. */
export function corners(gt: GeoTransform, width: number, height: number) {
  return {
    upperLeft: applyGeoTransform(gt, 0, 0),
    lowerLeft: applyGeoTransform(gt, 0, height),
    upperRight: applyGeoTransform(gt, width, 0),
    lowerRight: applyGeoTransform(gt, width, height),
    center: applyGeoTransform(gt, width / 2, height / 2),
  };
}

/** [minX, minY, maxX, maxY] over the four corners. */
export function boundingBox(gt: GeoTransform, width: number, height: number): [number, number, number, number] {
  const c = corners(gt, width, height);
  const pts = [c.upperLeft, c.lowerLeft, c.upperRight, c.lowerRight];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Pixel size [x, y] in CRS units: lengths of the transform's column and row vectors. */
export function resolution(gt: GeoTransform): [number, number] {
  return [Math.hypot(gt[1], gt[4]), Math.hypot(gt[2], gt[5])];
}
