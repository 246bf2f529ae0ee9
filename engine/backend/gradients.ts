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
