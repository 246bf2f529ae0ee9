/**
 * A two-scale SSD small enough to train in seconds: 32×32 images, conv-BN-ReLU-pool stages of 8, 16
 * and 32 channels, class and box heads on the 8×8 and 4×4 maps, anchors of the tiny-ssd preset's
 * first two scales. Used by the detection training and prediction tests.
 */
import type { GraphDocInput } from '../../engine/graph/schema'

export function miniSsd(training: Record<string, unknown> = {}): GraphDocInput {
  const nodes: GraphDocInput['nodes'] = [{ id: 'in', type: 'Input', params: { shape: [32, 32, 3] } }]
  const edges: GraphDocInput['edges'] = []
  let prev = 'in'
  ;[8, 16, 32].forEach((filters, i) => {
    nodes.push(
      { id: `conv${i}`, type: 'Conv2D', params: { filters, kernelSize: 3, padding: 1 } },
      { id: `bn${i}`, type: 'BatchNorm' },
      { id: `relu${i}`, type: 'ReLU' },
      { id: `pool${i}`, type: 'MaxPool2D', params: { poolSize: 2, strides: 2 } },
    )
    edges.push(
      { source: prev, target: `conv${i}` },
      { source: `conv${i}`, target: `bn${i}` },
      { source: `bn${i}`, target: `relu${i}` },
      { source: `relu${i}`, target: `pool${i}` },
    )
    prev = `pool${i}`
  })
  const scales = [
    { from: 'pool1', sizes: [0.2, 0.272] },
    { from: 'pool2', sizes: [0.37, 0.447] },
  ]
  scales.forEach((s, i) => {
    nodes.push(
      { id: `cls${i}`, type: 'Conv2D', params: { filters: 16, kernelSize: 3, padding: 1 } },
      { id: `box${i}`, type: 'Conv2D', params: { filters: 16, kernelSize: 3, padding: 1 } },
      { id: `anc${i}`, type: 'AnchorBoxes', params: { sizes: s.sizes, ratios: [1, 2, 0.5] } },
    )
    for (const k of ['cls', 'box', 'anc']) edges.push({ source: s.from, target: `${k}${i}` })
  })
  nodes.push(
    { id: 'multibox', type: 'MultiboxConcat', params: { classes: 3 } },
    { id: 'out', type: 'Output' },
  )
  for (const k of ['cls', 'box', 'anc'])
    for (let i = 0; i < 2; i++) edges.push({ source: `${k}${i}`, target: 'multibox' })
  edges.push({ source: 'multibox', target: 'out' })
  return {
    format: 'deepwire-graph',
    version: 2,
    name: 'mini-ssd',
    nodes,
    edges,
    training: {
      dataset: { name: 'detect-shapes', size: [32, 32], samples: 600 },
      loss: 'multibox',
      optimizer: { type: 'adam', lr: 0.005 },
      batchSize: 16,
      epochs: 5,
      validationSplit: 0.15,
      workers: 1,
      ...training,
    },
  }
}
