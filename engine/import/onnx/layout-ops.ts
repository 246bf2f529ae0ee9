/**
 * ONNX operators that move data between layouts or do nothing at inference: they become no node
 * at all (Identity, Dropout, a Concat or Sum of one input, the boundary Transposes the engine's exporter writes, Flatten of an
 * already flat tensor) or a Flatten / Permute / Reshape node. Returns false for other operators.
 */
import { TO_NCHW, TO_NHWC } from '../../export/onnx/layout'
import { prod } from '../../layers/types'
import { intsAttr, type OnnxNode } from './read'
import { onnxDims } from './operator-inputs'
import { NodeRefusal, type ImportState } from './state'
import type { ImportValue } from './types'

const same = (a: readonly number[], b: readonly number[]) => a.join() === b.join()

/** The readers of `name`, looking through ops that keep a flattened vector's element order. */
function finalReaders(name: string, readers: Map<string, OnnxNode[]>): OnnxNode[] {
  const out: OnnxNode[] = []
  const stack = [name]
  for (let hops = 0; stack.length && hops < 10_000; hops++)
    for (const r of readers.get(stack.pop()!) ?? [])
      if (['Identity', 'Dropout', 'Relu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'Elu'].includes(r.op))
        stack.push(r.outputs[0])
      else out.push(r)
  return out
}

/**
 * Flatten of an NCHW image. When only Dense layers (Gemm / MatMul) read it, the engine's own
 * Flatten (H, W, C order) is used and their weight rows are permuted; otherwise a Permute to
 * C, H, W goes first, so every reader sees the values in ONNX's order.
 */
function flattenImage(
  st: ImportState,
  node: OnnxNode,
  x: ImportValue,
  readers: Map<string, OnnxNode[]>,
): void {
  const out = node.outputs[0]
  const [h, w, c] = x.shape
  const flatId = st.uniqueId(node.name, 'flatten', node.op)
  if (h * w === 1 || finalReaders(out, readers).every((r) => r.op === 'Gemm' || r.op === 'MatMul')) {
    st.addNode({ id: flatId, type: 'Flatten' }, [x.id])
    st.setValue(out, flatId, [prod(x.shape)], h * w === 1 ? 'cl' : 'cfflat', x.shape)
    return
  }
  const permId = st.uniqueId(`${node.name}_to_chw`, 'to_chw')
  st.addNode({ id: permId, type: 'Permute', params: { dims: [3, 1, 2] } }, [x.id])
  st.addNode({ id: flatId, type: 'Flatten' }, [permId])
  st.setValue(out, flatId, [h * w * c], 'cl')
}

function flatten(st: ImportState, node: OnnxNode, x: ImportValue, readers: Map<string, OnnxNode[]>): void {
  const out = node.outputs[0]
  if (x.layout === 'cf') return flattenImage(st, node, x, readers)
  if (x.layout === 'gap' || x.shape.length === 1) {
    st.values.set(out, { ...x, layout: x.layout === 'gap' ? 'cl' : x.layout })
    return
  }
  const id = st.uniqueId(node.name, 'flatten', node.op)
  st.addNode({ id, type: 'Flatten' }, [x.id])
  st.setValue(out, id, [prod(x.shape)], 'cl')
}

/** Reshape to [batch, features] flattens; other per-sample shapes of a channels-last tensor reshape. */
function reshape(st: ImportState, node: OnnxNode, x: ImportValue, readers: Map<string, OnnxNode[]>): void {
  const target = st.ints(node.inputs[1] ?? '')
  if (!target)
    throw new NodeRefusal(
      'its target shape is computed in the graph (Shape/Gather/Concat arithmetic), not a constant',
    )
  const perSample = target.slice(1).map((d, i) => (d === 0 ? onnxDims(x)[i] : d))
  if (perSample.length === 1) return flatten(st, node, x, readers)
  if (x.layout === 'cf') x = inOnnxOrder(st, node, x)
  // a pooled [C, 1, 1] holds its values in the engine's [C] order already
  if (x.layout === 'gap') x = { ...x, shape: onnxDims(x), layout: 'cl' }
  if (x.layout !== 'cl')
    throw new NodeRefusal('it reshapes an image flattened channels-first into a shape other than a vector')
  const id = st.uniqueId(node.name, 'reshape', node.op)
  st.addNode({ id, type: 'Reshape', params: { targetShape: perSample } }, [x.id])
  const known = prod(perSample.filter((d) => d !== -1))
  st.setValue(
    node.outputs[0],
    id,
    perSample.map((d) => (d === -1 ? prod(x.shape) / known : d)),
    'cl',
  )
}

function transpose(st: ImportState, node: OnnxNode, x: ImportValue, readers: Map<string, OnnxNode[]>): void {
  const perm = intsAttr(node, 'perm')
  const rank = x.layout === 'gap' ? 4 : x.shape.length + 1
  // batch_first nn.LSTM/GRU/RNN turn the sequence time-major for the ONNX operator; the engine's
  // recurrent layers take it batch-major, so the sequence passes through (their recogniser
  // fuses the transpose back)
  const recurrent = (readers.get(node.outputs[0]) ?? []).every(
    (r) => ['LSTM', 'GRU', 'RNN'].includes(r.op) && r.inputs.indexOf(node.outputs[0]) === 0,
  )
  if (x.shape.length === 2 && x.layout === 'cl' && perm && same(perm, [1, 0, 2]) && recurrent)
    return void st.values.set(node.outputs[0], x)
  if (!perm || perm.length !== rank || perm[0] !== 0)
    throw new NodeRefusal('only transposes that keep the batch axis first import')
  if (same(perm, [...Array(rank).keys()])) return void st.values.set(node.outputs[0], x)
  if (x.shape.length === 3 && x.layout === 'cl' && same(perm, TO_NCHW))
    return void st.values.set(node.outputs[0], { ...x, layout: 'cf' })
  if (x.shape.length === 3 && x.layout === 'cf' && same(perm, TO_NHWC))
    return void st.values.set(node.outputs[0], { ...x, layout: 'cl' })
  if (x.layout !== 'cl' && x.layout !== 'cf')
    throw new NodeRefusal(`transpose [${perm.join(', ')}] of a pooled or flattened image has no layer`)
  // ONNX axis p of a channels-first image is the engine's axis IMAGE_AXIS[p]: one Permute takes
  // the engine's tensor straight to ONNX's result, which is then held in its own order
  const dims = perm.slice(1).map((p) => (x.layout === 'cf' ? IMAGE_AXIS[p] : p))
  const id = st.uniqueId(node.name, 'permute', node.op)
  st.addNode({ id, type: 'Permute', params: { dims } }, [x.id])
  st.setValue(
    node.outputs[0],
    id,
    dims.map((p) => x.shape[p - 1]),
    'cl',
  )
}

/** The engine axis (1-based) of ONNX axis 1…3 of a channels-first image. */
const IMAGE_AXIS = [0, 3, 1, 2]

/**
 * A channels-first image turned into ONNX's own order [C, H, W] by a Permute node, so reshapes
 * that mix its axes read the values in the order the ONNX model wrote them.
 */
function inOnnxOrder(st: ImportState, node: OnnxNode, x: ImportValue): ImportValue {
  const id = st.uniqueId(`${node.name}_to_chw`, 'to_chw')
  st.addNode({ id, type: 'Permute', params: { dims: [3, 1, 2] } }, [x.id])
  return { id, shape: [x.shape[2], x.shape[0], x.shape[1]], layout: 'cl' }
}

/**
 * Squeeze / Unsqueeze: the 1×1 of a global pooling squeezed away is the pooled vector itself;
 * any other axes of size 1 taken out or put in are a Reshape of the values in ONNX's order.
 */
function squeeze(st: ImportState, node: OnnxNode, x: ImportValue): void {
  const listed = st.ints(node.inputs[1] ?? '') ?? intsAttr(node, 'axes')
  if (node.op === 'Squeeze' && x.layout === 'gap' && listed && [...listed].sort().join() === '2,3')
    return void st.values.set(node.outputs[0], { ...x, layout: 'cl' })
  if (x.layout === 'cfflat')
    throw new NodeRefusal('it reshapes an image flattened channels-first, an order the engine does not keep')
  const dims = onnxDims(x)
  let out: number[]
  if (node.op === 'Squeeze') {
    const rank = dims.length + 1
    const axes = (listed ?? dims.flatMap((d, i) => (d === 1 ? [i + 1] : []))).map((a) =>
      a < 0 ? a + rank : a,
    )
    if (axes.some((a) => a < 1 || a >= rank || dims[a - 1] !== 1))
      throw new NodeRefusal(
        `it squeezes axes [${listed?.join(', ')}], which are not per-sample axes of size 1`,
      )
    out = dims.filter((_, i) => !axes.includes(i + 1))
  } else {
    if (!listed) throw new NodeRefusal('its axes are computed in the graph, not a constant')
    const rank = dims.length + 1 + listed.length
    const axes = listed.map((a) => (a < 0 ? a + rank : a))
    if (axes.some((a) => a < 1 || a >= rank)) throw new NodeRefusal('it adds an axis before the batch')
    out = []
    for (let i = 1, k = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : dims[k++])
  }
  if (out.length === 0) throw new NodeRefusal('it leaves nothing per sample but the batch')
  const from = x.layout === 'cf' ? inOnnxOrder(st, node, x) : x
  const id = st.uniqueId(node.name, 'reshape', node.op)
  st.addNode({ id, type: 'Reshape', params: { targetShape: out } }, [from.id])
  st.setValue(node.outputs[0], id, out, 'cl')
}

/** Handles `node` when it is a layout or pass-through op; false otherwise. */
export function layoutOp(st: ImportState, node: OnnxNode, readers: Map<string, OnnxNode[]>): boolean {
  const x = () => st.value(node.inputs[0], node)
  // torch.cat of a one-element list (DenseNet's first layer reads cat([x])) copies its input
  const single = ['Concat', 'Sum', 'Max', 'Min', 'Mean'].includes(node.op) && node.inputs.length === 1
  switch (single ? 'Identity' : node.op) {
    case 'Identity':
    case 'Dropout': {
      const c = st.constants.get(node.inputs[0])
      if (c) st.constants.set(node.outputs[0], c)
      else st.values.set(node.outputs[0], x())
      return true
    }
    case 'Flatten': {
      const axis = node.attrs.get('axis')
      if (axis && !(axis.type === 'int' && axis.value === 1))
        throw new NodeRefusal('only Flatten from axis 1 (keeping the batch) imports')
      flatten(st, node, x(), readers)
      return true
    }
    case 'Reshape':
      reshape(st, node, x(), readers)
      return true
    case 'Squeeze':
    case 'Unsqueeze':
      squeeze(st, node, x())
      return true
    case 'Transpose':
      // nn.MultiheadAttention's subgraph starts with one: MultiHeadAttention's recogniser takes it
      if (/self_attn\/Transpose$/.test(node.name)) return false
      transpose(st, node, x(), readers)
      return true
    case 'Cast': {
      // ids cast to integers for a lookup: the Embedding layer truncates float ids the same way
      const to = node.attrs.get('to')?.value
      const lookups = (readers.get(node.outputs[0]) ?? []).every(
        (r) => r.op === 'Gather' && r.inputs[1] === node.outputs[0],
      )
      if ((to !== 6 && to !== 7) || !lookups)
        throw new NodeRefusal('only casting token ids for an Embedding imports')
      st.values.set(node.outputs[0], x())
      return true
    }
    default:
      return false
  }
}
