/**
 * What the importer accumulates while it walks the ONNX graph: the Deepwire nodes and edges made
 * so far, their weights, which ONNX tensor is which engine value (or constant), and the lines of
 * the refusal when some operators cannot be imported.
 */
import type { Weight } from '../../export/onnx/types'
import type { GraphEdge, GraphNode } from '../../graph/schema'
import { quote } from '../../budget/untrusted'
import type { Shape } from '../../layers/types'
import type { OnnxNode, OnnxTensor } from './read'
import { tensorFloats, tensorInts } from './tensor-data'
import type { ConstantTensor, ImportValue, Layout } from './types'

/** One node's refusal: thrown by `fail`, collected as a line of the import error. */
export class NodeRefusal extends Error {
  override name = 'NodeRefusal'
}

/** A node whose input was already refused: skipped without a line of its own. */
export class Downstream extends Error {}

export interface ImportIssue {
  op: string
  node: string
  why: string
}

/** Lines of a refusal: enough to see what a model needs, not a screenful per node of an op soup. */
const MAX_LINES = 40

/** The import fails listing one line per operator it could not map; nothing is written. */
export class OnnxImportError extends Error {
  override name = 'OnnxImportError'
  constructor(readonly issues: ImportIssue[]) {
    const shown = issues.slice(0, MAX_LINES).map((i) => `  ${i.op} ${quote(i.node, 60)}: ${i.why}`)
    if (issues.length > MAX_LINES)
      shown.push(`  … and ${(issues.length - MAX_LINES).toLocaleString('en')} more`)
    super(
      `cannot import ${issues.length.toLocaleString('en')} operator${issues.length === 1 ? '' : 's'}:\n` +
        shown.join('\n'),
    )
  }
}

export type Constant = { tensor: OnnxTensor } | { floats: ConstantTensor } | { ints: number[] }

export class ImportState {
  readonly nodes: GraphNode[] = []
  readonly edges: GraphEdge[] = []
  readonly weights = new Map<string, Record<string, Weight>>()
  readonly values = new Map<string, ImportValue>()
  readonly constants = new Map<string, Constant>()
  readonly refused = new Set<string>()
  /** Zero tensors whose shape holds the batch size: PyTorch's default initial recurrent state. */
  readonly zeros = new Set<string>()
  readonly issues: ImportIssue[] = []
  readonly warnings: string[] = []
  readonly outputIds = new Map<string, string>()
  /** Node id → the parts of the ONNX name it was made from: its module path (see group.ts). */
  readonly names = new Map<string, string[]>()
  private readonly ids = new Set<string>()
  private readonly floatCache = new Map<string, ConstantTensor>()

  constructor(readonly modelDir: string | null) {}

  /**
   * A graph id from an ONNX node name: PyTorch's '/layer1/layer1.0/conv1/Conv' becomes
   * 'layer1.0.conv1' (module path, op type dropped), the engine exporter's 'conv1/Conv' 'conv1'.
   */
  uniqueId(name: string, fallback: string, op?: string): string {
    const parts = name.split('/').filter(Boolean)
    const clean = (ps: string[]) =>
      ps
        .filter((p, i) => !ps[i + 1]?.startsWith(`${p}.`))
        .join('.')
        .replace(/[^\p{L}\p{N}_.\-:]/gu, '_')
        .replace(/^@/, '_')
        .slice(0, 100)
    const full = clean(parts) || fallback
    const short =
      op && parts.length > 1 && parts.at(-1)!.toLowerCase().startsWith(op.toLowerCase())
        ? clean(parts.slice(0, -1))
        : full
    let id = [short, full].find((c) => !this.ids.has(c)) ?? full
    for (let i = 2; this.ids.has(id); i++) id = `${full}_${i}`
    this.ids.add(id)
    this.names.set(id, parts)
    return id
  }

  addNode(node: GraphNode, inputs: string[], weights?: Record<string, Weight>): void {
    this.nodes.push(node)
    inputs.forEach((source) => this.edges.push({ source, target: node.id }))
    if (weights && Object.keys(weights).length) this.weights.set(node.id, weights)
  }

  value(name: string, node: OnnxNode): ImportValue {
    const v = this.values.get(name)
    if (v) return v
    if (this.refused.has(name)) throw new Downstream()
    if (this.constants.has(name))
      throw new NodeRefusal(`its input '${name}' is a constant; only weights may be constants here`)
    throw new NodeRefusal(`its input '${name}' of ${node.op} is missing`)
  }

  setValue(name: string, id: string, shape: Shape, layout: Layout, image?: Shape): void {
    this.values.set(name, { id, shape, layout, ...(image && { image }) })
  }

  floats(name: string): ConstantTensor | null {
    const cached = this.floatCache.get(name)
    if (cached) return cached
    const c = this.constants.get(name)
    if (!c || 'ints' in c) return null
    if ('floats' in c) return c.floats
    if (c.tensor.dataType !== 1) return null
    const t = { data: tensorFloats(c.tensor, this.modelDir), dims: c.tensor.dims }
    this.floatCache.set(name, t)
    return t
  }

  ints(name: string): number[] | null {
    const c = this.constants.get(name)
    if (!c || 'floats' in c) return null
    if ('ints' in c) return c.ints
    return c.tensor.dataType === 6 || c.tensor.dataType === 7 ? tensorInts(c.tensor) : null
  }

  refuse(node: OnnxNode, why: string): void {
    this.issues.push({ op: node.op, node: node.name || node.outputs[0] || '(unnamed)', why })
    node.outputs.forEach((o) => this.refused.add(o))
  }
}
