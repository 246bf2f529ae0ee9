/**
 * Neural style transfer: the network's weights stay fixed and the image is the variable. Starting
 * from the content image, Adam moves its pixels to lower a weighted sum of the content loss (at one
 * layer), the style loss (Gram matrices at several layers) and the total-variation loss.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { compile } from '../compile/compile'
import type { Analysis } from '../graph/analyze'
import type { Tf } from '../layers/types'
import type { Checkpoint } from '../train/checkpoint'
import { quote } from '../budget/untrusted'
import { defaultLayers, featureAnalysis, imageInput, resolveLayer, StylizeError } from './features'
import { defaultSize, toFloats } from './images'
import { contentLoss, gram, styleLoss, tvLoss } from './losses'
import type { Rgba } from '../data/images'

type T = tfTypes.Tensor

/** The course's settings (its chapter on style transfer); steps are fewer: a CPU is slower. */
export const STYLIZE_DEFAULTS = {
  steps: 200,
  contentWeight: 1,
  styleWeight: 1e3,
  tvWeight: 10,
  lr: 0.3,
  lrDecayEvery: 50,
  lrDecay: 0.8,
} as const

/** ImageNet's channel statistics, as torchvision's models and the course normalise with. */
const MEAN = [0.485, 0.456, 0.406]
const STD = [0.229, 0.224, 0.225]

export type Normalize = 'none' | 'imagenet'
export const NORMALIZE: readonly Normalize[] = ['none', 'imagenet']

export interface StylizeOptions {
  /** The admitted feature network. */
  analysis: Analysis
  /** Its trained weights; without one the network keeps its seeded initial weights. */
  checkpoint?: Checkpoint
  content: Rgba
  style: Rgba
  /** [height, width] to synthesise; default: the content image's, longest side at most 256. */
  size?: [number, number]
  contentLayer?: string
  styleLayers?: string[]
  /** One weight per style layer (multiplied by styleWeight); default 1 each. */
  styleLayerWeights?: number[]
  steps?: number
  contentWeight?: number
  styleWeight?: number
  tvWeight?: number
  lr?: number
  /** 'imagenet' for networks trained on standardised inputs (torchvision's); 'none' for [0, 1] pixels, as Deepwire trains. */
  normalize?: Normalize
  seed?: number
}

export interface StylizeLosses {
  step: number
  content: number
  style: number
  tv: number
  total: number
}

export interface StylizeImage {
  height: number
  width: number
  channels: 1 | 3
  /** [H, W, C] in [0, 1] (values may stray outside until written). */
  data: Float32Array
}

export interface StylizeResult extends StylizeImage {
  layers: { content: string; style: string[] }
  first: StylizeLosses
  last: StylizeLosses
}

export interface StylizeHooks {
  onStep?: (l: StylizeLosses) => void
  /** Called with the image every `previewEvery` steps. */
  onPreview?: (img: StylizeImage, step: number) => void
  previewEvery?: number
  /** Checked between steps: true ends the run early with the image so far. */
  stopped?: () => boolean
}

/** Copies the checkpoint's weights into the (smaller) feature model by weight name. */
function loadWeights(tf: Tf, model: tfTypes.LayersModel, ckpt: Checkpoint) {
  const index = new Map(ckpt.meta.weights.map((w, i) => [w.name, i]))
  const values = model.weights.map((w) => {
    const i = index.get(w.originalName)
    if (i === undefined)
      throw new StylizeError(
        `the checkpoint has no weight ${quote(w.originalName)}: it was not written for this graph`,
      )
    const shape = ckpt.meta.weights[i].shape
    if (shape.join() !== w.shape.join())
      throw new StylizeError(
        `checkpoint weight ${quote(w.originalName)} is [${shape.join('×')}] but the graph needs [${w.shape.join('×')}]: it was not written for this graph`,
      )
    return tf.tensor(ckpt.weights[i], shape)
  })
  model.setWeights(values)
  tf.dispose(values)
}

