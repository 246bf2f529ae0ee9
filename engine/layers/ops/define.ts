/**
 * How a generic operator node becomes a registry entry. An operator works on the engine's own
 * tensors (channels-last images) with axes counted from 1 after the batch, like Permute's dims;
 * it learns nothing. Its ONNX and PyTorch emitters see the inputs in that same order: images are
 * turned channels-last before the operator and back after it (the exporters fold the transposes
 * that cancel), so every operator's axes mean the same thing in the engine and in both exports.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { baseArgs } from '../init'
import type { ParamSpecs, ParamValues } from '../params'
import {
  defineLayer,
  type LayerDef,
  type LayerDoc,
  type PytorchIO,
  type Shape,
  type SymbolicTensor,
  type Tf,
} from '../types'
import type { OnnxContext } from '../../export/onnx/types'
import type { OnnxRecogniser } from '../../import/onnx/types'
import { toChannelsLast, toStorage } from '../../export/onnx/layout'
import { channelsFirst, channelsLast } from '../../export/pytorch/syntax'
import { fileOperatorKernel, operatorLayer, type OpParams } from './operator-tf'

export interface OperatorDef<S extends ParamSpecs> {
  kind: string
  doc: LayerDoc
  inputs: readonly [number, number]
  params: S
  outputShape(p: ParamValues<S>, inputs: Shape[]): Shape
  /** The operator on whole batches (batch first, engine layout); plain tfjs ops, so it differentiates. */
  kernel(tf: Tf, xs: tfTypes.Tensor[], p: ParamValues<S>): tfTypes.Tensor
  /** ONNX nodes over the inputs already channels-last; returns the channels-last result. */
  onnx(p: ParamValues<S>, ctx: OnnxContext, xs: string[]): string
  /** A PyTorch expression over the inputs already channels-last (batch first). */
  pytorch(p: ParamValues<S>, args: string[], io: PytorchIO): string
  fromOnnx?: OnnxRecogniser
  macs?(p: ParamValues<S>, inputs: Shape[], output: Shape): number
}

export function operator<S extends ParamSpecs>(def: OperatorDef<S>): LayerDef<S> {
  fileOperatorKernel(def.kind, {
    kernel: (tf, xs, p) => def.kernel(tf, xs, p as ParamValues<S>),
    outputShape: (p, inputs) => def.outputShape(p as ParamValues<S>, inputs),
  })
  return defineLayer({
    kind: def.kind,
    category: 'operator',
    doc: def.doc,
    inputs: def.inputs,
    params: def.params,
    outputShape: def.outputShape,
    trainableParams: () => 0,
    macs: def.macs,
    toTfjs: (p, ctx) => {
      const Operator = operatorLayer(ctx.tf)
      const layer = new Operator({ ...baseArgs(ctx), op: def.kind, params: p as OpParams })
      return (xs) => layer.apply(xs.length === 1 ? xs[0] : xs) as SymbolicTensor
    },
    toOnnx: (p, ctx) => {
      const xs = ctx.inputs.map((x, i) => toChannelsLast(ctx, x, ctx.inputShapes[i]))
      return toStorage(ctx, def.onnx(p, ctx, xs), ctx.outputShape)
    },
    toPytorch: (p, io) => ({
      forward: channelsFirst(
        def.pytorch(
          p,
          io.args.map((a, i) => channelsLast(a, io.in[i])),
          io,
        ),
        io.out,
      ),
    }),
    fromOnnx: def.fromOnnx,
  })
}
