/**
 * What training needs to know about a detection graph: its class count and its anchors, read from
 * the MultiboxConcat that feeds the output and the AnchorBoxes wired into it. The anchors are a
 * pure function of the feature-map sizes, so targets are built on the host without running the model.
 */
import { multiboxPrior } from '../../detect/anchors'
import type { Analysis } from '../../graph/analyze'
import { quote } from '../../budget/untrusted'

export interface DetectionLayout {
  /** Object classes, background not counted. */
  classes: number
  /** Corner-form anchors, 4 numbers each, in the order of the output's rows. */
  anchors: Float32Array
}

const PASS = new Set(['Output', 'Identity'])

export function detectionLayout(analysis: Analysis): DetectionLayout {
  const byId = new Map(analysis.order.map((n) => [n.id, n]))
  const back = (id: string) => {
    let n = byId.get(id)
    while (n && PASS.has(n.type)) n = byId.get(n.inputs[0])
    return n
  }
  const head = back(analysis.outputs[0])
  if (!head || head.type !== 'MultiboxConcat')
    throw new Error(
      `a detection dataset needs a detection graph: the output ${quote(analysis.outputs[0])} must come from a MultiboxConcat (try the tiny-ssd preset)`,
    )
  const k = head.inputs.length / 3
  const parts = head.inputs.slice(2 * k).map((id) => {
    const a = back(id)
    if (!a || a.type !== 'AnchorBoxes')
      throw new Error(
        `MultiboxConcat ${quote(head.id)} takes its anchors from ${quote(id)}, which is not an AnchorBoxes node: wire the anchors of each scale last`,
      )
    const [h, w] = a.inputShapes[0]
    const p = a.params as { sizes: number[]; ratios: number[] }
    return multiboxPrior(h, w, p.sizes, p.ratios)
  })
  const anchors = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    anchors.set(p, at)
    at += p.length
  }
  return { classes: (head.params as { classes: number }).classes, anchors }
}
