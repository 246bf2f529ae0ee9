/**
 * Elementwise operator nodes: unary functions (Exp, Log, Sqrt, Neg, Abs, Reciprocal) and binary
 * arithmetic with NumPy broadcasting (Sub, Div, Pow, Max, Min, and AddOp / MulOp, the Add and Mul
 * that the merge layers do not cover: a constant operand, or inputs of different shapes). They
 * act value by value, so layouts pass through untouched.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { LayerDoc, Tf } from '../types'
import type { OnnxImportContext, Recognised } from '../../import/onnx/types'
import { constantOperand, engineConstant } from '../../import/onnx/operator-inputs'
import { operator } from './define'
import {
  broadcast,
  notLonger,
  onnxOperands,
  operandParams,
  operandShapes,
  sameRank,
  tfOperands,
  torchOperands,
} from './operands'

type Tensor = tfTypes.Tensor

function unary(kind: string, doc: LayerDoc, kernel: (tf: Tf, x: Tensor) => Tensor, torch: string) {
  return operator({
    kind,
    doc,
    inputs: [1, 1],
    params: {},
    outputShape: (_p, [x]) => [...x],
    kernel: (tf, [x]) => kernel(tf, x),
    onnx: (_p, ctx, [x]) => ctx.op(kind, [x]),
    pytorch: (_p, [x]) => `${torch}(${x})`,
    // any layout: the function acts on each value where it is
    fromOnnx: { ops: [kind], recognise: () => ({ params: {} }) },
  })
}

export const exp = unary(
  'Exp',
  {
    formula: String.raw`y = e^{x}`,
    en: 'An operator node: raises e to the power of each value. Shape unchanged, nothing learned. Imported models use it for softmax written out by hand, or to turn a predicted log-scale back into a scale.',
    zh: '算子节点：对每个数值求 e 的幂。形状不变，没有可学习参数。导入的模型常用它手写 softmax，或把预测的对数尺度变回尺度。',
  },
  (tf, x) => tf.exp(x),
  'torch.exp',
)
export const log = unary(
  'Log',
  {
    formula: String.raw`y = \ln x`,
    en: 'An operator node: the natural logarithm of each value (zero and negative values give −∞ and NaN, as in PyTorch). Shape unchanged, nothing learned.',
    zh: '算子节点：对每个数值取自然对数（零和负数得到 −∞ 和 NaN，与 PyTorch 一致）。形状不变，没有可学习参数。',
  },
  (tf, x) => tf.log(x),
  'torch.log',
)
export const sqrt = unary(
  'Sqrt',
  {
    formula: String.raw`y = \sqrt{x}`,
    en: 'An operator node: the square root of each value, for example the standard deviation inside a normalisation written out step by step. Shape unchanged, nothing learned.',
    zh: '算子节点：对每个数值开平方，例如逐步写出的归一化里求标准差的那一步。形状不变，没有可学习参数。',
  },
  (tf, x) => tf.sqrt(x),
  'torch.sqrt',
)
export const neg = unary(
  'Neg',
  {
    formula: String.raw`y = -x`,
    en: 'An operator node: flips the sign of each value. Shape unchanged, nothing learned; the gradient is flipped the same way on the way back.',
    zh: '算子节点：把每个数值变号。形状不变，没有可学习参数；反向传播时梯度也同样变号。',
  },
  (tf, x) => tf.neg(x),
  'torch.neg',
)
export const abs = unary(
  'Abs',
  {
    formula: String.raw`y = |x|`,
    en: 'An operator node: the absolute value of each value, as in an L1 distance. Shape unchanged, nothing learned; the gradient is the sign of the input.',
    zh: '算子节点：对每个数值取绝对值，例如 L1 距离。形状不变，没有可学习参数；梯度是输入的符号。',
  },
  (tf, x) => tf.abs(x),
  'torch.abs',
)
export const reciprocal = unary(
  'Reciprocal',
  {
    formula: String.raw`y = 1 / x`,
    en: 'An operator node: one divided by each value, the way exporters write a division whose numerator is 1. Shape unchanged, nothing learned.',
    zh: '算子节点：用 1 除以每个数值，导出器常这样写分子为 1 的除法。形状不变，没有可学习参数。',
  },
  (tf, x) => tf.reciprocal(x),
  'torch.reciprocal',
)

/**
 * Both operands stretched to the result's shape: tfjs' Maximum and Minimum gradients do not sum
 * over broadcast axes (they hand back the result's shape), BroadcastTo's gradient does.
 */
