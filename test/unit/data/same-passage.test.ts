import { describe, expect, it } from 'vitest'
import { BERT_SPECIALS, FIRST_WORD, heldOut, type BertCorpus } from '../../../engine/data/bert-corpus'
import { FAR, NEAR, passagePairs } from '../../../engine/data/same-passage'

describe('time-machine-passages (the fine-tuning pair task)', () => {
  // sentence i is two words, the first its own, so a pair's sentences can be read back
  const corpus: BertCorpus = {
    vocab: [...BERT_SPECIALS, ...Array.from({ length: 400 }, (_, i) => `s${i}`)],
    sentences: Array.from({ length: 400 }, (_, i) => [FIRST_WORD + i, FIRST_WORD + ((i * 7) % 400)]),
  }
  const ds = passagePairs(corpus, { samples: 400, size: [12], seed: 2 })

  it('labels near pairs 1 and far pairs 0, and validates on pairs anchored on held-out sentences', () => {
    expect(ds.testFrom).toBe(400)
    expect(ds.size).toBe(600)
    const bad: string[] = []
    for (let s = 0; s < ds.size; s++) {
      const x = ds.x.subarray(s * 12, (s + 1) * 12)
      const i = x[1] - FIRST_WORD
      const j = x[4] - FIRST_WORD
      const d = Math.abs(i - j)
      if (ds.y[s] === 1 ? d < 1 || d > NEAR : d < FAR) bad.push(`${s}: label ${ds.y[s]} at distance ${d}`)
      if (heldOut(i) !== s >= 400) bad.push(`${s}: anchor ${i} on the wrong side of the split`)
      if (heldOut(j)) bad.push(`${s}: partner ${j} is held out`)
    }
    expect(bad.slice(0, 3)).toEqual([])
    expect(Array.from(ds.y).filter((v) => v === 1).length).toBe(300)
  })

  it('in the next-sentence variant pairs a with exactly the sentence after it, never a held-out one', () => {
    const next = passagePairs(corpus, { samples: 400, size: [12], seed: 2 }, 'next')
    expect(next.name).toBe('time-machine-next')
    const bad: string[] = []
    for (let s = 0; s < next.size; s++) {
      const i = next.x[s * 12 + 1] - FIRST_WORD
      const j = next.x[s * 12 + 4] - FIRST_WORD
      if (next.y[s] === 1 ? j !== i + 1 : Math.abs(i - j) < FAR)
        bad.push(`${s}: ${i}, ${j}, label ${next.y[s]}`)
      if (heldOut(i) !== s >= 400 || heldOut(j)) bad.push(`${s}: ${i} or ${j} on the wrong side`)
    }
    expect(bad.slice(0, 3)).toEqual([])
  })

  it('is the same under a seed, and another seed draws other pairs', () => {
    const again = passagePairs(corpus, { samples: 400, size: [12], seed: 2 })
    expect(Buffer.from(again.x.buffer).equals(Buffer.from(ds.x.buffer))).toBe(true)
    const other = passagePairs(corpus, { samples: 400, size: [12], seed: 3 })
    expect(Buffer.from(other.x.buffer).equals(Buffer.from(ds.x.buffer))).toBe(false)
  })
})
