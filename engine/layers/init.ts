import type { TfjsContext } from './types'

/**
 * Kernel initialiser and the shared tfjs args (name, trainable) for a node. 'default' keeps
 * tfjs' Glorot-uniform so a graph without choices behaves like Keras; every initialiser is
 * seeded so the same graph and seed give the same starting weights.
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
    default:
      return tf.initializers.glorotUniform({ seed })
  }
}

export function baseArgs(ctx: TfjsContext, suffix = '') {
  return { name: ctx.name + suffix, trainable: ctx.trainable }
}

export function weightedArgs(ctx: TfjsContext, suffix = '') {
  return { ...baseArgs(ctx, suffix), kernelInitializer: kernelInit(ctx) }
}