function broadcastBoth(tf: Tf, a: Tensor, b: Tensor): [Tensor, Tensor] {
  const rank = Math.max(a.rank, b.rank)
  const dim = (t: Tensor, i: number) => t.shape[t.rank - rank + i] ?? 1
  const shape = Array.from({ length: rank }, (_, i) => Math.max(dim(a, i), dim(b, i)))
  const to = (t: Tensor) => (t.shape.join() === shape.join() ? t : tf.broadcastTo(t, shape))
  return [to(a), to(b)]
}

/**
 * Two graph inputs in one layout, or one input and a constant the engine can broadcast the same
 * way. Variadic Max / Min of more than two inputs have no node.
 */
export function binaryFromOnnx(ctx: OnnxImportContext): Recognised | null {
  if (ctx.node.inputs.length !== 2) return null
  const [c0, c1] = [ctx.isConstant(0), ctx.isConstant(1)]
  if (c0 && c1) ctx.fail('both its operands are constants, which the importer does not fold')
  if (!c0 && !c1) {
    const [a, b] = [ctx.input(0), ctx.input(1)]
    if (a.layout !== b.layout)
      ctx.fail('its inputs are stored in different layouts (channels-first and channels-last)')
    if ((a.layout === 'gap' || a.layout === 'cfflat') && a.shape.join() !== b.shape.join())
      ctx.fail('it broadcasts pooled or flattened images, whose axes the engine holds in another order')
    return { params: {}, edges: [0, 1] }
  }
  const xi = c0 ? 1 : 0
  const c = constantOperand(ctx, c0 ? 0 : 1)
  if (!c) return ctx.fail('its constant operand is neither float nor integer')
  const operand = engineConstant(ctx, ctx.input(xi), c)
  return {
    params: { ...operand, constantFirst: c0 },
    edges: [xi],
    // a tensor of numbers may have been a parameter PyTorch trained; here it stays as it is
    ...(operand.constant.length > 1 && {
      warning: `its operand '${ctx.node.inputs[c0 ? 0 : 1]}' (${operand.constant.length} values) is kept as a fixed constant, which training does not change`,
    }),
  }
}

function binary(
  kind: string,
  onnxOp: string,
  doc: LayerDoc,
  kernel: (tf: Tf, a: Tensor, b: Tensor) => Tensor,
  torch: (a: string, b: string) => string,
) {
  return operator({
    kind,
    doc,
    inputs: [1, 2],
    params: operandParams,
    outputShape: (p, inputs) => {
      sameRank(kind, p, inputs)
      if (p.constant.length) notLonger(kind, p.constantShape, inputs[0])
      return broadcast(kind, ...operandShapes(kind, p, inputs))
    },
    kernel: (tf, xs, p) => kernel(tf, ...tfOperands(tf, xs, p)),
    onnx: (p, ctx, xs) => ctx.op(onnxOp, onnxOperands(ctx, xs, p)),
    pytorch: (p, args) => torch(...torchOperands(args, p)),
    fromOnnx: { ops: [onnxOp], recognise: binaryFromOnnx },
  })
}

