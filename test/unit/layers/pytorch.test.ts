/**
 * Parameter counts and output sizes pinned to what PyTorch reports for the same layers, each also
 * cross-checked against the tfjs build (see `checked`).
 */
import { describe, expect, it } from 'vitest'
import { checked } from './build'

describe('PyTorch parameter counts', () => {
  it.each([
    ['Conv2d(1, 6, 5)', 'Conv2D', { filters: 6, kernelSize: 5 }, [28, 28, 1], 156],
    ['Linear(400, 120)', 'Dense', { units: 120 }, [400], 48_120],
    ['Conv2d(3, 64, 3, bias=False)', 'Conv2D', { filters: 64, useBias: false }, [32, 32, 3], 1728],
    [
      'Conv2d(3, 96, 11, 4, 1) (AlexNet)',
      'Conv2D',
      { filters: 96, kernelSize: 11, strides: 4, padding: 1 },
      [224, 224, 3],
      34_944,
    ],
    ['Conv1d(3, 16, 5)', 'Conv1D', { filters: 16, kernelSize: 5 }, [30, 3], 256],
    [
      'ConvTranspose2d(16, 8, 4)',
      'Conv2DTranspose',
      { filters: 8, kernelSize: 4 },
      [5, 5, 16],
      16 * 8 * 16 + 8,
    ],
    ['Conv2d(32, 32, 3, groups=32)', 'DepthwiseConv2D', {}, [8, 8, 32], 32 * 9 + 32],
    ['Conv2d(32, 64, 3, groups=32)', 'DepthwiseConv2D', { depthMultiplier: 2 }, [8, 8, 32], 64 * 9 + 64],
    // depthwise Conv2d(32, 32, 3, groups=32, bias=False) + pointwise Conv2d(32, 64, 1)
    ['separable 32 → 64, 3×3', 'SeparableConv2D', { filters: 64 }, [8, 8, 32], 288 + 32 * 64 + 64],
    ['BatchNorm2d(64)', 'BatchNorm', {}, [8, 8, 64], 128],
    ['BatchNorm1d(100)', 'BatchNorm', {}, [100], 200],
    ['LayerNorm(128)', 'LayerNorm', {}, [10, 128], 256],
    ['PReLU()', 'PReLU', {}, [8, 8, 16], 1],
    ['PReLU(16)', 'PReLU', { perChannel: true }, [8, 8, 16], 16],
    ['Embedding(1000, 64)', 'Embedding', { inputDim: 1000, outputDim: 64 }, [12], 64_000],
  ] as const)('%s: %s %j on %j has %d', (_name, kind, params, input, expected) => {
    const b = checked(kind, params, [[...input]], kind === 'Embedding' ? 'int32' : 'float32')
    expect(b.trainableParams).toBe(expected)
    b.model.dispose()
  })

  it('counts BatchNorm running statistics as state, not trainable', () => {
    const b = checked('BatchNorm', {}, [[8, 8, 64]])
    expect(b.stateParams).toBe(128)
    b.model.dispose()
  })
})

describe('output sizes', () => {
  const size = (kind: string, params: Record<string, unknown>, input: number[]) => {
    const b = checked(kind, params, [input])
    b.model.dispose()
    return b.outputShape
  }

  it('follows PyTorch for explicit padding (AlexNet: 224 → 54 → 26)', () => {
    const conv = { filters: 96, kernelSize: 11, strides: 4, padding: 1 }
    expect(size('Conv2D', conv, [224, 224, 3])).toEqual([54, 54, 96])
    expect(size('MaxPool2D', { poolSize: 3, strides: 2 }, [54, 54, 96])).toEqual([26, 26, 96])
  })

  it("follows TensorFlow for 'same' (ceil(in / stride)) on odd sizes", () => {
    expect(size('Conv2D', { filters: 2, strides: 2, padding: 'same' }, [7, 7, 1])).toEqual([4, 4, 2])
    expect(size('Conv2D', { filters: 2, kernelSize: 4, strides: 3, padding: 'same' }, [11, 10, 1])).toEqual([
      4, 4, 2,
    ])
    expect(size('MaxPool2D', { padding: 'same' }, [7, 7, 1])).toEqual([4, 4, 1])
    expect(size('Conv1D', { filters: 2, strides: 2, padding: 'same' }, [9, 1])).toEqual([5, 2])
  })

  it("follows TensorFlow for 'valid' (floor((in − k) / stride) + 1)", () => {
    expect(size('MaxPool2D', {}, [7, 7, 1])).toEqual([3, 3, 1])
    expect(size('Conv2D', { filters: 1, kernelSize: 3, strides: 2 }, [8, 8, 1])).toEqual([3, 3, 1])
    expect(size('Conv2D', { filters: 1, kernelSize: 3, dilation: 2 }, [8, 8, 1])).toEqual([4, 4, 1])
  })

  it('keeps the spatial size for the classic padded 3×3 (p = 1) and 5×5 (p = 2) convolutions', () => {
    expect(size('Conv2D', { filters: 4, padding: 1 }, [28, 28, 1])).toEqual([28, 28, 4])
    expect(size('Conv2D', { filters: 4, kernelSize: 5, padding: 2 }, [28, 28, 1])).toEqual([28, 28, 4])
  })

  it('doubles the size with the DCGAN transposed conv (k 4, s 2, p 1)', () => {
    expect(
      size('Conv2DTranspose', { filters: 8, kernelSize: 4, strides: 2, padding: 1 }, [4, 4, 16]),
    ).toEqual([8, 8, 8])
    // PyTorch: (in − 1)·s + k − 2p, also when the kernel is smaller than the stride
    expect(size('Conv2DTranspose', { filters: 1, kernelSize: 2, strides: 3, padding: 0 }, [4, 4, 1])).toEqual(
      [11, 11, 1],
    )
  })
})

describe('multiply–accumulate estimates', () => {
  const macs = (kind: string, params: Record<string, unknown>, input: number[]) => {
    const b = checked(kind, params, [input])
    b.model.dispose()
    return b.macs
  }

  it('counts one MAC per weight use', () => {
    expect(macs('Dense', { units: 120 }, [400])).toBe(48_000)
    expect(macs('Conv2D', { filters: 6, kernelSize: 5 }, [28, 28, 1])).toBe(24 * 24 * 6 * 25)
    expect(macs('Conv1D', { filters: 4, kernelSize: 3 }, [10, 2])).toBe(8 * 4 * 3 * 2)
    expect(macs('DepthwiseConv2D', {}, [10, 10, 8])).toBe(8 * 8 * 8 * 9)
    expect(macs('SeparableConv2D', { filters: 16 }, [10, 10, 8])).toBe(8 * 8 * (8 * 9 + 8 * 16))
    expect(macs('Conv2DTranspose', { filters: 8, kernelSize: 4, strides: 2 }, [5, 5, 16])).toBe(
      5 * 5 * 16 * 16 * 8,
    )
  })
})