export async function stylize(tf: Tf, o: StylizeOptions, hooks: StylizeHooks = {}): Promise<StylizeResult> {
  const d = { ...STYLIZE_DEFAULTS, ...definedOnly(o) }
  const input = imageInput(o.analysis)
  const c = input.outputShape[2] as 1 | 3
  const chosen = defaultLayers(o.analysis)
  const content = o.contentLayer
    ? resolveLayer(o.analysis, o.contentLayer, '--content-layer')
    : chosen.content
  const style = o.styleLayers?.length
    ? o.styleLayers.map((id) => resolveLayer(o.analysis, id, '--style-layers'))
    : chosen.style
  const layerWeights = o.styleLayerWeights ?? style.map(() => 1)
  if (layerWeights.length !== style.length)
    throw new StylizeError(
      `--style-weights gives ${layerWeights.length} weights for ${style.length} style layers: give one per layer`,
    )
  const [h, w] = o.size ?? defaultSize(o.content)
  const targets = [...new Map([content, ...style].map((n) => [n.id, n])).values()]
  const sub = featureAnalysis(o.analysis, targets, h, w)
  const { model } = compile(tf, sub, { seed: o.seed })
  const at = (id: string) => targets.findIndex((t) => t.id === id)
  const contentAt = at(content.id)
  const styleAt = style.map((n) => at(n.id))

  const mean = c === 3 ? MEAN : [MEAN.reduce((a, b) => a + b) / 3]
  const std = c === 3 ? STD : [STD.reduce((a, b) => a + b) / 3]
  const meanT = tf.tensor1d(mean)
  const stdT = tf.tensor1d(std)
  // the image lives in ImageNet-standardised colour, as in the course, whatever the network
  // wants: the course's learning rate of 0.3 then means the same step size for every network
  const toPixels = (z: T) => tf.add(tf.mul(z, stdT), meanT)
  const toNet = (z: T) => (d.normalize === 'imagenet' ? z : toPixels(z))
  const standardised = (img: Rgba) =>
    tf.tidy(() => tf.div(tf.sub(tf.tensor4d(toFloats(img, h, w, c), [1, h, w, c]), meanT), stdT))
  const features = (z: T) => {
    const out = model.apply(toNet(z), { training: false }) as T | T[]
    return Array.isArray(out) ? out : [out]
  }

  const x = tf.variable(standardised(o.content), true, undefined)
  const optimizer = tf.train.adam(d.lr) as unknown as tfTypes.Optimizer & { learningRate: number }
  const keep: T[] = []
  try {
    if (o.checkpoint) loadWeights(tf, model, o.checkpoint)
    const [contentY, styleGrams] = tf.tidy(() => {
      const fs = features(standardised(o.style))
      const fc = features(standardised(o.content))
      return [fc[contentAt], styleAt.map((i) => gram(tf, fs[i]))] as const
    })
    keep.push(contentY, ...styleGrams)
    const snapshot = async (): Promise<StylizeImage> => {
      const px = tf.tidy(() => toPixels(x).reshape([h, w, c]))
      const data = (await px.data()) as Float32Array
      px.dispose()
      return { height: h, width: w, channels: c, data: Float32Array.from(data) }
    }
    let first: StylizeLosses | undefined
    let last: StylizeLosses | undefined
    for (let step = 1; step <= d.steps; step++) {
      // the course's StepLR: the rate shrinks by lrDecay every lrDecayEvery steps
      optimizer.learningRate = d.lr * d.lrDecay ** Math.floor((step - 1) / d.lrDecayEvery)
      let parts: T | undefined
      const total = optimizer.minimize(
        () => {
          const fs = features(x)
          const lc = contentLoss(tf, fs[contentAt], contentY)
          const ls = tf.addN(
            styleAt.map((i, k) => tf.mul(styleLoss(tf, fs[i], styleGrams[k]), layerWeights[k])),
          )
          const lt = tvLoss(tf, x)
          parts = tf.keep(tf.stack([lc, ls, lt]))
          return tf.addN([
            tf.mul(lc, d.contentWeight),
            tf.mul(ls, d.styleWeight),
            tf.mul(lt, d.tvWeight),
          ]) as tfTypes.Scalar
        },
        true,
        [x],
      )!
      const [lc, ls, lt] = await parts!.data()
      const [lossValue] = await total.data()
      tf.dispose([parts!, total])
      if (!Number.isFinite(lossValue))
        throw new StylizeError(`the loss became ${lossValue} at step ${step}: lower --lr or the loss weights`)
      last = {
        step,
        content: lc * d.contentWeight,
        style: ls * d.styleWeight,
        tv: lt * d.tvWeight,
        total: lossValue,
      }
      first ??= last
      hooks.onStep?.(last)
      // on the cpu backend reads resolve at once and this loop would never let the event loop
      // turn: give it one turn a step, so a stop request (Ctrl-C, the app's Stop) is seen
      await new Promise((resolve) => setTimeout(resolve, 0))
      const stop = hooks.stopped?.() ?? false
      if (
        hooks.onPreview &&
        hooks.previewEvery &&
        (step % hooks.previewEvery === 0 || stop || step === d.steps)
      )
        hooks.onPreview(await snapshot(), step)
      if (stop) break
    }
    if (!first || !last) throw new StylizeError('--steps must be at least 1')
    return {
      ...(await snapshot()),
      layers: { content: content.id, style: style.map((n) => n.id) },
      first,
      last,
    }
  } finally {
    optimizer.dispose()
    x.dispose()
    tf.dispose([meanT, stdT, ...keep])
    model.dispose()
  }
}

/** Options the caller left undefined do not override the defaults. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