export const addOp = binary(
  'AddOp',
  'Add',
  {
    formula: String.raw`y = a + b \text{ (broadcast)}`,
    en: 'An operator node for ONNX Add where the Add merge layer does not fit: a constant operand (x + 1) or inputs whose shapes differ but broadcast (sizes of 1 stretch). Learns nothing; the constant stays fixed in training.',
    zh: '算子节点，对应 Add 合并层处理不了的 ONNX Add：带常量操作数（x + 1），或形状不同但可广播的输入（大小为 1 的轴会被拉伸）。没有可学习参数；训练时常量保持不变。',
  },
  (tf, a, b) => tf.add(a, b),
  (a, b) => `torch.add(${a}, ${b})`,
)
export const mulOp = binary(
  'MulOp',
  'Mul',
  {
    formula: String.raw`y = a \odot b \text{ (broadcast)}`,
    en: 'An operator node for ONNX Mul where the Multiply merge layer does not fit: scaling by a constant, or a product of inputs whose shapes broadcast (a per-channel gate times an image). Learns nothing; the constant stays fixed.',
    zh: '算子节点，对应 Multiply 合并层处理不了的 ONNX Mul：乘以常量，或形状可广播的两个输入相乘（例如逐通道门控乘以图像）。没有可学习参数；常量保持不变。',
  },
  (tf, a, b) => tf.mul(a, b),
  (a, b) => `torch.mul(${a}, ${b})`,
)
export const sub = binary(
  'Sub',
  'Sub',
  {
    formula: String.raw`y = a - b`,
    en: 'An operator node: subtracts b from a value by value, with NumPy broadcasting. b is a second input or a constant (constantFirst makes the constant the left side, as in 1 − x). Learns nothing.',
    zh: '算子节点：逐元素计算 a 减 b，按 NumPy 规则广播。b 是第二个输入或一个常量（constantFirst 让常量在左边，如 1 − x）。没有可学习参数。',
  },
  (tf, a, b) => tf.sub(a, b),
  (a, b) => `torch.sub(${a}, ${b})`,
)
export const div = binary(
  'Div',
  'Div',
  {
    formula: String.raw`y = a / b`,
    en: 'An operator node: divides a by b value by value, with broadcasting, e.g. dividing by a standard deviation or a temperature. b is a second input or a constant. Learns nothing.',
    zh: '算子节点：逐元素计算 a 除以 b，支持广播，例如除以标准差或温度。b 是第二个输入或一个常量。没有可学习参数。',
  },
  (tf, a, b) => tf.div(a, b),
  (a, b) => `torch.div(${a}, ${b})`,
)
export const pow = binary(
  'Pow',
  'Pow',
  {
    formula: String.raw`y = a^{b}`,
    en: 'An operator node: raises a to the power b value by value, with broadcasting; most often b is the constant 2 of a squared error or a variance. A negative base with a fractional power gives NaN. Learns nothing.',
    zh: '算子节点：逐元素计算 a 的 b 次幂，支持广播；b 最常见的是平方误差或方差里的常量 2。负数的非整数次幂得到 NaN。没有可学习参数。',
  },
  (tf, a, b) => tf.pow(a, b),
  (a, b) => `torch.pow(${a}, ${b})`,
)
export const max = binary(
  'Max',
  'Max',
  {
    formula: String.raw`y = \max(a, b)`,
    en: 'An operator node: the larger of a and b value by value, with broadcasting; with the constant 0 it is a ReLU, with a small constant a floor that keeps a later division safe. Learns nothing.',
    zh: '算子节点：逐元素取 a 与 b 中较大的一个，支持广播；与常量 0 比较就是 ReLU，与一个小常量比较可为后面的除法设下限。没有可学习参数。',
  },
  (tf, a, b) => tf.maximum(...broadcastBoth(tf, a, b)),
  (a, b) => `torch.maximum(${a}, ${b})`,
)
export const min = binary(
  'Min',
  'Min',
  {
    formula: String.raw`y = \min(a, b)`,
    en: 'An operator node: the smaller of a and b value by value, with broadcasting, for example a ceiling on activations (min(x, 6) in ReLU6). Learns nothing; the gradient goes to whichever operand was smaller.',
    zh: '算子节点：逐元素取 a 与 b 中较小的一个，支持广播，例如给激活值设上限（ReLU6 里的 min(x, 6)）。没有可学习参数；梯度流向较小的那个操作数。',
  },
  (tf, a, b) => tf.minimum(...broadcastBoth(tf, a, b)),
  (a, b) => `torch.minimum(${a}, ${b})`,
)
