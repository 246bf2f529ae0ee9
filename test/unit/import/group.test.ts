/**
 * Grouping an import by module path (engine/import/onnx/group.ts) on small hand-written graphs:
 * modules become nested blocks with a stem, a module that a path leaves and re-enters stays
 * flat, and a node shared by a residual Add keeps its input order through the block ports.
 */
import { describe, expect, it } from 'vitest'
import { encodeModel, type NodeSpec } from '../../../engine/export/onnx/proto'
import { flatten } from '../../../engine/graph/flatten'
import { graphSchema, type GraphDoc } from '../../../engine/graph/schema'
import { importOnnx } from '../../../engine/import/onnx/import'

/** A chain or DAG over a [batch, 4] input, nodes given as [name, op, inputs]; the last is the output. */
function imported(spec: [string, string, string[]][]): GraphDoc {
  const nodes: NodeSpec[] = spec.map(([name, op, inputs]) => ({
    name,
    op,
    inputs,
    outputs: [name],
    attrs: {},
  }))
  const bytes = encodeModel({
    name: 'g',
    opset: 17,
    producer: 'pytorch',
    producerVersion: '2',
    nodes,
    initializers: [],
    inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 4] }],
    outputs: [{ name: spec.at(-1)![0], dtype: 'float32', dims: ['batch', 4] }],
    metadata: {},
  })
  return graphSchema.parse(importOnnx(bytes, { name: 'g', modelDir: null }).doc)
}

const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id)

describe('grouping an import by module path', () => {
  it('makes nested blocks, a stem of the layers before them, and keeps the edges', () => {
    const doc = imported([
      ['/Relu', 'Relu', ['x']],
      ['/act/Sigmoid', 'Sigmoid', ['/Relu']],
      ['/body/body.0/Tanh', 'Tanh', ['/act/Sigmoid']],
      // a residual: the block's input is read twice, its Add's operands stay in order
      ['/body/body.0/Add', 'Add', ['/body/body.0/Tanh', '/act/Sigmoid']],
      ['/body/body.1/Tanh', 'Tanh', ['/body/body.0/Add']],
      ['/body/body.1/Relu', 'Relu', ['/body/body.1/Tanh']],
      ['/head/Sigmoid', 'Sigmoid', ['/body/body.1/Relu']],
    ])
    expect(ids(doc.nodes)).toEqual(['x', 'stem', 'body', 'head', 'head.Sigmoid'])
    // the file's output keeps its tensor's name
    expect(doc.nodes.at(-1)!.type).toBe('Output')
    expect(ids(doc.blocks.stem.nodes)).toEqual(['relu', 'act'])
    expect(ids(doc.blocks.body.nodes)).toEqual(['0', '1'])
    expect(ids(doc.blocks['body.0'].nodes)).toEqual(['tanh', 'add'])
    expect(doc.blocks['body.0'].edges).toEqual([
      { source: '@in', target: 'tanh' },
      { source: 'tanh', target: 'add' },
      { source: '@in', target: 'add' },
      { source: 'add', target: '@out' },
    ])
    const flat = flatten(doc)
    expect(flat.issues).toEqual([])
    expect(flat.graph.inputsOf.get('body/0/add')).toEqual(['body/0/tanh', 'stem/act'])
    expect(flat.graph.inputsOf.get('head')).toEqual(['body/1/relu'])
  })

  it('leaves a module flat when a path leaves it and comes back', () => {
    const doc = imported([
      ['/enc/Relu', 'Relu', ['x']],
      ['/mid/Tanh', 'Tanh', ['/enc/Relu']],
      ['/enc/Sigmoid', 'Sigmoid', ['/mid/Tanh']],
    ])
    expect(Object.keys(doc.blocks)).toEqual([])
    expect(doc.nodes.map((n) => n.type)).toEqual(['Input', 'ReLU', 'Tanh', 'Sigmoid', 'Output'])
  })
})
