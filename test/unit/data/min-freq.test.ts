/**
 * The course's vocabulary minimum frequency (Vocab's min_freq): tokens rarer than it leave the
 * vocabulary and read as <unk>, in the dataset's windows and in a prompt at prediction time.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadText, loadTimeMachine } from '../../../engine/data/text'
import { UNK, buildVocab, encode, tokenCounts, tokenize } from '../../../engine/data/tokenize'
import { trainingSchema } from '../../../engine/graph/schema'
import { tempDir } from './tmp'

const dir = tempDir('min-freq')
// the: 4, cat: 3, sat: 2, '.': 2, on/mat/a/dog/ran: 1
const TEXT = 'The cat sat on the mat. The cat sat. A dog ran the cat'

describe('vocabulary with a minimum frequency', () => {
  it('counts tokens and keeps those seen at least minFreq times, most frequent first', () => {
    const tokens = tokenize(TEXT, 'word')
    const counts = tokenCounts(tokens)
    expect(counts.get('the')).toBe(4)
    expect(counts.get('cat')).toBe(3)
    expect(counts.get('sat')).toBe(2)
    expect(counts.get('.')).toBe(2)
    expect(counts.get('dog')).toBe(1)
    expect(buildVocab(tokens, 'word')).toHaveLength(1 + counts.size)
    // ties ('.' and 'sat', 2 each) in code-point order, as the course's sort is stable on sorted input
    expect(buildVocab(tokens, 'word', 2)).toEqual([UNK, 'the', 'cat', '.', 'sat'])
    expect(buildVocab(tokens, 'word', 4)).toEqual([UNK, 'the'])
    expect(buildVocab(tokens, 'word', 5)).toEqual([UNK])
  })

  it('maps the rare words of a prompt to <unk>', () => {
    const vocab = buildVocab(tokenize(TEXT, 'word'), 'word', 2)
    expect(encode('the dog sat on the cat', vocab, 'word')).toEqual([1, 0, 4, 0, 1, 2])
  })

  it('characters gain <unk> only when minFreq leaves some out', () => {
    const tokens = tokenize('aaabbc', 'char')
    expect(buildVocab(tokens, 'char')).toEqual(['a', 'b', 'c'])
    expect(buildVocab(tokens, 'char', 1)).toEqual(['a', 'b', 'c'])
    const vocab = buildVocab(tokens, 'char', 2)
    expect(vocab).toEqual([UNK, 'a', 'b'])
    expect(encode('abc', vocab, 'char')).toEqual([1, 2, 0])
  })

  it('a text dataset reads rare words as <unk> in its windows and counts them', async () => {
    const file = join(dir, 'cats.txt')
    writeFileSync(file, TEXT)
    const ds = await loadText({ path: file, size: [4], tokenizer: 'word', minFreq: 2 })
    expect(ds.meta?.vocab).toEqual([UNK, 'the', 'cat', '.', 'sat'])
    expect(ds.numClasses).toBe(5)
    // 'on', 'mat', 'a', 'dog', 'ran' occur once each
    expect(ds.meta).toMatchObject({ minFreq: 2, unknownTokens: 5, words: 16 })
    // 16 tokens make 3 windows of 4 (shuffled): the cat sat on | the mat . the | cat sat . a
    const windows = Array.from({ length: ds.size }, (_, i) => Array.from(ds.x.subarray(i * 4, i * 4 + 4)))
    expect(windows.sort()).toEqual([
      [1, 0, 3, 1],
      [1, 2, 4, 0],
      [2, 4, 3, 0],
    ])
    await expect(loadText({ path: file, size: [4], tokenizer: 'word', minFreq: 0 })).rejects.toThrow(
      /minFreq must be a whole number of occurrences, 1 or more; got 0/,
    )
  })

  it('the Time Machine word vocabulary shrinks with minFreq, and the schema takes the setting', async () => {
    const all = await loadTimeMachine({ size: [35], tokenizer: 'word' })
    const common = await loadTimeMachine({ size: [35], tokenizer: 'word', minFreq: 3 })
    expect(common.numClasses).toBe(1416)
    expect(common.numClasses!).toBeLessThan(all.numClasses!)
    expect(common.size).toBe(all.size)
    const unknown = common.meta?.unknownTokens as number
    expect(Array.from(common.x).filter((t) => t === 0).length).toBeLessThanOrEqual(unknown)
    expect(trainingSchema.parse({ dataset: { name: 'time-machine', minFreq: 3 } }).dataset.minFreq).toBe(3)
    expect(trainingSchema.safeParse({ dataset: { name: 'time-machine', minFreq: 0 } }).success).toBe(false)
  })
})
