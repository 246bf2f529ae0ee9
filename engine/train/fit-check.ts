import type { Dataset } from '../data/types'
import type { Analysis } from '../graph/analyze'
import type { TrainingConfig } from '../graph/schema'
import { resizeNeeded } from '../data/augment'
import { prod } from '../layers/types'
import { quote } from '../budget/untrusted'
import { checkDetectionFit } from './detect/setup'

const fmt = (s: number[]) => `[${s.join('×')}]`

/**
 * Checks that a dataset fits the graph before anything is built, and says how to fix it.
 * Images with the Input's channel count but another H×W are resized per batch (the course feeds
 * 28×28 Fashion-MNIST to AlexNet at 224×224); other inputs whose element count matches are
 * reshaped (a 784-vector model takes 28×28×1 images).
 */
export function checkFit(analysis: Analysis, ds: Dataset, loss: TrainingConfig['loss']): void {
  if (analysis.outputs.length !== 1)
    throw new Error(`training needs exactly one output; this graph has ${analysis.outputs.length}`)
  const more = ds.moreInputs ?? []
  if (analysis.inputs.length !== 1 + more.length) {
    const names = ['samples', ...more.map((m) => m.name)].join(', ')
    throw new Error(
      `dataset '${ds.name}' gives ${1 + more.length} input(s) (${names}) but the graph has ${analysis.inputs.length} Input node(s): ${more.length ? 'add an Input for each, in that order' : 'training needs exactly one Input'}`,
    )
  }
  more.forEach((m, j) => {
    const node = analysis.order.find((n) => n.id === analysis.inputs[j + 1])!
    const dtype = (node.params as { dtype?: string }).dtype ?? 'float32'
    if (node.outputShape.join() !== m.shape.join() || dtype !== m.dtype)
      throw new Error(
        `dataset '${ds.name}' gives ${m.name} as ${m.dtype} ${fmt(m.shape)} but Input ${quote(node.id)} (input ${j + 2}) is ${dtype} ${fmt(node.outputShape)}: set its shape and dtype to match`,
      )
  })
  const input = analysis.order.find((n) => n.id === analysis.inputs[0])!
  const output = analysis.order.find((n) => n.id === analysis.outputs[0])!
  const want = input.outputShape
  const resize = resizeNeeded(ds.inputShape, want)
  if (resize && ds.task === 'segmentation')
    throw new Error(
      `dataset '${ds.name}' gives ${fmt(ds.inputShape)} images but Input ${quote(input.id)} expects ${fmt(want)}: masks are not resized, so set the dataset size to [${want[0]}, ${want[1]}] or change the Input shape`,
    )
  const channelsDiffer = ds.inputShape.length === 3 && want.length === 3 && ds.inputShape[2] !== want[2]
  if (channelsDiffer && prod(want) !== prod(ds.inputShape))
    throw new Error(
      `dataset '${ds.name}' gives images with ${ds.inputShape[2]} channel(s) ${fmt(ds.inputShape)} but Input ${quote(input.id)} expects ${want[2]} ${fmt(want)}: set the Input's last size to ${ds.inputShape[2]}`,
    )
  if (!resize && prod(want) !== prod(ds.inputShape))
    throw new Error(
      `dataset '${ds.name}' gives samples of shape ${fmt(ds.inputShape)} but Input ${quote(input.id)} expects ${fmt(input.outputShape)}: change the Input shape`,
    )
  const wantDtype = (input.params as { dtype?: string }).dtype ?? 'float32'
  if (wantDtype !== ds.inputDtype)
    throw new Error(
      `dataset '${ds.name}' gives ${ds.inputDtype} values but Input ${quote(input.id)} is ${wantDtype}`,
    )
  const vocab = ds.meta?.vocab
  if (Array.isArray(vocab))
    for (const e of analysis.order)
      if (
        e.type === 'Embedding' &&
        e.inputs.includes(input.id) &&
        (e.params.inputDim as number) < vocab.length
      )
        throw new Error(
          `dataset '${ds.name}' has a vocabulary of ${vocab.length} tokens but Embedding ${quote(e.id)} takes ids below ${e.params.inputDim as number}: set its inputDim to ${vocab.length}`,
        )
  if (loss === 'multibox' || ds.task === 'detection') {
    checkDetectionFit(analysis, ds, { loss })
    return
  }
  const out = output.outputShape
  if (loss === 'mlm-nsp') {
    const [t, v] = [ds.targetShape[0], ds.numClasses ?? 0]
    if (ds.targetShape.length !== 1 || fmt(out) !== fmt([t, v + 2]))
      throw new Error(
        `the mlm-nsp loss reads [positions, vocabulary + 2] (masked-word logits, then 2 next-sentence logits): output ${quote(output.id)} is ${fmt(out)} but '${ds.name}' needs ${fmt([t, v + 2])}${ds.targetShape.length !== 1 ? ' (and a pretraining dataset such as time-machine-mlm)' : ''}`,
      )
    return
  }
  if (loss === 'cross-entropy') {
    const classes = ds.numClasses ?? 0
    if (out.at(-1) !== classes)
      throw new Error(
        `dataset '${ds.name}' has ${classes} classes but the output ${quote(output.id)} has ${out.at(-1)} units: make the last layer output ${classes}`,
      )
    if (prod(out) / classes !== Math.max(1, prod(ds.targetShape)))
      throw new Error(`output ${fmt(out)} does not match the targets ${fmt(ds.targetShape)} of '${ds.name}'`)
  } else if (prod(out) !== Math.max(1, prod(ds.targetShape)))
    throw new Error(
      `output ${quote(output.id)} has shape ${fmt(out)} but '${ds.name}' targets have shape ${fmt(ds.targetShape.length ? ds.targetShape : [1])}${ds.task === 'classification' ? `: use the cross-entropy loss for classes` : ''}`,
    )
}
