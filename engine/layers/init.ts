import { bilinearInitializer } from './bilinear'
import type { TfjsContext } from './types'

/**
 * Kernel initialiser and the shared tfjs args (name, trainable) for a node. 'default' keeps
 * tfjs' Glorot-uniform so a graph without choices behaves like Keras ('glorot' is the same
 * distribution: PyTorch's xavier_uniform_); every initialiser is seeded so the same graph and
 * seed give the same starting weights.
 */
export function kernelInit(ctx: TfjsContext) {
  const { tf, seed, init } = ctx
  switch (init) {
    case 'he':
      return tf.initializers.heNormal({ seed })
    case 'normal':
      return tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed })
    case 'zeros':
      return tf.initializers.zeros()
    case 'torch-default':
      // kaiming_uniform_ with a = √5: gain √(2 / (1 + 5)) times √(3 / fan_in) is 1/√fan_in, which
      // is variance scaling by 1/3 over fan-in; tfjs counts fan-in as PyTorch does for dense and
      // convolution kernels (in × kernel area; out × kernel area for a transposed convolution)
      return tf.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform', seed })
    case 'bilinear':
      // the analyser allows it on Conv2DTranspose only (see analyze.ts)
      return bilinearInitializer(tf)
    // 'xavier-uniform' differs from 'glorot' in its bias (see biasInit)
    default:
      return tf.initializers.glorotUniform({ seed })
  }
}

export function baseArgs(ctx: TfjsContext, suffix = '') {
  return { name: ctx.name + suffix, trainable: ctx.trainable }
}

/**
 * PyTorch's bias default, uniform in ±1/√fan_in, under 'torch-default' and 'xavier-uniform' (the
 * course's init_weights applies xavier_uniform_ to the weight only, so the bias keeps PyTorch's
 * draw); every other initialiser keeps tfjs' zero bias.
 */
export function biasInit(ctx: TfjsContext, fanIn: number) {
  if (ctx.init !== 'torch-default' && ctx.init !== 'xavier-uniform') return undefined
  const bound = 1 / Math.sqrt(fanIn)
  return ctx.tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: ctx.seed + 1 })
}

/** Name, trainable and kernel initialiser; with the kernel's fan-in, the bias initialiser too. */
export function weightedArgs(ctx: TfjsContext, suffix = '', fanIn?: number) {
  const bias = fanIn === undefined ? undefined : biasInit(ctx, fanIn)
  return {
    ...baseArgs(ctx, suffix),
    kernelInitializer: kernelInit(ctx),
    ...(bias ? { biasInitializer: bias } : {}),
  }
}
