import { describe, expect, it } from 'vitest'
import { BERT_SPECIALS, corpusOf, timeMachineCorpus } from '../../../engine/data/bert-corpus'

describe('the BERT corpus', () => {
  it('puts the special tokens first, keeps words seen minFreq times, splits sentences at . ! ?', () => {
    const c = corpusOf('The cat sat. The cat ran! Did the dog run? the end', 2)
    expect(c.vocab).toEqual([...BERT_SPECIALS, 'the', 'cat'])
    // the trailing fragment without an end mark is a sentence too; rarer words are <unk> (id 4)
    expect(c.sentences).toEqual([
      [5, 6, 4, 4],
      [5, 6, 4, 4],
      [4, 5, 4, 4, 4],
      [5, 4],
    ])
  })

  it('is The Time Machine with the vocabulary the presets are sized for', async () => {
    const c = await timeMachineCorpus()
    // the Embedding's inputDim and the MLM head's units in presets/bert-*.json
    expect(c.vocab).toHaveLength(825)
    expect(c.sentences.length).toBe(1940)
  })
})
