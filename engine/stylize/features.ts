/**
 * The feature network of a style transfer: the layers of a graph that the chosen content and style
 * layers depend on, rebuilt for the image size being synthesised. Everything after the deepest
 * chosen layer (pooling to a vector, the classifier) is dropped, so a classifier trained on 32×32
 * images can describe a 256×256 one: convolutions do not care about the image size.
 */
import type { Analysis, NodeInfo } from '../graph/analyze'
import { quote, quoteList } from '../budget/untrusted'
import { ShapeError, type Shape } from '../layers/types'

/** A user's choice refused in one sentence (the CLI prints it as is). */
export class StylizeError extends Error {
  override name = 'StylizeError'
}

const isImage = (s: Shape) => s.length === 3

/** The graph's only input: style transfer optimises one image. */
export function imageInput(analysis: Analysis): NodeInfo {
  const inputs = analysis.order.filter((n) => n.type === 'Input')
  if (inputs.length !== 1)
    throw new StylizeError(
      `the feature network must take one image input, but this graph has ${inputs.length} inputs`,
    )
  const input = inputs[0]
  const c = input.outputShape[2]
  if (!isImage(input.outputShape) || (c !== 1 && c !== 3))
    throw new StylizeError(
      `the feature network's input is [${input.outputShape.join(', ')}]; style transfer needs an image input [H, W, 1] or [H, W, 3]`,
    )
  return input
}

/** Layers whose output is an image-like feature map [H, W, C], in order: what may be chosen. */
export function featureLayers(analysis: Analysis): NodeInfo[] {
  return analysis.order.filter((n) => n.type !== 'Input' && isImage(n.outputShape))
}

/**
 * A layer id as the user wrote it: a layer's own id (inside a block: `block/layer`, as `deepwire
 * info --json` and the inspector show them) or a block instance's id, meaning the block's output.
 */
export function resolveLayer(analysis: Analysis, id: string, option: string): NodeInfo {
  const outs = analysis.flat.blockOutputs.get(id)
  const flatId = outs ? Object.values(outs)[0] : id
  const node = analysis.order.find((n) => n.id === flatId)
  const choices = featureLayers(analysis).map((n) => n.id)
  if (!node)
    throw new StylizeError(
      `${option}: the graph has no layer ${quote(id)} (feature maps: ${quoteList(choices.slice(0, 30))}${choices.length > 30 ? ', …' : ''})`,
    )
  if (node.type === 'Input' || !isImage(node.outputShape))
    throw new StylizeError(
      `${option}: layer ${quote(id)} outputs [${node.outputShape.join(', ')}], not a feature map [H, W, C]; choose one of ${quoteList(choices.slice(0, 30))}`,
    )
  return node
}

/**
 * The course's choice in a graph of any depth: style from the last (and widest) layer at each
 * spatial resolution of the encoder (shallow ones give fine texture, deep ones larger patterns), content from the last
 * layer of the second-deepest resolution (deep enough to forget exact pixels, not so deep that
 * the layout is lost).
 */
export function defaultLayers(analysis: Analysis): { content: NodeInfo; style: NodeInfo[] } {
  const all = featureLayers(analysis)
  if (!all.length) throw new StylizeError('the graph has no layer with an image-like output [H, W, C]')
  // the encoder only: a segmentation network's decoder (from the first layer that enlarges the
  // map) repaints class scores, not the image's textures
  const grows = all.findIndex(
    (n, i) => i > 0 && n.outputShape[0] > Math.min(...all.slice(0, i).map((m) => m.outputShape[0])),
  )
  const layers = grows < 0 ? all : all.slice(0, grows)
  const lastAt = new Map<string, NodeInfo>()
  for (const n of layers) {
    const key = n.outputShape.slice(0, 2).join('x')
    // a narrower layer at the same size (a 1×1 class convolution) is a head, not a description
    const before = lastAt.get(key)
    if (before && before.outputShape[2] > n.outputShape[2]) continue
    lastAt.set(key, n)
  }
  const byDepth = [...lastAt.values()].sort((a, b) => b.outputShape[0] - a.outputShape[0])
  const style = byDepth.slice(0, 5)
  return { content: byDepth.at(-2) ?? byDepth[0], style }
}

/**
 * An analysis holding only `targets` and what they depend on, with the input resized to [h, w]
 * and every shape recomputed, outputs = targets in order: `compile` builds it as it builds any
 * analysis, with the same layer (and so weight) names as the full graph.
 */
export function featureAnalysis(analysis: Analysis, targets: NodeInfo[], h: number, w: number): Analysis {
  const byId = new Map(analysis.order.map((n) => [n.id, n]))
  const needed = new Set<string>()
  const stack = targets.map((t) => t.id)
  while (stack.length) {
    const id = stack.pop()!
    if (needed.has(id)) continue
    needed.add(id)
    stack.push(...byId.get(id)!.inputs)
  }
  const shapes = new Map<string, Shape>()
  const order: NodeInfo[] = []
  for (const n of analysis.order) {
    if (!needed.has(n.id)) continue
    const inputShapes = n.inputs.map((i) => shapes.get(i)!)
    const params = n.type === 'Input' ? { ...n.params, shape: [h, w, n.outputShape[2]] } : n.params
    let outputShape: Shape
    try {
      outputShape = n.def.outputShape(params, inputShapes)
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e
      throw new StylizeError(
        `at ${w}×${h} pixels layer ${quote(n.id)} cannot be built (${e.message}): choose a larger --size or shallower layers`,
      )
    }
    if (outputShape.some((d) => !Number.isInteger(d) || d < 1))
      throw new StylizeError(
        `at ${w}×${h} pixels layer ${quote(n.id)} would output [${outputShape.join(', ')}]: choose a larger --size or shallower layers`,
      )
    shapes.set(n.id, outputShape)
    order.push({ ...n, params, inputShapes, outputShape })
  }
  const input = order.find((n) => n.type === 'Input')!
  return { ...analysis, order, inputs: [input.id], outputs: targets.map((t) => t.id) }
}
