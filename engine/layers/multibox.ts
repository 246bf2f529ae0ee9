/**
 * MultiboxConcat: joins an SSD's per-scale predictions into one tensor per image, one row per
 * anchor. The inputs are the class maps of every scale, then their box maps, then their anchors;
 * each map is flattened channels-last (pixel by pixel, each pixel's anchors together), the order
 * AnchorBoxes lists its anchors in, so row i of every part is about the same anchor.
 */
import { baseArgs } from './init'
import { int } from './params'
import { ShapeError, defineLayer, type Shape, type SymbolicTensor } from './types'
import { fmt } from './util'
import { toChannelsLast } from '../export/onnx/layout'
import { channelsLast } from '../export/pytorch/syntax'

/** Per-anchor values of the output: class scores (background first), 4 offsets, 4 anchor corners. */
export const multiboxWidth = (classes: number): number => classes + 1 + 8

/** The number of anchors each scale contributes, checking that its three inputs agree. */
function scaleAnchors(xs: Shape[], classes: number): number[] {
  if (xs.length % 3 !== 0)
    throw new ShapeError(
      `MultiboxConcat takes the class maps of every scale, then their box maps, then their anchors (3 inputs per scale), but got ${xs.length} inputs`,
    )
  const k = xs.length / 3
  return Array.from({ length: k }, (_, i) => {
    const [cls, box, anc] = [xs[i], xs[k + i], xs[2 * k + i]]
    if (cls.length !== 3 || box.length !== 3 || anc.length !== 2 || anc[1] !== 4)
      throw new ShapeError(
        `MultiboxConcat scale ${i + 1} needs a class map [H, W, a·(classes+1)], a box map [H, W, a·4] and anchors [H·W·a, 4], but got [${fmt(cls)}], [${fmt(box)}], [${fmt(anc)}]`,
      )
    const a = box[2] / 4
    if (!Number.isInteger(a) || cls[2] !== a * (classes + 1) || box[0] !== cls[0] || box[1] !== cls[1])
      throw new ShapeError(
        `MultiboxConcat scale ${i + 1}: with ${classes} classes a box map [H, W, 4a] needs a class map [H, W, a·${classes + 1}] of the same H and W, but got [${fmt(cls)}] and [${fmt(box)}]`,
      )
    if (anc[0] !== cls[0] * cls[1] * a)
      throw new ShapeError(
        `MultiboxConcat scale ${i + 1}: a ${cls[0]}×${cls[1]} map with ${a} anchors per pixel needs ${cls[0] * cls[1] * a} anchors, but its AnchorBoxes gives ${anc[0]} (are its sizes and ratios the ones the heads were built for?)`,
      )
    return anc[0]
  })
}

export const multiboxConcat = defineLayer({
  kind: 'MultiboxConcat',
  category: 'detect',
  doc: {
    formula: String.raw`y_i = [\,\hat c_i \,;\, \hat\delta_i \,;\, a_i\,] \in \mathbb{R}^{(C+1)+4+4}`,
    en: 'Collects the predictions of every scale of an SSD into one row per anchor. Wire the class maps of all scales first, then their box maps in the same order, then their AnchorBoxes. Each row holds classes + 1 class scores (background first), 4 box offsets and the anchor itself, so the output [anchors, classes + 9] is all that decoding needs.',
    zh: '把 SSD 各个尺度的预测汇总成每个锚框一行。先连接所有尺度的类别预测图，再按同样顺序连接边界框预测图，最后连接各自的 AnchorBoxes。每一行包含 classes + 1 个类别分数（背景在前）、4 个偏移量和锚框本身，因此输出 [锚框数, classes + 9] 就是解码所需的全部信息。',
  },
  inputs: [3, Infinity],
  params: {
    /** Object classes, background not counted (the course's num_classes). */
    classes: int({ default: 1, min: 1, max: 1000 }),
  },
  outputShape: (p, xs) => {
    const total = scaleAnchors(xs, p.classes).reduce((a, b) => a + b, 0)
    return [total, multiboxWidth(p.classes)]
  },
  trainableParams: () => 0,
  toTfjs: (p, ctx) => {
    const { tf } = ctx
    const widths = (k: number) => [p.classes + 1, 4, 4].flatMap((w) => new Array<number>(k).fill(w))
    return (xs) => {
      const k = xs.length / 3
      const flat = xs.map((x, i) => {
        const w = widths(k)[i]
        const n = (x.shape.slice(1) as number[]).reduce((a, b) => a * b, 1) / w
        return tf.layers
          .reshape({ ...baseArgs(ctx, `_r${i}`), targetShape: [n, w] })
          .apply(x) as SymbolicTensor
      })
      const part = (g: number) =>
        k === 1
          ? flat[g * k]
          : (tf.layers
              .concatenate({ ...baseArgs(ctx, `_c${g}`), axis: 1 })
              .apply(flat.slice(g * k, (g + 1) * k)) as SymbolicTensor)
      return tf.layers
        .concatenate({ ...baseArgs(ctx), axis: -1 })
        .apply([part(0), part(1), part(2)]) as SymbolicTensor
    }
  },
  toOnnx: (p, ctx) => {
    const k = ctx.inputs.length / 3
    const flat = ctx.inputs.map((x, i) => {
      const w = i < k ? p.classes + 1 : 4
      const shape = ctx.constant(`shape${i}`, [0, -1, w], [3], 'int64')
      return ctx.op('Reshape', [toChannelsLast(ctx, x, ctx.inputShapes[i]), shape])
    })
    const part = (g: number) =>
      k === 1 ? flat[g] : ctx.op('Concat', flat.slice(g * k, (g + 1) * k), { axis: 1 })
    return ctx.op('Concat', [part(0), part(1), part(2)], { axis: 2 })
  },
  toPytorch: (p, io) => {
    const k = io.args.length / 3
    const flat = io.args.map((x, i) => {
      const w = i < k ? p.classes + 1 : 4
      return `${channelsLast(x, io.in[i])}.reshape(${x}.shape[0], -1, ${w})`
    })
    const part = (g: number) => `torch.cat([${flat.slice(g * k, (g + 1) * k).join(', ')}], dim=1)`
    return {
      forward: `torch.cat([${part(0)}, ${part(1)}, ${part(2)}], dim=2)`,
      comment: `per anchor: ${p.classes + 1} class scores, 4 offsets, 4 anchor corners; boxes: multibox_detection(output, ${p.classes})`,
      helpers: ['multibox_detection'],
    }
  },
})
