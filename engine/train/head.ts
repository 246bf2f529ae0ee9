import type { Analysis } from '../graph/analyze'
import type { Head } from './losses'

/** Whether the model's output is already a probability (ends in Softmax/Sigmoid) or raw logits. */
export function outputHead(analysis: Analysis): Head {
  const out = analysis.order.find((n) => n.id === analysis.outputs[0])
  if (!out) return 'logits'
  let node = out
  while (node.type === 'Output' || node.type === 'Identity' || node.type === 'Dropout') {
    const prev = analysis.order.find((n) => n.id === node.inputs[0])
    if (!prev) break
    node = prev
  }
  const act = (node.params as { activation?: string }).activation
  return node.type === 'Softmax' || node.type === 'Sigmoid' || act === 'softmax' || act === 'sigmoid'
    ? 'probabilities'
    : 'logits'
}
