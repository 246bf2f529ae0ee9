/**
 * Deepwire's sequence layers for tfjs (recurrent, attention, position), made per tfjs instance
 * like those in custom.ts and registered with its serialisation map, so a saved model.json that
 * uses them reloads after `registerCustomLayers(tf)`.
 */
import { makeAttention, makeMultiHeadAttention } from './attention-tf'
import { makeFeedForward, makePositionEmbedding, makePositionalEncoding } from './position-tf'
import { makeRecurrent } from './recurrent-tf'
import type { Tf } from './types'

function make(tf: Tf) {
  const made = {
    Recurrent: makeRecurrent(tf),
    Attention: makeAttention(tf),
    MultiHeadAttention: makeMultiHeadAttention(tf),
    PositionalEncoding: makePositionalEncoding(tf),
    PositionEmbedding: makePositionEmbedding(tf),
    FeedForward: makeFeedForward(tf),
  }
  for (const cls of Object.values(made)) tf.serialization.registerClass(cls)
  return made
}

export type SeqLayers = ReturnType<typeof make>

const cache = new WeakMap<Tf, SeqLayers>()

export function seqLayers(tf: Tf): SeqLayers {
  let hit = cache.get(tf)
  if (!hit) {
    hit = make(tf)
    cache.set(tf, hit)
  }
  return hit
}
