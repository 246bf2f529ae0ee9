import { describe, expect, it } from 'vitest'
import { gatherBatch } from '../../../engine/data/batches'
import { loadDataset } from '../../../engine/data/registry'
import { CLS, PAIR_VOCAB, SEP, pairLayout } from '../../../engine/data/sentence-pairs'
import { BOS, EOS, PAD, SEQ_VOCAB, decodeTokens, sequenceTask } from '../../../engine/data/sequences'

const rows = (a: Int32Array | Float32Array | Uint8Array, per: number, n: number) =>
  Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * per, (i + 1) * per)))
const text = (ids: number[], vocab = SEQ_VOCAB) =>
  decodeTokens(
    ids.filter((t) => t > EOS),
    vocab,
  )

describe('sequence-to-sequence tasks', () => {
  it.each([
    ['copy-seq2seq', (q: string) => q],
    ['reverse-seq2seq', (q: string) => [...q].reverse().join('')],
    [
      'add-seq2seq',
      (q: string) =>
        String(
          q
            .split('+')
            .map(Number)
            .reduce((a, b) => a + b),
        ),
    ],
  ])('%s: source <eos>, <bos> answer, answer <eos>, padding not scored', async (name, answer) => {
    const ds = await loadDataset(name, { samples: 300, size: [4] })
    const src = ds.inputShape[0]
    const more = ds.moreInputs![0]
    const tgt = more.shape[0]
    expect(ds.targetShape).toEqual([tgt])
    expect(ds.ignoreTarget).toBe(PAD)
    expect(ds.meta?.layout).toBe('encoder-decoder')
    expect(more).toMatchObject({ name: 'decoder tokens', dtype: 'int32' })
    const xs = rows(ds.x, src, ds.size)
    const ds2 = rows(more.x, tgt, ds.size)
    const ys = rows(ds.y, tgt, ds.size)
    for (let i = 0; i < ds.size; i++) {
      const q = text(xs[i])
      const a = text(ys[i])
      expect(a).toBe(answer(q))
      expect(xs[i][xs[i].indexOf(EOS) - 1]).toBeGreaterThan(EOS)
      // decoder input = target shifted right by one, starting with <bos>
      expect(ds2[i][0]).toBe(BOS)
      expect(ds2[i].slice(1)).toEqual(ys[i].slice(0, -1).map((t) => (t === EOS ? PAD : t)))
      const end = ys[i].indexOf(EOS)
      expect(ys[i].slice(end + 1).every((t) => t === PAD)).toBe(true)
    }
    // batches carry the decoder tokens of the same samples
    const b = gatherBatch(ds, [5, 2], 0, 2)
    expect(Array.from(b.more![0])).toEqual([...ds2[5], ...ds2[2]])
  })

  it('length ≤ 10 reversal fits the Transformer preset: 11 source and 11 target positions', async () => {
    const ds = await loadDataset('reverse-seq2seq', { samples: 2000, size: [10] })
    expect(ds.inputShape).toEqual([11])
    expect(ds.moreInputs![0].shape).toEqual([11])
    const lengths = new Set(rows(ds.x, 11, ds.size).map((r) => r.indexOf(EOS)))
    expect([...lengths].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('the per-position layout marks its padding targets too', () => {
    const ds = sequenceTask('reverse', { samples: 10 })
    expect(ds.ignoreTarget).toBe(PAD)
    expect(ds.moreInputs).toBeUndefined()
  })
})

describe('sentence pairs (same multiset)', () => {
  it('[CLS] a [SEP] b [SEP] with segment ids 0 then 1, padding 0', () => {
    const { tokens, segments } = pairLayout([3, 4], [4, 3, 5], 10)
    expect(tokens).toEqual([CLS, 3, 4, SEP, 4, 3, 5, SEP, 0, 0])
    expect(segments).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0])
    expect(() => pairLayout([3, 3, 3], [3, 3, 3], 8)).toThrow(/needs 9 positions, the model has 8/)
  })

  it('labels say whether the second sequence reorders the first; classes are balanced', async () => {
    const ds = await loadDataset('same-multiset', { samples: 400, size: [5] })
    const len = 13
    expect(ds.inputShape).toEqual([len])
    expect(ds.moreInputs![0]).toMatchObject({ name: 'segments', shape: [len] })
    expect(ds.classNames).toEqual(['different', 'same'])
    const xs = rows(ds.x, len, ds.size)
    const segs = rows(ds.moreInputs![0].x, len, ds.size)
    let same = 0
    for (let i = 0; i < ds.size; i++) {
      const r = xs[i]
      expect(r[0]).toBe(CLS)
      const s1 = r.indexOf(SEP)
      const s2 = r.indexOf(SEP, s1 + 1)
      const a = r.slice(1, s1).map((t) => PAIR_VOCAB[t])
      const b = r.slice(s1 + 1, s2).map((t) => PAIR_VOCAB[t])
      expect(a.length).toBe(b.length)
      expect(segs[i].slice(0, s1 + 1).every((v) => v === 0)).toBe(true)
      expect(segs[i].slice(s1 + 1, s2 + 1).every((v) => v === 1)).toBe(true)
      const isSame = [...a].sort().join() === [...b].sort().join()
      expect(ds.y[i]).toBe(isSame ? 1 : 0)
      same += ds.y[i]
    }
    expect(same).toBe(200)
  })
})
