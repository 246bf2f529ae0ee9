import { describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { TIME_MACHINE, loadText } from '../../../engine/data/text'
import { UNK, buildVocab, detokenize, encode, tokenize } from '../../../engine/data/tokenize'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from './tmp'

const dir = tempDir('seq-tokenize')

describe('tokeniser', () => {
  it('characters: every code point is a token and decoding gives the text back', () => {
    const text = 'The Time Traveller — 时间旅行者 😀\n'
    const vocab = buildVocab(tokenize(text, 'char'), 'char')
    expect(vocab).toEqual([...new Set(Array.from(text))].sort())
    const ids = encode(text, vocab, 'char')
    expect(ids).toHaveLength(Array.from(text).length)
    expect(detokenize(ids, vocab, 'char')).toBe(text)
  })

  it('words: lower-cased words and punctuation, <unk> first, most frequent next', () => {
    const text = "The cat sat. The cat's hat, the end!"
    const tokens = tokenize(text, 'word')
    expect(tokens).toEqual(['the', 'cat', 'sat', '.', 'the', "cat's", 'hat', ',', 'the', 'end', '!'])
    const vocab = buildVocab(tokens, 'word')
    expect(vocab.slice(0, 3)).toEqual([UNK, 'the', '!'])
    expect(vocab).toHaveLength(1 + new Set(tokens).size)
    const ids = encode(text, vocab, 'word')
    expect(detokenize(ids, vocab, 'word')).toBe("the cat sat. the cat's hat, the end!")
    // an unseen word maps to <unk>; an unseen character is an error naming it
    expect(encode('the dog', vocab, 'word')).toEqual([vocab.indexOf('the'), 0])
    expect(() => encode('abz', ['a', 'b'], 'char')).toThrow(
      /"z" is not in the model's vocabulary of 2 characters/,
    )
  })

  it('the shipped Time Machine is the course text, split into characters or words', async () => {
    const text = readFileSync(TIME_MACHINE, 'utf8')
    expect(text.startsWith('The Time Machine, by H. G. Wells')).toBe(true)
    expect(text.length).toBeLessThan(200_000)
    const chars = await loadDataset('time-machine', { size: [35] })
    expect(chars.name).toBe('time-machine')
    expect(chars.meta).toMatchObject({ tokenizer: 'char', layout: 'language-model' })
    expect(chars.numClasses).toBe(new Set(text).size)
    const words = await loadDataset('time-machine', { size: [10], tokenizer: 'word' })
    expect(words.meta?.tokenizer).toBe('word')
    expect((words.meta?.vocab as string[])[0]).toBe(UNK)
    expect((words.meta?.vocab as string[]).slice(1, 3)).toEqual(['the', ','])
    // consecutive windows: every target is the next token of the same text
    const vocab = words.meta?.vocab as string[]
    const seq = detokenize(words.x.subarray(0, 10), vocab, 'word')
    expect(encode(seq, vocab, 'word')).toEqual(Array.from(words.x.subarray(0, 10)))
    expect(Array.from(words.x.subarray(1, 10))).toEqual(Array.from(words.y.subarray(0, 9)))
  })

  it("the user's own file with the word tokeniser", async () => {
    const file = join(dir, 'mine.txt')
    writeFileSync(file, 'one two three two one. '.repeat(20))
    const ds = await loadText({ path: file, size: [4], tokenizer: 'word' })
    expect(ds.meta?.vocab).toEqual([UNK, 'one', 'two', '.', 'three'])
    expect(ds.meta?.words).toBe(120)
    await expect(loadText({ path: file, size: [200], tokenizer: 'word' })).rejects.toThrow(
      /120 words is too short for windows of 200/,
    )
  })
})
