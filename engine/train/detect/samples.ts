/**
 * Epoch-end previews of a detector: each fixed validation image with its true boxes and its most
 * confident decoded boxes before NMS (the app suppresses them at the threshold the user picks).
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { truthOf } from '../../data/detection/truth'
import { offsetInverse } from '../../detect/offsets'
import type { SamplePrediction } from '../../protocol'
import { inputPreview, type SampleInput } from '../samples'

/** Candidates per image: enough for NMS to pick from, small enough to stream every epoch. */
export const CANDIDATES = 40

export async function detectionSamples(s: SampleInput): Promise<SamplePrediction[] | undefined> {
  const { tf, dataset: ds, indices } = s
  const inputs = Array.from(indices, (i) => inputPreview(ds, i))
  if (inputs.some((i) => !i)) return undefined
  const { x, y, more } = s.batch(indices)
  const p = s.model.apply(more ? [x, ...more] : x, { training: false }) as tfTypes.Tensor
  const out = (await p.data()) as Float32Array
  const [, anchors, width] = p.shape as number[]
  tf.dispose([x, y, ...(more ?? []), p])
  const k = width - 8
  return Array.from(indices, (index, b) => {
    const rows = out.subarray(b * anchors * width, (b + 1) * anchors * width)
    const scored: { cls: number; score: number; at: number }[] = []
    for (let i = 0; i < anchors; i++) {
      const r = rows.subarray(i * width, i * width + k)
      const max = Math.max(...r)
      const e = Array.from(r, (v) => Math.exp(v - max))
      const sum = e.reduce((a, v) => a + v, 0)
      let best = 1
      for (let c = 2; c < k; c++) if (e[c] > e[best]) best = c
      scored.push({ cls: best - 1, score: e[best] / sum, at: i })
    }
    const top = scored.sort((a, c) => c.score - a.score).slice(0, CANDIDATES)
    const offsets = top.flatMap((t) => Array.from(rows.subarray(t.at * width + k, t.at * width + k + 4)))
    const anchorBoxes = top.flatMap((t) =>
      Array.from(rows.subarray(t.at * width + k + 4, t.at * width + k + 8)),
    )
    const boxes = offsetInverse(anchorBoxes, offsets)
    const round = (v: number) => Math.round(v * 1e4) / 1e4
    return {
      kind: 'detection' as const,
      index,
      input: inputs[b]!,
      truth: truthOf(ds, index).map((t) => ({ cls: t.cls, box: t.box })),
      candidates: top.map((t, j) => ({
        cls: t.cls,
        score: round(t.score),
        box: [0, 1, 2, 3].map((q) => round(boxes[j * 4 + q])) as [number, number, number, number],
      })),
      ...(ds.classNames ? { classNames: ds.classNames } : {}),
    }
  })
}
