/**
 * Accumulates the ONNX graph while the layers' emitters run: unique tensor names, nodes,
 * initializers, graph inputs and outputs. Transposes are folded as they are added and nodes
 * nobody reads are pruned at the end, so the layout conversions of `layout.ts` cost nothing
 * where they cancel out.
 */
import type { NodeInfo } from '../../graph/analyze'
import type { Shape } from '../../layers/types'
import { toStorage } from './layout'
import type { Attrs, NodeSpec, TensorSpec, ValueSpec } from './proto'
import { OnnxExportError, type OnnxContext, type Weight } from './types'

/** Ops whose output has its first input's element type; all others here produce floats. */
const TYPE_PRESERVING = new Set(['Transpose', 'Reshape', 'Flatten', 'Identity'])

export class GraphBuilder {
  readonly nodes: NodeSpec[] = []
  readonly initializers: TensorSpec[] = []
  readonly inputs: ValueSpec[] = []
  readonly outputs: ValueSpec[] = []
  private readonly names = new Set<string>()
  /** output name → the Transpose that produced it */
  private readonly transposes = new Map<string, { input: string; perm: number[] }>()
  private readonly ints = new Set<string>()
  /** tensors renamed into graph outputs */
  private readonly renamed = new Map<string, string>()

  /** Keeps a name (a graph input or output) away from generated tensor names. */
  reserve(name: string): void {
    this.names.add(name)
  }

  private unique(base: string): string {
    let name = base
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`
    this.names.add(name)
    return name
  }

  op(base: string, type: string, inputs: string[], attrs: Attrs = {}): string {
    const out = this.unique(`${base}/${type}`)
    this.nodes.push({ name: out, op: type, inputs, outputs: [out], attrs })
    if (TYPE_PRESERVING.has(type) && this.ints.has(inputs[0])) this.ints.add(out)
    return out
  }

  /** A node with several outputs (RNN, GRU, LSTM); names them `<base>/<type>:<i>`. */
  opOutputs(base: string, type: string, inputs: string[], count: number, attrs: Attrs = {}): string[] {
    const stem = this.unique(`${base}/${type}`)
    const outs = Array.from({ length: count }, (_, i) => this.unique(`${stem}:${i}`))
    this.nodes.push({ name: stem, op: type, inputs, outputs: outs, attrs })
    return outs
  }

  transpose(base: string, tensor: string, perm: number[]): string {
    const x = this.renamed.get(tensor) ?? tensor
    const prev = this.transposes.get(x)
    // y = T(T(x0, p), q) is T(x0, r) with r[i] = p[q[i]]
    if (prev) {
      const composed = perm.map((i) => prev.perm[i])
      return this.transpose(base, prev.input, composed)
    }
    if (perm.every((p, i) => p === i)) return x
    const out = this.op(base, 'Transpose', [x], { perm })
    this.transposes.set(out, { input: x, perm })
    return out
  }

  constant(
    name: string,
    values: Float32Array | readonly number[],
    dims: number[],
    dtype: 'float32' | 'int64',
  ) {
    const data =
      dtype === 'int64'
        ? BigInt64Array.from(values, (v) => BigInt(v))
        : values instanceof Float32Array
          ? values
          : Float32Array.from(values)
    const size = dims.reduce((a, b) => a * b, 1)
    if (data.length !== size)
      throw new Error(`initializer ${name}: ${data.length} values for dims [${dims.join(', ')}]`)
    const unique = this.unique(name)
    this.initializers.push({ name: unique, dtype, dims, data })
    return unique
  }

  input(name: string, dtype: 'float32' | 'int32', shape: Shape): string {
    this.inputs.push({ name, dtype, dims: ['batch', ...shape] })
    if (dtype === 'int32') this.ints.add(name)
    return name
  }

  isInt(x: string): boolean {
    return this.ints.has(x)
  }

  /** Publishes tensor `x` as graph output `name`: renames its producer's output, or adds an Identity. */
  output(tensor: string, name: string, shape: Shape): void {
    const x = this.renamed.get(tensor) ?? tensor
    const dtype = this.ints.has(x) ? 'int32' : 'float32'
    const producer = this.nodes.find((n) => n.outputs.includes(x))
    if (producer && !this.outputs.some((o) => o.name === x)) {
      for (const n of this.nodes) {
        n.inputs = n.inputs.map((i) => (i === x ? name : i))
        n.outputs = n.outputs.map((o) => (o === x ? name : o))
      }
      this.renamed.set(x, name)
    } else this.nodes.push({ name, op: 'Identity', inputs: [x], outputs: [name], attrs: {} })
    this.outputs.push({ name, dtype, dims: ['batch', ...shape] })
  }

  /** Drops nodes and initializers that no graph output depends on (folded transposes, mostly). */
  prune(): void {
    const needed = new Set(this.outputs.map((o) => o.name))
    const kept: NodeSpec[] = []
    for (const n of [...this.nodes].reverse()) {
      if (!n.outputs.some((o) => needed.has(o))) continue
      kept.push(n)
      n.inputs.forEach((i) => needed.add(i))
    }
    this.nodes.splice(0, this.nodes.length, ...kept.reverse())
    const inits = this.initializers.filter((t) => needed.has(t.name))
    this.initializers.splice(0, this.initializers.length, ...inits)
  }

  /** The context one layer's emitter works with. */
  context(n: NodeInfo, inputs: string[], weights: (name: string) => Weight | null): OnnxContext {
    const fail = (why: string): never => {
      throw new OnnxExportError(n.id, n.type, why)
    }
    const ctx: OnnxContext = {
      id: n.id,
      kind: n.type,
      inputs,
      inputShapes: n.inputShapes,
      outputShape: n.outputShape,
      op: (type, ins, attrs) => this.op(n.id, type, ins, attrs),
      opOutputs: (type, ins, count, attrs) => this.opOutputs(n.id, type, ins, count, attrs),
      transpose: (x, perm) => this.transpose(n.id, x, perm),
      constant: (suffix, values, dims, dtype = 'float32') =>
        this.constant(`${n.id}.${suffix}`, values, dims, dtype),
      weight: (name) => weights(name) ?? fail(`its tfjs layer has no weight '${name}'`),

      isInt: (x) => this.isInt(x),
      graphInput: (dtype, shape) => toStorage(ctx, this.input(n.id, dtype, shape), shape),
      fail,
    }
    return ctx
  }
}
