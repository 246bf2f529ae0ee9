/** BLEU on the course's translation examples, with the values worked out by hand. */
import { describe, expect, it } from 'vitest'
import { bleu, bleuText } from '../../../engine/train/bleu'

describe('BLEU (the course’s definition, k = 2)', () => {
  it('an exact translation scores 1', () => {
    expect(bleuText('va !', 'va !')).toBe(1)
    expect(bleuText("j'ai perdu .", "j'ai perdu .")).toBe(1)
  })
  it("he's calm . → il est riche .: √(3/4) · (1/3)^(1/4) = 0.658", () => {
    expect(bleuText('il est riche .', 'il est calme .')).toBeCloseTo(Math.sqrt(3 / 4) * (1 / 3) ** 0.25, 12)
    expect(bleuText('il est riche .', 'il est calme .').toFixed(3)).toBe('0.658')
  })
  it("i'm home . → je suis en retard ?: √(2/5) · (1/4)^(1/4) = 0.447", () => {
    expect(bleuText('je suis en retard ?', 'je suis chez moi .').toFixed(3)).toBe('0.447')
  })
  it('a short prediction pays the length penalty exp(1 − 4/2)', () => {
    expect(bleuText('il est', 'il est calme .')).toBeCloseTo(Math.exp(-1), 12)
  })
  it('clips repeated n-grams to their count in the label', () => {
    // 1-grams: "le" matches twice of 4 → √(1/2); 2-grams: "le le" never → 0
    expect(bleu(['le', 'le', 'le', 'le'], ['le', 'chat', 'le', 'chien'])).toBe(0)
    expect(bleu(['le', 'le', 'le', 'le'], ['le', 'chat', 'le', 'chien'], 1)).toBeCloseTo(Math.sqrt(0.5), 12)
  })
  it('an empty or too-short prediction scores 0', () => {
    expect(bleu([], ['a'])).toBe(0)
    expect(bleu(['a'], ['a', 'b'])).toBe(0)
  })
})
