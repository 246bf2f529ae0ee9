/**
 * model.py from an analysed graph: one nn.Module class per distinct block body (blocks become
 * sub-modules, repeated blocks nn.Sequential), the whole graph as `Net`, and the plan that
 * moves every tfjs weight to its state_dict key. Each layer's own `toPytorch` writes its module
 * and forward expression; this file only wires names and values together.
 */
import type { Analysis } from '../../graph/analyze'
import type { GraphDoc } from '../../graph/schema'
import type { PytorchWeight, Shape } from '../../layers/types'
import { resolveClasses, type Instance } from './classes'
import { quote } from '../../budget/untrusted'
import { pyEscape, pyStr } from '../literals'
import { Namer, pyIdent } from './names'
import { LOAD_WEIGHTS, PY_HELPERS } from './pyhelpers'
import { buildScopes, type Item, type Scope } from './scopes'
import { isImage, pyTuple } from './syntax'

export interface WeightPlan extends PytorchWeight {
  /** Full state_dict key, e.g. 'res1.conv1.weight'. */
  key: string
  nodeId: string
}

export interface ModelSource {
  code: string
  weights: WeightPlan[]
  /** state_dict keys of integer counters (BatchNorm's num_batches_tracked), exported as 0. */
  counters: string[]
  /** Per-sample input shapes in the PyTorch layout (images C, H, W). */
  inputShapes: Shape[]
}

/** An export failure tied to one graph node. */
export class PytorchExportError extends Error {
  override name = 'PytorchExportError'
  constructor(
    readonly nodeId: string,
    why: string,
  ) {
    super(`cannot export node ${quote(nodeId)} to PyTorch: ${why}`)
  }
}

export const torchShape = (s: Shape): Shape => (isImage(s) ? [s[2], s[0], s[1]] : [...s])

const indent = (lines: string[], n: number) => lines.map((l) => (l ? ' '.repeat(n) + l : l))

