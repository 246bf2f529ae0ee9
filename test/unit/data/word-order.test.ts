import { describe, expect, it } from 'vitest'
import { BERT_SPECIALS, FIRST_WORD, heldOut, type BertCorpus } from '../../../engine/data/bert-corpus'
import { SEP } from '../../../engine/data/sentence-pairs'
import { wordOrderPairs } from '../../../engine/data/word-order'

describe('time-machine-order (the fine-tuning pair task)', () => {
  // sentence i is its own first word, then four filler words, then '.'
  const corpus: BertCorpus = {
    vocab: [...BERT_SPECIALS, '.', ...Array.from({ length: 400 }, (_, i) => `w${i}`)],
    sentences: Array.from({ length: 400 }, (_, i) => [
      FIRST_WORD + 1 + i,
      ...[1, 2, 3, 4].map((k) => FIRST_WORD + 1 + ((i * 7 + k) % 400)),
      FIRST_WORD,
    ]),
  }
  const ds = wordOrderPairs(corpus, { samples: 400, size: [16], seed: 2 })

  it('pairs consecutive sentences, shuffles one of them in the label-0 half, and tests on held-out starts', () => {
    expect(ds.testFrom).toBe(400)
    expect(ds.size).toBe(500)
    const bad: string[] = []
    const changed = { a: 0, b: 0 }
    for (let s = 0; s < ds.size; s++) {
      const x = Array.from(ds.x.subarray(s * 16, (s + 1) * 16))
      const sep = x.indexOf(SEP)
      const a = x.slice(1, sep)
      const b = x.slice(sep + 1, x.indexOf(SEP, sep + 1))
      // the sentence a pair starts at: the one whose words a holds (shuffled or not)
      const i = corpus.sentences.findIndex((w) => [...w].sort().join() === [...a].sort().join())
      const want = [corpus.sentences[i], corpus.sentences[i + 1]]
      const same = [a.join() === want[0].join(), b.join() === want[1].join()]
      if ([...b].sort().join() !== [...want[1]].sort().join()) bad.push(`${s}: b is not the next sentence`)
      if (a.at(-1) !== FIRST_WORD || b.at(-1) !== FIRST_WORD) bad.push(`${s}: punctuation moved`)
      if (ds.y[s] === 1 ? !(same[0] && same[1]) : same[0] === same[1]) bad.push(`${s}: label ${ds.y[s]}`)
      if (!same[0]) changed.a++
      if (!same[1]) changed.b++
      if (heldOut(i) !== s >= 400 || (s < 400 && heldOut(i + 1)))
        bad.push(`${s}: sentence ${i} on the wrong side`)
    }
    expect(bad.slice(0, 3)).toEqual([])
    expect(Array.from(ds.y).filter((v) => v === 1).length).toBe(250)
    // either sentence may be the shuffled one
    expect(Math.min(changed.a, changed.b)).toBeGreaterThan(80)
  })
})
