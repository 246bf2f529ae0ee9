/**
 * The course's character setup for its recurrent chapter: The Time Machine reduced to letters and
 * spaces gives its 170,580 characters and 28-token vocabulary, in the course's Vocab order.
 */
import { describe, expect, it } from 'vitest'
import { loadTimeMachine } from '../../../engine/data/text'
import { detokenize, encode, tokenize } from '../../../engine/data/tokenize'

describe("the course's letters tokenizer", () => {
  it('keeps letters, turns every other run into one space, lower-cases and joins lines', () => {
    expect(tokenize('The Time-Machine, 1895!\n  by H. G. Wells\n', 'letters').join('')).toBe(
      'the time machineby h g wells',
    )
  })

  it('gives the course’s corpus and vocabulary on The Time Machine', async () => {
    const ds = await loadTimeMachine({ size: [35], tokenizer: 'letters' })
    expect(ds.meta?.characters).toBe(170_580)
    expect(ds.numClasses).toBe(28)
    const vocab = ds.meta?.vocab as string[]
    expect(vocab.slice(0, 10)).toEqual(['<unk>', ' ', 'e', 't', 'a', 'i', 'n', 'o', 's', 'h'])
    // non-overlapping windows of 35 with a next-character target: ⌊170,579 / 35⌋
    expect(ds.size).toBe(4873)
    // a prompt goes through the same reduction, so capitals and punctuation are not errors
    const ids = encode('Time, traveller', vocab, 'letters')
    expect(detokenize(ids, vocab, 'letters')).toBe('time traveller')
  })
})
