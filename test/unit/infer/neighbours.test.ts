/** Nearest words by cosine: exact order on a hand-made table, the word itself and <unk> left out. */
import { describe, expect, it } from 'vitest'
import { nearestWords } from '../../../engine/infer/neighbours'

// rows: <unk>, king, queen, man, apple, anti-king
const table = {
  vocab: ['<unk>', 'king', 'queen', 'man', 'apple', 'anti'],
  dim: 2,
  matrix: Float32Array.from([1, 0, 1, 0, 0.9, 0.1, 3, 3, 0, 1, -1, 0]),
}

describe('nearestWords', () => {
  it('orders by cosine similarity, not by length, leaving out the word and <unk>', () => {
    const r = nearestWords(table, 'king', 5)
    expect(r.map((n) => n.word)).toEqual(['queen', 'man', 'apple', 'anti'])
    expect(r[0].similarity).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 6)
    expect(r[1].similarity).toBeCloseTo(Math.SQRT1_2, 6)
    expect(r[2].similarity).toBeCloseTo(0, 6)
    expect(r[3].similarity).toBeCloseTo(-1, 6)
  })

  it('keeps k', () => {
    expect(nearestWords(table, 'apple', 2).map((n) => n.word)).toEqual(['man', 'queen'])
  })

  it('names an unknown word', () => {
    expect(() => nearestWords(table, 'zebra')).toThrow(
      'the word "zebra" is not in the model\'s vocabulary of 6 words',
    )
  })
})
