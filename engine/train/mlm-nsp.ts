/**
 * BERT pretraining's loss and its two accuracies. The graph's single output holds both heads
 * side by side: [B, T, V + 2] with the masked-language-model logits over the V-word vocabulary in
 * the first V channels and the next-sentence logits in the last 2, read at position 0 ([CLS]).
 * The targets are one row per sample (see data/bert-pretrain.ts): y[0] is the next-sentence label,
 * y[t ≥ 1] the original token at a masked position or −1 where nothing is predicted.
 *
 * As in the course, the loss is the sum of the two cross-entropies, the MLM one averaged over
 * the masked positions only.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from '../layers/types'
import { NOT_PREDICTED } from '../data/mlm'
import type { LossFn } from './losses'

type T = tfTypes.Tensor

/** The MLM head's width V of an output [B, T, V + 2]. */
const vocabOf = (p: T) => p.shape.at(-1)! - 2

interface Parts {
  /** [B·(T−1), V] MLM logits of positions 1… and their targets, −1 where nothing is masked. */
  mlm: T
  mlmTarget: T
  /** [B, 2] NSP logits at [CLS] and the labels. */
  nsp: T
  nspTarget: T
}

function split(tf: Tf, y: T, p: T): Parts {
  const [b, t] = p.shape as number[]
  const v = vocabOf(p)
  const rows = y.toInt().reshape([b, t])
  return {
    mlm: p.slice([0, 1, 0], [b, t - 1, v]).reshape([-1, v]),
    mlmTarget: rows.slice([0, 1], [b, t - 1]).reshape([-1]),
    nsp: p.slice([0, 0, v], [b, 1, 2]).reshape([b, 2]),
    nspTarget: rows.slice([0, 0], [b, 1]).reshape([b]),
  }
}

/** Mean over the masked positions (at least one, so a batch without any scores 0, not NaN). */
function overMasked(tf: Tf, values: T, target: T): T {
  const keep = tf.notEqual(target, NOT_PREDICTED).toFloat()
  return tf.div(tf.sum(tf.mul(values, keep)), tf.maximum(tf.sum(keep), 1))
}

export function mlmNspLoss(tf: Tf): LossFn {
  return (y, p) => {
    const s = split(tf, y, p)
    const v = vocabOf(p)
    const hot = tf.oneHot(tf.maximum(s.mlmTarget, tf.zerosLike(s.mlmTarget)), v)
    const nll = tf.losses.softmaxCrossEntropy(hot, s.mlm, undefined, 0, tf.Reduction.NONE)
    const nsp = tf.losses.softmaxCrossEntropy(tf.oneHot(s.nspTarget, 2), s.nsp)
    return tf.add(overMasked(tf, nll, s.mlmTarget), nsp)
  }
}

/** Share of masked tokens whose original word is the MLM head's top choice. */
export const mlmAccuracy =
  (tf: Tf) =>
  (y: T, p: T): T => {
    const s = split(tf, y, p)
    return overMasked(tf, tf.equal(tf.argMax(s.mlm, -1), s.mlmTarget).toFloat(), s.mlmTarget)
  }

/** Share of pairs whose next-sentence label the NSP head gets right. */
export const nspAccuracy =
  (tf: Tf) =>
  (y: T, p: T): T => {
    const s = split(tf, y, p)
    return tf.mean(tf.equal(tf.argMax(s.nsp, -1), s.nspTarget).toFloat())
  }

/** PyTorch lines of the same loss for train.py. */
export const MLM_NSP_PY = [
  '# BERT pretraining: MLM logits in the first V channels (scored at masked positions, y = -1',
  '# elsewhere), next-sentence logits in the last 2 at position 0, whose target is y[:, 0]',
  'v = pred.shape[-1] - 2',
  't = y.long().reshape(pred.shape[0], -1)',
  'mlm = F.cross_entropy(pred[:, 1:, :v].reshape(-1, v), t[:, 1:].reshape(-1), ignore_index=-1)',
  'return mlm + F.cross_entropy(pred[:, 0, v:], t[:, 0])',
]
