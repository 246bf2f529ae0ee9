/**
 * Per-channel standardisation of image batches, (x − mean[c]) / std[c] on pixels scaled to [0, 1]:
 * a pretrained network expects its inputs exactly as it saw them in training, and models exported
 * from torchvision saw ImageNet's statistics. Side-effect free: the Data panel imports the values.
 */

/** torchvision's ImageNet statistics (RGB, pixels in [0, 1]). */
export const IMAGENET_STATS = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const

export type NormalizeSetting = 'imagenet' | { mean: number[]; std: number[] }

export interface ChannelStats {
  mean: readonly number[]
  std: readonly number[]
}

/**
 * The statistics for images of `channels` channels, one value each (a single value applies to
 * every channel); throws a sentence naming the dataset when the counts do not fit.
 */
export function channelStats(setting: NormalizeSetting, channels: number, dataset: string): ChannelStats {
  const s = setting === 'imagenet' ? IMAGENET_STATS : setting
  const fits = (n: number) => n === 1 || n === channels
  if (s.mean.length !== s.std.length || !fits(s.mean.length))
    throw new Error(
      `dataset.normalize for '${dataset}' gives ${s.mean.length} mean and ${s.std.length} std values, but its images have ${channels} channel(s): give one value per channel${setting === 'imagenet' ? ' (ImageNet’s values are for RGB images)' : ''}`,
    )
  const widen = (v: readonly number[]) => (v.length === 1 ? new Array<number>(channels).fill(v[0]) : v)
  return { mean: widen(s.mean), std: widen(s.std) }
}

/** Standardises a channels-last float batch in place. */
export function normalizeImages(x: Float32Array, stats: ChannelStats): void {
  const c = stats.mean.length
  const scale = stats.std.map((s) => 1 / s)
  for (let i = 0; i < x.length; i++) {
    const ch = i % c
    x[i] = (x[i] - stats.mean[ch]) * scale[ch]
  }
}

/** Parses the CLI's --normalize: 'imagenet', or "m1,m2,m3/s1,s2,s3". */
export function parseNormalize(v: string): NormalizeSetting | null {
  if (v === 'imagenet') return v
  const [m, s, more] = v.split('/')
  if (m === undefined || s === undefined || more !== undefined) return null
  const nums = (t: string) => t.split(',').map(Number)
  const mean = nums(m)
  const std = nums(s)
  if ([...mean, ...std].some((n) => !Number.isFinite(n)) || std.some((n) => n <= 0)) return null
  return { mean, std }
}
