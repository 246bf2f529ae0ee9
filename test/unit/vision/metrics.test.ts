/** Segmentation metrics and the confusion matrix against values computed by hand. */
import { describe, expect, it } from 'vitest'
import type { Dataset } from '../../../engine/data/types'
import { ConfusionCounter, confusionClasses, predictedClasses } from '../../../engine/train/confusion'
import { makeLoss } from '../../../engine/train/losses'
import { makeMetric } from '../../../engine/train/metrics'
import { tf } from '../../helpers/train'

// two 2×2 masks and predicted probabilities; thresholded at 0.5 the prediction is
// [1 0 1 0] and [1 1 0 0] against the truth [1 1 0 0] and [1 0 0 0]
const truth = () => tf.tensor4d([1, 1, 0, 0, 1, 0, 0, 0], [2, 2, 2, 1])
const probs = () => tf.tensor4d([0.9, 0.2, 0.7, 0.1, 0.8, 0.6, 0.3, 0.1], [2, 2, 2, 1])
const value = (t: tf.Tensor) => t.dataSync()[0]

describe('accuracy with a yes/no target per output unit', () => {
  it("thresholds each logit at 0 (skip-gram's candidates: context, then noise words)", () => {
    const y = tf.tensor2d([1, 0, 0, 1, 0, 0], [2, 3])
    // right, wrong, right | wrong, right, right
    const p = tf.tensor2d([2, 0.5, -1, -0.3, -2, -0.1], [2, 3])
    expect(value(makeMetric(tf, 'accuracy', 'logits')(y, p, tf.scalar(0)))).toBeCloseTo(4 / 6, 6)
  })
})

describe('segmentation metrics', () => {
  it('IoU and Dice over the batch: intersection 2, prediction 4, truth 3', () => {
    const [y, p] = [truth(), probs()]
    const zero = tf.scalar(0)
    // IoU = 2 / (4 + 3 − 2), Dice = 2·2 / (4 + 3)
    expect(value(makeMetric(tf, 'iou', 'probabilities')(y, p, zero))).toBeCloseTo(2 / 5, 5)
    expect(value(makeMetric(tf, 'dice', 'probabilities')(y, p, zero))).toBeCloseTo(4 / 7, 5)
    // the same masks from logits: the threshold moves to 0
    const logits = tf.sub(p, 0.5)
    expect(value(makeMetric(tf, 'iou', 'logits')(y, logits, zero))).toBeCloseTo(2 / 5, 5)
    tf.dispose([y, p, zero, logits])
  })

  it('Dice loss is 1 − the mean soft Dice per image, smoothed by 1', () => {
    const [y, p] = [truth(), probs()]
    // image 1: (2·1.1 + 1) / (1.9 + 2 + 1); image 2: (2·0.8 + 1) / (1.8 + 1 + 1)
    const expected = 1 - (3.2 / 4.9 + 2.6 / 3.8) / 2
    expect(value(makeLoss(tf, 'dice', 'probabilities')(y, p))).toBeCloseTo(expected, 5)
    tf.dispose([y, p])
  })
})

describe('confusion matrix', () => {
  it('counts (true, predicted) pairs; per-class accuracy is the diagonal over the row', () => {
    const c = new ConfusionCounter(4)
    c.add([0, 1, 2, 2, 7], [0, 2, 2, 1, 0])
    const r = c.result(['a', 'b', 'c', 'd'])
    expect(r.matrix).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 1, 1, 0],
      [0, 0, 0, 0],
    ])
    expect(r.perClassAccuracy).toEqual([1, 0, 0.5, null])
    expect(r.classNames).toEqual(['a', 'b', 'c', 'd'])
    expect(c.result(['only one']).classNames).toBeUndefined()
  })

  it('predicts by argmax, or by threshold for one output unit', () => {
    const p = tf.tensor2d([0.1, 0.7, 0.2, 0.5, 0.3, 0.2], [2, 3])
    expect(Array.from(predictedClasses(tf, p, 'probabilities').dataSync())).toEqual([1, 0])
    const one = tf.tensor2d([-0.3, 0.4], [2, 1])
    expect(Array.from(predictedClasses(tf, one, 'logits').dataSync())).toEqual([0, 1])
    tf.dispose([p, one])
  })

  it('is counted for classification and multi-class masks only', () => {
    const ds = (task: Dataset['task'], numClasses?: number) => ({ task, numClasses }) as Dataset
    expect(confusionClasses(ds('classification', 10), 10)).toBe(10)
    expect(confusionClasses(ds('classification', 2), 1)).toBe(2)
    expect(confusionClasses(ds('segmentation', 3), 3)).toBe(3)
    expect(confusionClasses(ds('segmentation', 1), 1)).toBe(0)
    expect(confusionClasses(ds('language-model', 60), 60)).toBe(0)
    expect(confusionClasses(ds('regression'), 1)).toBe(0)
    expect(confusionClasses(ds('classification', 500), 500)).toBe(0)
    // skip-gram: a yes/no label per candidate, no classes to confuse
    const perUnit = { task: 'classification', targetShape: [6] } as Dataset
    expect(confusionClasses(perUnit, 6)).toBe(0)
  })
})