export function generateModel(doc: GraphDoc, a: Analysis): ModelSource {
  const weights: WeightPlan[] = []
  const counters: string[] = []
  const helpers = new Set<string>()
  const inputNames = new Map(
    a.inputs.map((id) => [id, a.inputs.length === 1 ? 'x' : pyIdent(id)] as [string, string]),
  )

  const instances: Instance[] = []
  /** A placeholder for the block instance's constructor; classes.ts resolves it. */
  function construct(scope: Scope, at: string): { id: number; text: string } {
    let inst: Instance
    if (scope.sequential) {
      const parts = scope.items.map((it, i) => construct((it as { scope: Scope }).scope, `${at}${i}.`))
      const body = `nn.Sequential(${parts.map((c) => c.text).join(', ')})`
      inst = { block: '', body, children: parts.map((c) => c.id), inline: true }
    } else inst = { block: scope.block ?? 'block', ...classBody(scope, at) }
    instances.push(inst)
    return { id: instances.length - 1, text: `⟦${instances.length - 1}⟧` }
  }

  function classBody(scope: Scope, at: string): { body: string; children: number[] } {
    const prefix = scope.path ? scope.path + '/' : ''
    const children: number[] = []
    const attrs = new Namer()
    const vars = new Namer()
    const init: string[] = []
    const fwd: string[] = []
    const names = new Map<string, string>()
    const pending = new Map<string, number>()
    const uses = new Map<string, number>()
    const count = (id: string, n = 1) => uses.set(id, (uses.get(id) ?? 0) + n)
    const inputsOf = (it: Item) => (it.kind === 'node' ? it.info.inputs : it.scope.args.map((x) => x.id))
    for (const it of scope.items) inputsOf(it).forEach((id) => count(id))
    for (const r of scope.returns) count(r.id, Infinity)
    let xUses = 0
    const bind = (id: string, v: string) => {
      if (v === 'x') xUses = uses.get(id) ?? 0
      names.set(id, v)
      pending.set(v, (pending.get(v) ?? 0) + (uses.get(id) ?? 0))
    }
    // a chain reads best as `x = f(x)`: reuse x once nothing else needs its value, unless x was a
    // branch point or the new value feeds several layers (clearer under the node's own name)
    const fresh = (id: string, local: string, args: string[]) => {
      const n = uses.get(id) ?? 0
      const free = args.includes('x') && pending.get('x') === 0 && (xUses <= 1 || args.length > 1)
      const v = free && (n <= 1 || n === Infinity) ? 'x' : vars.take(pyIdent(local))
      bind(id, v)
      return v
    }

    const params = scope.path
      ? scope.args.map((arg, i) => {
          const ports = scope.args.map((x) => x.port)
          const unique = arg.port && ports.filter((p) => p === arg.port).length === 1
          const v = vars.take(scope.args.length === 1 ? 'x' : unique ? pyIdent(arg.port!) : `x${i + 1}`)
          bind(arg.id, v)
          return v
        })
      : a.inputs.map((id) => {
          // unique even if two ids sanitise alike ('a-b', 'a_b')
          const v = vars.take(inputNames.get(id)!)
          inputNames.set(id, v)
          return v
        })

    for (const it of scope.items) {
      const local = it.key.slice(prefix.length)
      const args = inputsOf(it).map((id) => names.get(id)!)
      args.forEach((v) => pending.set(v, pending.get(v)! - 1))
      if (it.kind === 'block') {
        const attr = attrs.take(pyIdent(local))
        const child = construct(it.scope, `${at}${attr}.`)
        children.push(child.id)
        init.push(`self.${attr} = ${child.text}`)
        const call = `self.${attr}(${args.join(', ')})`
        const rets = it.scope.returns
        if (rets.length === 1) fwd.push(`${fresh(rets[0].id, local, args)} = ${call}`)
        else {
          const vs = rets.map((r) => fresh(r.id, `${local}_${r.port}`, []))
          fwd.push(`${vs.join(', ')} = ${call}`)
        }
        continue
      }
      const n = it.info
      if (n.type === 'Input') {
        if (scope.path)
          throw new PytorchExportError(n.id, 'an Input inside a block has no PyTorch equivalent')
        bind(n.id, inputNames.get(n.id)!)
        continue
      }
      if (!n.def.toPytorch) throw new PytorchExportError(n.id, `${n.type} has no PyTorch emitter yet`)
      const attr = attrs.take(pyIdent(local))
      let code
      try {
        code = n.def.toPytorch(n.params, {
          in: n.inputShapes,
          out: n.outputShape,
          args,
          self: `self.${attr}`,
        })
      } catch (e) {
        throw new PytorchExportError(n.id, `${n.type}: ${e instanceof Error ? e.message : String(e)}`)
      }
      code.helpers?.forEach((h) => helpers.add(h))
      if (code.module) {
        init.push(`self.${attr} = ${code.module}`)
        for (const w of code.weights ?? [])
          weights.push({ ...w, key: `${at}${attr}.${w.torch}`, nodeId: n.id })
        for (const c of code.counters ?? []) counters.push(`${at}${attr}.${c}`)
      }
      if (!code.module && args.length === 1 && code.forward === args[0]) {
        bind(n.id, args[0])
        continue
      }
      if (code.comment) fwd.push(`# ${code.comment}`)
      fwd.push(`${fresh(n.id, local, args)} = ${code.forward}`)
    }
    const rets = scope.returns.map((r) => {
      const v = names.get(r.id)
      if (!v) throw new PytorchExportError(r.id, 'it is an output of the model but hidden inside a block')
      return v
    })
    fwd.push(`return ${rets.join(', ')}`)
    const doc = scope.block ? [`"""Block '${pyEscape(scope.block)}' of the graph."""`, ''] : []
    const body = indent(
      [
        ...doc,
        'def __init__(self):',
        ...indent(['super().__init__()', ...init], 4),
        '',
        `def forward(${['self', ...params].join(', ')}):`,
        ...indent(fwd, 4),
      ],
      4,
    ).join('\n')
    return { body, children }
  }

  const root = classBody(buildScopes(doc, a), '')
  const { ctor, classes } = resolveClasses(instances, ['Net'])
  const netBody = root.body.replace(/⟦(\d+)⟧/g, (_, id) => ctor[Number(id)])
  const inputShapes = a.inputs.map((id) => torchShape(a.order.find((n) => n.id === id)!.outputShape))
  const dtypes = a.inputs.map((id) => {
    const dtype = (a.order.find((n) => n.id === id)!.params as { dtype?: string }).dtype
    return dtype === 'int32' ? "'int64'" : "'float32'"
  })
  const code = [
    header(doc, inputShapes),
    'import numpy as np',
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
    '',
    '# the graph this model was generated from',
    `GRAPH_NAME = ${pyStr(doc.name)}`,
    `# per-sample input shapes in PyTorch's layout, and their dtypes`,
    `INPUT_SHAPES = [${inputShapes.map(pyTuple).join(', ')}]`,
    `INPUT_DTYPES = [${dtypes.join(', ')}]`,
    ...[...helpers].flatMap((h) => ['', '', PY_HELPERS[h]]),
    ...classes.flatMap((c) => ['', '', c]),
    '',
    '',
    'class Net(nn.Module):',
    `    """${pyEscape(doc.name)}, as built in Deepwire."""`,
    '',
    netBody,
    '',
    '',
    LOAD_WEIGHTS,
    '',
  ].join('\n')
  return { code, weights, counters, inputShapes }
}

function header(doc: GraphDoc, inputs: Shape[]): string {
  const about = pyEscape(doc.description ?? '')
  const shapes = inputs.map((s) => `[N, ${s.join(', ')}]`).join(' and ')
  return [
    `"""${pyEscape(doc.name)}: a PyTorch model generated by Deepwire from the graph.`,
    ...(about ? ['', about] : []),
    '',
    'Images are NCHW, as PyTorch expects; vectors and sequences keep Deepwire’s layout ([N, F],',
    `[N, T, C]). Net() takes ${shapes}. load_weights(model, 'weights.npz') loads the exported weights.`,
    '"""',
  ].join('\n')
}
