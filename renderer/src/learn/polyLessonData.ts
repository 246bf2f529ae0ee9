import { cubicData } from './polyfit'

/** Few training points on purpose: a high-degree polynomial can then pass through every one. */
export const POLY_TRAIN = cubicData({ n: 15, noise: 0.3, seed: 1 })
export const POLY_VAL = cubicData({ n: 100, noise: 0.3, seed: 2 })

/** x values for drawing curves across the data's range. */
export const CURVE_X = Array.from({ length: 161 }, (_, i) => -1 + i / 80)

export const fmtErr = (v: number) => (v < 1000 ? v.toFixed(3) : v.toExponential(2))
