/**
 * BLEU as the course defines it for its translation chapter: the product over n = 1..k of the
 * clipped n-gram precision p_n raised to 1/2^n (longer matches weigh more), times the length
 * penalty exp(min(0, 1 − len_label / len_pred)) that stops a short prediction scoring high.
 */
export function bleu(pred: readonly string[], label: readonly string[], k = 2): number {
  const lenPred = pred.length
  const lenLabel = label.length
  if (lenPred === 0) return 0
  let score = Math.exp(Math.min(0, 1 - lenLabel / lenPred))
  for (let n = 1; n <= k; n++) {
    const subs = new Map<string, number>()
    for (let i = 0; i + n <= lenLabel; i++) {
      const g = label.slice(i, i + n).join('\u0000')
      subs.set(g, (subs.get(g) ?? 0) + 1)
    }
    let matches = 0
    for (let i = 0; i + n <= lenPred; i++) {
      const g = pred.slice(i, i + n).join('\u0000')
      const left = subs.get(g) ?? 0
      if (left > 0) {
        matches++
        subs.set(g, left - 1)
      }
    }
    // a prediction shorter than n has no n-grams: the course's formula divides by zero there
    const total = lenPred - n + 1
    if (total <= 0) return 0
    score *= Math.pow(matches / total, Math.pow(0.5, n))
  }
  return score
}

/** BLEU of two space-separated sentences, the course's `bleu(pred_seq, label_seq, k)`. */
export const bleuText = (pred: string, label: string, k = 2): number =>
  bleu(pred.split(' '), label.split(' '), k)
