/**
 * A detector that cannot train says what to change: the class count of MultiboxConcat against the
 * dataset's, anchors wired from something other than AnchorBoxes, augmentation that would move
 * images but not boxes, and heads whose channels do not match their anchors.
 */
import { describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDocInput } from '../../../engine/graph/schema'
import { checkDetectionFit } from '../../../engine/train/detect/setup'
import { detectionLayout } from '../../../engine/train/detect/layout'
import { miniSsd } from '../../helpers/mini-ssd'

function analysed(doc: GraphDocInput) {
  const p = parseGraph(doc)
  if (!p.ok) throw new Error(p.errors[0].message)
  return analyze(p.doc)
}

const ds = () => loadDataset('detect-shapes', { size: [32, 32], samples: 4 })

describe('detection fit', () => {
  it('reads the anchors of every scale in the output order', () => {
    const layout = detectionLayout(analysed(miniSsd()))
    expect(layout.classes).toBe(3)
    // 8×8 and 4×4 maps, 4 anchors per cell
    expect(layout.anchors.length / 4).toBe(8 * 8 * 4 + 4 * 4 * 4)
    // the first anchor: cell (0, 0) of the 8×8 map, size 0.2, ratio 1
    expect(Array.from(layout.anchors.subarray(0, 4)).map((v) => +v.toFixed(4))).toEqual([
      -0.0375, -0.0375, 0.1625, 0.1625,
    ])
  })

  it('names the class count to set when MultiboxConcat and the dataset disagree', async () => {
    const doc = miniSsd()
    const node = doc.nodes.find((n) => n.id === 'multibox')!
    node.params = { classes: 2 }
    for (const id of ['cls0', 'cls1']) doc.nodes.find((n) => n.id === id)!.params!.filters = 12
    const d = await ds()
    expect(() => checkDetectionFit(analysed(doc), d, { loss: 'multibox' })).toThrow(
      "dataset 'detect-shapes' has 3 object classes but the MultiboxConcat is set to 2: set its classes (and the class heads' filters) to 3",
    )
  })

  it('refuses augmentation and other losses for boxes', async () => {
    const a = analysed(miniSsd())
    const d = await ds()
    expect(() => checkDetectionFit(a, d, { loss: 'cross-entropy' })).toThrow(
      "dataset 'detect-shapes' holds boxes: set training.loss to 'multibox' to train a detector on it",
    )
    const augment = {
      flip: true,
      cropPadding: 0,
      brightness: 0,
      contrast: 0,
      saturation: 0,
      hue: 0,
      resizedCrop: false,
      cropScale: [0.08, 1] as [number, number],
      cropRatio: [3 / 4, 4 / 3] as [number, number],
    }
    expect(() => checkDetectionFit(a, d, { loss: 'multibox', augment })).toThrow(
      "augmentation would move the images but not their boxes: remove training.augment for detection dataset 'detect-shapes'",
    )
  })

  it('says where the anchors should come from when they are wired from another layer', () => {
    const doc = miniSsd()
    const edge = doc.edges.find((e) => e.source === 'anc1' && e.target === 'multibox')!
    doc.nodes.push({ id: 'flat', type: 'Reshape', params: { targetShape: [64, 4] } })
    doc.edges.push({ source: 'anc1', target: 'flat' })
    edge.source = 'flat'
    expect(() => detectionLayout(analysed(doc))).toThrow(
      "MultiboxConcat 'multibox' takes its anchors from 'flat', which is not an AnchorBoxes node: wire the anchors of each scale last",
    )
  })

  it('refuses class maps whose channels do not fit the anchors, naming the scale', () => {
    const doc = miniSsd()
    doc.nodes.find((n) => n.id === 'cls1')!.params!.filters = 15
    const a = analysed(doc)
    expect(a.errors).toHaveLength(1)
    expect(a.errors[0].nodeId).toBe('multibox')
    expect(a.errors[0].message).toMatch(
      /^MultiboxConcat scale 2: with 3 classes a box map \[H, W, 4a\] needs a class map \[H, W, a·4\] of the same H and W, but got \[4×4×15\] and \[4×4×16\]/,
    )
  })
})
