import { describe, expect, it } from 'vitest'
import {
  BERT_SPECIALS,
  FIRST_WORD,
  heldOut,
  MASK,
  truncatePair,
  type BertCorpus,
} from '../../../engine/data/bert-corpus'
import { pretrainingSamples } from '../../../engine/data/bert-pretrain'
import { maskTokens, NOT_PREDICTED } from '../../../engine/data/mlm'
import { rng } from '../../../engine/data/random'
import { CLS, PAIR_PAD, SEP } from '../../../engine/data/sentence-pairs'

/**
 * A corpus whose sentence i starts with its own word (id FIRST_WORD + i), so a sample's two
 * sentences can be read back from the tokens; the rest are 20 filler words.
 */
const SENTENCES = 300
const FILLER = FIRST_WORD + SENTENCES
const corpus: BertCorpus = {
  vocab: [
    ...BERT_SPECIALS,
    ...Array.from({ length: SENTENCES }, (_, i) => `s${i}`),
    ...Array.from({ length: 20 }, (_, i) => `w${i}`),
  ],
  sentences: Array.from({ length: SENTENCES }, (_, i) => [
    FIRST_WORD + i,
    ...Array.from({ length: 4 + (i % 9) }, (_, k) => FILLER + ((i + k) % 20)),
  ]),
}

describe('masked-language-model corruption (the course: 15% chosen; 80% [MASK], 10% random, 10% kept)', () => {
  it('chooses max(1, round(15%)) positions, only among the candidates, in the 80/10/10 proportions', () => {
    const rand = rng(7)
    const vocab = { mask: 3, firstWord: 5, size: 100_005 }
    const kinds = { mask: 0, random: 0, kept: 0 }
    // one expectation per property, not per token: a failure still names the first bad sample
    const bad: string[] = []
    for (let s = 0; s < 4000; s++) {
      const length = 5 + (s % 40)
      const tokens = Array.from({ length }, (_, i) => (i === 0 ? CLS : 5 + ((s * 31 + i * 7) % 100_000)))
      const candidates = Array.from({ length: length - 1 }, (_, i) => i + 1)
      const { input, target } = maskTokens(tokens, candidates, vocab, rand)
      const chosen = target.flatMap((t, i) => (t === NOT_PREDICTED ? [] : [i]))
      if (chosen.length !== Math.max(1, Math.round(length * 0.15))) bad.push(`${s}: ${chosen.length} chosen`)
      if (chosen.includes(0)) bad.push(`${s}: chose [CLS], not a candidate`)
      for (let i = 0; i < length; i++) {
        if (target[i] === NOT_PREDICTED) {
          if (input[i] !== tokens[i]) bad.push(`${s}: unchosen position ${i} changed`)
          continue
        }
        if (target[i] !== tokens[i]) bad.push(`${s}: target ${i} is not the original`)
        if (input[i] === MASK) kinds.mask++
        else if (input[i] === tokens[i]) kinds.kept++
        else {
          if (input[i] < vocab.firstWord) bad.push(`${s}: random replacement ${input[i]} is a special token`)
          kinds.random++
        }
      }
    }
    expect(bad.slice(0, 3)).toEqual([])
    const total = kinds.mask + kinds.random + kinds.kept
    expect(total).toBeGreaterThan(14_000)
    // binomial standard error at n ≈ 14k is ≤ 0.004: these bounds are ~3σ
    expect(Math.abs(kinds.mask / total - 0.8)).toBeLessThan(0.012)
    expect(Math.abs(kinds.random / total - 0.1)).toBeLessThan(0.012)
    expect(Math.abs(kinds.kept / total - 0.1)).toBeLessThan(0.012)
  })

  it('truncates the longer sentence of a pair until [CLS] a [SEP] b [SEP] fits', () => {
    const [a, b] = truncatePair([1, 2, 3, 4, 5, 6, 7], [8, 9], 9)
    expect([a, b]).toEqual([
      [1, 2, 3, 4],
      [8, 9],
    ])
    expect(truncatePair([1, 2, 3], [4, 5, 6], 7)).toEqual([
      [1, 2],
      [4, 5],
    ])
  })
})

describe('time-machine-mlm samples', () => {
  const len = 16
  const ds = pretrainingSamples(corpus, { samples: 3000, size: [len], seed: 5 })
  const row = (a: Int32Array | Float32Array | Uint8Array, s: number) =>
    Array.from(a.subarray(s * len, (s + 1) * len))
  const seg = ds.moreInputs![0].x

  it('are deterministic under a seed and differ under another', () => {
    const again = pretrainingSamples(corpus, { samples: 3000, size: [len], seed: 5 })
    const same = (a: Int32Array | Float32Array | Uint8Array, b: Int32Array | Float32Array | Uint8Array) =>
      Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
        Buffer.from(b.buffer, b.byteOffset, b.byteLength),
      )
    expect(same(again.x, ds.x) && same(again.y, ds.y) && same(again.moreInputs![0].x, seg)).toBe(true)
    const other = pretrainingSamples(corpus, { samples: 3000, size: [len], seed: 6 })
    expect(same(other.x, ds.x)).toBe(false)
  })

  it('score 15% of each pair’s tokens, never a special one, pair true next sentences half the time and never a held-out one', () => {
    const bad: string[] = []
    let next = 0
    for (let s = 0; s < ds.size; s++) {
      const x = row(ds.x, s)
      const y = row(ds.y, s)
      const used = x.filter((t) => t !== PAIR_PAD).length
      const chosen = y.slice(1).filter((t) => t !== NOT_PREDICTED)
      // the course counts 15% of the whole pair, [CLS] and [SEP]s included, and picks among the words
      if (chosen.length !== Math.max(1, Math.round(used * 0.15)))
        bad.push(`${s}: ${chosen.length} of ${used}`)
      if (!chosen.every((t) => t >= FIRST_WORD)) bad.push(`${s}: a special token is a target`)
      if (x[0] !== CLS) bad.push(`${s}: starts with ${x[0]}`)
      // the original sentences, read through the masks: a's first word follows [CLS], b's its [SEP]
      const orig = x.map((t, i) => (i > 0 && y[i] !== NOT_PREDICTED ? y[i] : t))
      const sep = orig.indexOf(SEP)
      const i = orig[1] - FIRST_WORD
      const j = orig[sep + 1] - FIRST_WORD
      if (heldOut(i) || heldOut(j)) bad.push(`${s}: held-out sentence ${i} or ${j}`)
      if (row(seg, s)[sep + 1] !== 1 || row(seg, s)[sep] !== 0) bad.push(`${s}: segments`)
      if (y[0] === 1) {
        if (j !== i + 1) bad.push(`${s}: labelled next but ${j} follows ${i}`)
        next++
      } else if (j === i + 1) bad.push(`${s}: labelled random but ${j} is next`)
    }
    expect(bad.slice(0, 3)).toEqual([])
    expect(Math.abs(next / ds.size - 0.5)).toBeLessThan(0.04)
    expect(ds.ignoreTarget).toBe(NOT_PREDICTED)
  })
})
