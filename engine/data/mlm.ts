import type { Rng } from './random'

/** The course's (and BERT's) masking rule. */
export const MLM_SHARE = 0.15
export const MLM_MASK = 0.8
export const MLM_RANDOM = 0.1

/** Marks a position the masked-language-model loss does not score. */
export const NOT_PREDICTED = -1

export interface MaskedTokens {
  /** The model's input: the tokens with the chosen positions replaced. */
  input: number[]
  /** The original token at each chosen position, NOT_PREDICTED elsewhere. */
  target: number[]
}

export interface MaskVocab {
  mask: number
  /** Random replacements are drawn from ids [firstWord, size): ordinary words, never a special token. */
  firstWord: number
  size: number
}

/**
 * Masked-language-model corruption of one token sequence. max(1, round(15% of its length))
 * positions are chosen among `candidates` (special tokens are never candidates); each chosen token
 * becomes [MASK] with probability 0.8, a random word with 0.1, and stays itself with 0.1 — the
 * model cannot tell a kept token from an unchosen one, so it must represent every position well.
 */
export function maskTokens(
  tokens: readonly number[],
  candidates: readonly number[],
  vocab: MaskVocab,
  rand: Rng,
): MaskedTokens {
  const input = tokens.slice()
  const target = new Array<number>(tokens.length).fill(NOT_PREDICTED)
  const order = candidates.slice()
  for (let i = order.length - 1; i > 0; i--) {
    const j = rand.int(i + 1)
    ;[order[i], order[j]] = [order[j], order[i]]
  }
  const count = Math.min(order.length, Math.max(1, Math.round(tokens.length * MLM_SHARE)))
  for (const at of order.slice(0, count)) {
    target[at] = tokens[at]
    const u = rand()
    if (u < MLM_MASK) input[at] = vocab.mask
    else if (u < MLM_MASK + MLM_RANDOM) input[at] = vocab.firstWord + rand.int(vocab.size - vocab.firstWord)
  }
  return { input, target }
}
