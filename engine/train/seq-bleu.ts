/**
 * BLEU of an encoder–decoder model on validation samples at epoch end, as the course scores its
 * translations: greedy decoding from <bos> (the model fed its own output, not the teacher's), then
 * BLEU (k = 2) of each answer against the target, averaged. A fixed subset keeps it cheap.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Dataset } from '../data/types'
import type { Tf } from '../layers/types'
import { bleu } from './bleu'

/** Validation samples decoded for BLEU each epoch (the first of the seeded split, every epoch the same). */
export const BLEU_SAMPLES = 64

export async function validationBleu(
  tf: Tf,
  model: tfTypes.LayersModel,
  ds: Dataset,
  val: Int32Array,
): Promise<number | undefined> {
  const meta = ds.meta ?? {}
  const dec = ds.moreInputs?.[0]
  if (meta.layout !== 'encoder-decoder' || !dec || !val.length) return undefined
  const [bos, eos, pad] = [meta.bosId, meta.eosId, meta.padId ?? 0] as number[]
  const idx = val.slice(0, BLEU_SAMPLES)
  const n = idx.length
  const srcLen = ds.inputShape[0]
  const tgtLen = dec.shape[0]
  const src = new Int32Array(n * srcLen)
  idx.forEach((s, i) => src.set(ds.x.subarray(s * srcLen, (s + 1) * srcLen), i * srcLen))
  const tokens = new Int32Array(n * tgtLen).fill(pad)
  for (let i = 0; i < n; i++) tokens[i * tgtLen] = bos
  const answers: number[][] = Array.from({ length: n }, () => [])
  const finished = new Uint8Array(n)
  const s = tf.tensor2d(src, [n, srcLen], 'int32')
  try {
    for (let t = 0; t < tgtLen && finished.some((f) => !f); t++) {
      const best = tf.tidy(() => {
        const d = tf.tensor2d(tokens, [n, tgtLen], 'int32')
        const y = model.apply([s, d], { training: false }) as tfTypes.Tensor
        return tf.argMax(y.slice([0, t, 0], [n, 1, -1]).reshape([n, -1]), -1)
      })
      const picked = await best.data()
      best.dispose()
      for (let i = 0; i < n; i++) {
        if (finished[i]) continue
        if (picked[i] === eos) finished[i] = 1
        else {
          answers[i].push(picked[i])
          if (t + 1 < tgtLen) tokens[i * tgtLen + t + 1] = picked[i]
        }
      }
    }
  } finally {
    s.dispose()
  }
  let sum = 0
  idx.forEach((sample, i) => {
    const target: string[] = []
    for (let t = 0; t < tgtLen; t++) {
      const id = ds.y[sample * tgtLen + t]
      if (id === eos || id === pad) break
      target.push(String(id))
    }
    sum += bleu(answers[i].map(String), target, 2)
  })
  return sum / n
}
