import { readFileSync } from 'node:fs'
import path from 'node:path'
import { analyze } from '../../../engine/graph/analyze'
import { parseGraph } from '../../../engine/graph/parse'
import type { GraphDocInput } from '../../../engine/graph/schema'

/** The vision presets with the name test/reference/vision_models.py gives their PyTorch model. */
export const VISION_PRESETS = [
  'bn-lenet',
  'mlp-dropout',
  'alexnet',
  'vgg11',
  'nin',
  'googlenet',
  'resnet18',
  'densenet',
  'fcn',
  'unetpp',
]

export function presetDoc(name: string): GraphDocInput {
  return JSON.parse(readFileSync(path.resolve('presets', `${name}.json`), 'utf8')) as GraphDocInput
}

/** The preset with its Input's H×W replaced (channels kept). */
export function withInputSize(doc: GraphDocInput, h: number, w = h): GraphDocInput {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.type !== 'Input') return n
      const shape = (n.params as { shape: number[] }).shape
      return { ...n, params: { ...n.params, shape: [h, w, shape[2]] } }
    }),
  }
}

export function analyzed(doc: GraphDocInput) {
  const p = parseGraph(doc)
  if (!p.ok) throw new Error(p.errors[0].message)
  return { doc: p.doc, analysis: analyze(p.doc) }
}
