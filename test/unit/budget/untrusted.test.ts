import { describe, expect, it } from 'vitest'
import { checkDepth, parseJsonBounded, quote } from '../../../engine/budget/untrusted'

describe('untrusted documents', () => {
  it('refuses JSON nested past the depth bound with a sentence, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(() => parseJsonBounded(deep, 'the graph file')).toThrow(
      /the graph file nests arrays or objects more than 64 levels deep/,
    )
  })
  it('does not count brackets inside strings', () => {
    const text = JSON.stringify({ id: '['.repeat(500) + '"\\', p: [[1]] })
    expect(parseJsonBounded(text, 'x')).toEqual(JSON.parse(text))
  })
  it('checks a value that arrived already built without recursing', () => {
    let v: unknown = 1
    for (let i = 0; i < 100_000; i++) v = [v]
    expect(() => checkDepth(v, 'the payload')).toThrow(/more than 64 levels deep/)
    expect(() => checkDepth({ a: [[{ b: 1 }]] }, 'ok')).not.toThrow()
  })
  it('quotes at most 80 characters and says how long the rest is', () => {
    const q = quote('x'.repeat(1_000_000))
    expect(q.length).toBeLessThan(120)
    expect(q).toContain('(1,000,000 characters)')
    expect(quote('conv1')).toBe("'conv1'")
  })
})
