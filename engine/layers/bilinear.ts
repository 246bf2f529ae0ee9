/**
 * The course's bilinear_kernel as a tfjs initialiser for Conv2DTranspose: with it a transposed
 * convolution of stride s and kernel 2s (padding s/2) starts out as bilinear upsampling by s, so
 * an FCN's last layer begins by enlarging the class scores smoothly and training only refines it.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import type { Tf } from './types'

/**
 * One axis of the kernel: a tent peaking at the centre, 1 − |i − centre| / factor, with factor
 * ⌈k/2⌉ and the centre on a pixel (odd k) or between two (even k), as the course computes it.
 */
export function bilinearTaps(k: number): number[] {
  const factor = Math.floor((k + 1) / 2)
  const centre = k % 2 === 1 ? factor - 1 : factor - 0.5
  return Array.from({ length: k }, (_, i) => 1 - Math.abs(i - centre) / factor)
}

/**
 * A transposed-convolution kernel [kh, kw, out, in] (tfjs' layout) holding the 2-D tent on each
 * channel's own diagonal (output channel c from input channel c) and zero elsewhere, which is
 * what the course's `weight[range(in), range(out), :, :] = filt` sets.
 */
export function bilinearKernel(shape: number[]): Float32Array {
  const [kh, kw, out, inp] = shape
  const th = bilinearTaps(kh)
  const tw = bilinearTaps(kw)
  const w = new Float32Array(kh * kw * out * inp)
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let c = 0; c < Math.min(out, inp); c++) w[((i * kw + j) * out + c) * inp + c] = th[i] * tw[j]
  return w
}

type InitializerCtor = abstract new () => tfTypes.serialization.Serializable & {
  apply(shape: number[], dtype?: tfTypes.DataType): tfTypes.Tensor
}

/**
 * tfjs-layers accepts only instances of its own Initializer class and does not export the class
 * itself, so the subclass is made from the base of one it does export (zeros).
 */
export function bilinearInitializer(tf: Tf): ReturnType<Tf['initializers']['zeros']> {
  const Base = Object.getPrototypeOf(tf.initializers.zeros().constructor) as InitializerCtor
  class Bilinear extends Base {
    static className = 'DeepwireBilinear'
    override apply(shape: number[]) {
      if (shape.length !== 4)
        throw new Error(
          `the bilinear initialiser fills 2-D transposed-convolution kernels, not shape [${shape.join(', ')}]`,
        )
      return tf.tensor(bilinearKernel(shape), shape)
    }
    override getConfig() {
      return {}
    }
  }
  return new Bilinear() as unknown as ReturnType<Tf['initializers']['zeros']>
}
