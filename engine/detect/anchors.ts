/**
 * Anchor boxes of one feature map, the course's multibox_prior: every pixel centre gets
 * n + m − 1 boxes — each size with the first ratio, then the first size with every other ratio —
 * rather than all n·m pairs, which keeps the count low while still covering both ranges.
 */

/** Anchors per feature-map pixel for these sizes and ratios. */
export const anchorsPerPixel = (sizes: readonly number[], ratios: readonly number[]): number =>
  sizes.length + ratios.length - 1

/**
 * Corner-form anchors for an h × w feature map, normalised to [0, 1]: pixel (i, j) is centred at
 * ((j + 0.5)/w, (i + 0.5)/h); pixels row by row, each pixel's anchors together.
 * Width is s·√r·h/w and height s/√r, so on a non-square map a ratio-1 anchor is square in
 * pixels of the image, as the course computes it.
 */
export function multiboxPrior(
  h: number,
  w: number,
  sizes: readonly number[],
  ratios: readonly number[],
): Float32Array {
  if (!sizes.length || !ratios.length) throw new Error('anchors need at least one size and one ratio')
  const shapes: [number, number][] = [
    ...sizes.map((s): [number, number] => [s * Math.sqrt(ratios[0]), s / Math.sqrt(ratios[0])]),
    ...ratios.slice(1).map((r): [number, number] => [sizes[0] * Math.sqrt(r), sizes[0] / Math.sqrt(r)]),
  ]
  const a = shapes.length
  const out = new Float32Array(h * w * a * 4)
  let k = 0
  for (let i = 0; i < h; i++) {
    const cy = (i + 0.5) / h
    for (let j = 0; j < w; j++) {
      const cx = (j + 0.5) / w
      for (const [sw, sh] of shapes) {
        const bw = (sw * h) / w / 2
        const bh = sh / 2
        out[k++] = cx - bw
        out[k++] = cy - bh
        out[k++] = cx + bw
        out[k++] = cy + bh
      }
    }
  }
  return out
}
