import type * as tfjs from '@tensorflow/tfjs'

type Tf = typeof tfjs

/**
 * Gradients of Sum and Mean that broadcast dy with Tile instead of multiplying it by
 * `ones(x.shape)`, which tfjs builds as a JavaScript array the size of x and copies to the
 * backend on every step: ~170 ms of a ResNet-18 step (BatchNorm's statistics are means over the
 * whole activation). Same values: dy·1 is dy. Gradients are registered for every backend, and
 * the result is identical on each.
 */
export function registerBroadcastGradients(tf: Tf): void {
  for (const kernelName of ['Sum', 'Mean'] as const) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => {
        const [x] = saved
        const axes = tf.util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape)
        const expanded = x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
        const count = kernelName === 'Mean' ? axes.reduce((p, a) => p * x.shape[a], 1) : 1
        return {
          x: () => {
            const spread = tf.broadcastTo(tf.reshape(dy as tfjs.Tensor, expanded), x.shape)
            return count === 1 ? tf.cast(spread, 'float32') : tf.div(spread, count)
          },
        }
      },
    })
  }
}

/**
 * Gradient of nearest-neighbour upsampling by whole factors (what UpSampling2D does): each input
 * pixel's gradient is the sum of its s_h × s_w block of dy, a reshape and a sum. tfjs' cpu kernel
 * for it reads dy at the image's batch stride, so every sample after the first got another
 * sample's gradient; webgpu's kernel searches a window per pixel. Other ratios keep the kernel.
 */
export function registerUpsamplingGradient(tf: Tf): void {
  tf.registerGradient({
    kernelName: 'ResizeNearestNeighbor',
    inputsToSave: ['images'],
    gradFunc: (dys, saved, attrs) => {
      const [images] = saved
      const dy = dys as tfjs.Tensor
      const [b, h, w, c] = images.shape
      const [, dh, dw] = dy.shape
      const whole = !(attrs as { alignCorners?: boolean }).alignCorners && dh! % h! === 0 && dw! % w! === 0
      return {
        images: () =>
          whole
            ? tf.sum(tf.reshape(dy, [b!, h!, dh! / h!, w!, dw! / w!, c!]), [2, 4])
            : (tf.engine().runKernel('ResizeNearestNeighborGrad', { dy, images }, attrs) as tfjs.Tensor),
      }
    },
  })
}

/** Every gradient Deepwire replaces, for all backends (same values, other kernels). */
export function registerTrainingGradients(tf: Tf): void {
  registerBroadcastGradients(tf)
  registerUpsamplingGradient(tf)
}
