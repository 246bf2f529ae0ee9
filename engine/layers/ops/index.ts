/**
 * The generic operator family: what an imported ONNX graph computes where no layer pattern
 * matches. Listed after every layer in the registry, so the importer tries real layers first.
 */
import { abs, addOp, div, exp, log, max, min, mulOp, neg, pow, reciprocal, sqrt, sub } from './elementwise'
import { matMul } from './matmul'
import { reduceMax, reduceMean, reduceSum } from './reduce'
import { gather, slice } from './select'

export const operators = {
  MatMul: matMul,
  Gather: gather,
  Slice: slice,
  AddOp: addOp,
  MulOp: mulOp,
  Sub: sub,
  Div: div,
  Pow: pow,
  Max: max,
  Min: min,
  Exp: exp,
  Log: log,
  Sqrt: sqrt,
  Neg: neg,
  Abs: abs,
  Reciprocal: reciprocal,
  ReduceMean: reduceMean,
  ReduceSum: reduceSum,
  ReduceMax: reduceMax,
}
