/** Shape rules refuse impossible wiring with a ShapeError a learner can act on. */
import { describe, expect, it } from 'vitest'
import { ShapeError, type Shape } from '../../../engine/layers'
import { resolved } from './build'

function refusal(kind: string, params: Record<string, unknown>, inputs: Shape[]): string {
  const { def, params: p } = resolved(kind, params)
  try {
    def.outputShape(p, inputs)
  } catch (e) {
    expect(e).toBeInstanceOf(ShapeError)
    return (e as Error).message
  }
  throw new Error(`${kind} accepted ${JSON.stringify(inputs)}`)
}

describe('shape errors', () => {
  it('rejects a kernel larger than the input', () => {
    expect(refusal('Conv2D', { kernelSize: 5 }, [[3, 3, 1]])).toBe(
      "kernel 5×5 is larger than the 3×3 input with padding 'valid'",
    )
    expect(refusal('Conv2D', { kernelSize: 7, padding: 1 }, [[3, 4, 1]])).toBe(
      'kernel 7×7 is larger than the 3×4 input padded by 1 on each side (5×6)',
    )
    expect(refusal('Conv2D', { kernelSize: 3, dilation: 3 }, [[6, 6, 1]])).toMatch(
      /kernel 3×3 with dilation 3×3 spans 7×7, which is larger than the 6×6 input/,
    )
    expect(refusal('Conv1D', { kernelSize: 9 }, [[4, 2]])).toMatch(/kernel 9 is larger than the 4 input/)
    expect(refusal('DepthwiseConv2D', { kernelSize: [1, 5] }, [[8, 4, 1]])).toMatch(/kernel 1×5 is larger/)
    expect(refusal('MaxPool2D', { poolSize: 3 }, [[2, 2, 4]])).toMatch(
      /pool 3×3 is larger than the 2×2 input/,
    )
  })

  it('rejects Reshape targets with the wrong number of values', () => {
    expect(refusal('Reshape', { targetShape: [3, 3] }, [[10]])).toMatch(
      /cannot reshape \[10\] \(10 values\) into \[3×3\] \(9 values\)/,
    )
    expect(refusal('Reshape', { targetShape: [7, -1] }, [[4, 5]])).toMatch(/20 is not divisible by 7/)
    expect(refusal('Reshape', { targetShape: [-1, -1] }, [[4, 5]])).toMatch(/only one size/)
    expect(refusal('Reshape', { targetShape: [0, 4] }, [[4]])).toMatch(/must be positive/)
  })

  it('names the mismatching shapes of a Concatenate', () => {
    expect(
      refusal('Concatenate', {}, [
        [4, 4, 2],
        [8, 8, 2],
      ]),
    ).toBe('Concatenate along axis -1 needs every other axis to match, but got [4×4×2], [8×8×2]')
    expect(refusal('Concatenate', {}, [[4, 4, 2], [16]])).toMatch(/same number of axes/)
    expect(refusal('Concatenate', { axis: 0 }, [[4], [4]])).toMatch(/axis 0 does not exist/)
    expect(
      refusal('Concatenate', { axis: 3 }, [
        [4, 2],
        [4, 2],
      ]),
    ).toMatch(/use 1…2, or -1/)
  })

  it('names the mismatching shapes of elementwise merges', () => {
    expect(
      refusal('Add', {}, [
        [4, 4, 8],
        [4, 4, 8],
        [4, 4, 16],
      ]),
    ).toBe('Add needs inputs of the same shape, but got [4×4×8], [4×4×8], [4×4×16]')
    expect(refusal('Multiply', {}, [[3], [1]])).toMatch(/Multiply needs inputs of the same shape/)
    expect(
      refusal('Average', {}, [
        [2, 3],
        [3, 2],
      ]),
    ).toMatch(/\[2×3\], \[3×2\]/)
  })

  it('asks for the right rank', () => {
    expect(refusal('Conv2D', {}, [[784]])).toBe(
      'Conv2D needs an image-like input [H, W, C], but its input is [784] (add a Reshape in front)',
    )
    expect(refusal('Conv1D', {}, [[4, 4, 4]])).toMatch(/Conv1D needs a sequence input \[T, C\]/)
    expect(refusal('GlobalAvgPool', {}, [[10]])).toMatch(/GlobalAvgPool needs an image-like input/)
    expect(refusal('UpSampling2D', {}, [[10, 3]])).toMatch(/UpSampling2D needs an image-like input/)
  })

  it('rejects Permute dims that are not a permutation of the axes', () => {
    expect(refusal('Permute', { dims: [1, 1] }, [[3, 4]])).toMatch(
      /each of the input's axes 1…2 exactly once/,
    )
    expect(refusal('Permute', { dims: [2, 1] }, [[3, 4, 5]])).toMatch(/1…3/)
  })

  it('explains the tfjs and PyTorch limits on padding, strides and dilation', () => {
    expect(refusal('Conv2D', { strides: 2, dilation: 2 }, [[9, 9, 1]])).toMatch(
      /strides 2×2 together with dilation 2×2: TensorFlow.js needs one of them to be 1/,
    )
    expect(refusal('MaxPool2D', { poolSize: 3, padding: 2 }, [[9, 9, 1]])).toMatch(
      /padding 2 must be at most half the pool size 3×3/,
    )
    expect(refusal('Conv2DTranspose', { kernelSize: 3, padding: 2 }, [[1, 1, 1]])).toMatch(
      /padding 2 crops away the whole output/,
    )
    // PyTorch's output_padding gives back rows an explicit padding cropped, and only those
    expect(
      refusal('Conv2DTranspose', { strides: 2, padding: 'same', outputPadding: 1 }, [[4, 4, 1]]),
    ).toMatch(/outputPadding 1 needs an explicit padding \(a number\), not 'same'/)
    expect(refusal('Conv2DTranspose', { strides: 2, padding: 0, outputPadding: 1 }, [[4, 4, 1]])).toMatch(
      /outputPadding 1 is more than padding 0 can give back/,
    )
  })
})
