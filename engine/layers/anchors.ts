/**
 * AnchorBoxes: the course's multibox_prior as a graph node. It turns a feature map [H, W, C] into
 * the H·W·(n + m − 1) anchor boxes the detection heads on that map predict for, so the anchors
 * travel with the model (into predictions and every export) instead of being rebuilt beside it.
 */
import { anchorsPerPixel, multiboxPrior } from '../detect/anchors'
import { anchorBoxesLayer } from './anchors-tf'
import { baseArgs } from './init'
import { floats } from './params'
import { ShapeError, defineLayer, type SymbolicTensor } from './types'
import { fmt } from './util'

const pyList = (xs: readonly number[]) =>
  `(${xs.map((v) => String(v)).join(', ')}${xs.length === 1 ? ',' : ''})`

export const anchorBoxes = defineLayer({
  kind: 'AnchorBoxes',
  category: 'detect',
  doc: {
    formula: String.raw`w = s\sqrt{r}\,\tfrac{H}{W},\; h = \tfrac{s}{\sqrt{r}},\; (s_i, r_1)_{i=1..n} \cup (s_1, r_j)_{j=2..m}`,
    en: 'Places anchor boxes on a feature map: every pixel centre gets n + m − 1 boxes, one for each of the n sizes with the first ratio and one for the first size with each other ratio. Sizes are fractions of the image; ratio is width over height. The output lists the boxes as [H·W·(n+m−1), 4] corners (x1, y1, x2, y2) in [0, 1]. Nothing is learned; the values depend only on H and W.',
    zh: '在特征图上放置锚框：每个像素中心得到 n + m − 1 个框——n 个尺寸各配第一个宽高比，再用第一个尺寸配其余每个宽高比。尺寸是相对图像的比例，宽高比是宽除以高。输出形状为 [H·W·(n+m−1), 4]，每行是归一化到 [0, 1] 的角点坐标 (x1, y1, x2, y2)。没有可学习参数，数值只取决于 H 和 W。',
  },
  inputs: [1, 1],
  params: {
    /** Box sizes as fractions of the image (the course's s1…sn). */
    sizes: floats({ default: [0.2, 0.272], min: 0.001, max: 2, minLength: 1 }),
    /** Width-to-height ratios (the course's r1…rm). */
    ratios: floats({ default: [1, 2, 0.5], min: 0.01, max: 100, minLength: 1 }),
  },
  outputShape: (p, [x]) => {
    if (x.length !== 3) throw new ShapeError(`AnchorBoxes needs a feature map [H, W, C], but got [${fmt(x)}]`)
    return [x[0] * x[1] * anchorsPerPixel(p.sizes, p.ratios), 4]
  },
  trainableParams: () => 0,
  toTfjs: (p, ctx) => {
    const AnchorBoxes = anchorBoxesLayer(ctx.tf)
    const layer = new AnchorBoxes({ ...baseArgs(ctx), sizes: p.sizes, ratios: p.ratios })
    return (xs) => layer.apply(xs[0]) as SymbolicTensor
  },
  // the anchors are a constant of the file, repeated along the batch read from the input's shape
  toOnnx: (p, ctx) => {
    const [h, w] = ctx.inputShapes[0]
    const a = multiboxPrior(h, w, p.sizes, p.ratios)
    const anchors = ctx.constant('anchors', a, [1, a.length / 4, 4])
    const shape = ctx.op('Shape', [ctx.inputs[0]])
    const zero = ctx.constant('start', [0], [1], 'int64')
    const one = ctx.constant('end', [1], [1], 'int64')
    const batch = ctx.op('Slice', [shape, zero, one])
    const rest = ctx.constant('rest', [1, 1], [2], 'int64')
    return ctx.op('Expand', [anchors, ctx.op('Concat', [batch, rest], { axis: 0 })])
  },
  toPytorch: (p, io) => ({
    forward: `multibox_prior(${io.args[0]}, ${pyList(p.sizes)}, ${pyList(p.ratios)})`,
    helpers: ['multibox_prior'],
  }),
})
