import { describe, expect, it } from 'vitest'
import { BatchPrefetch } from '../../../engine/train/prefetch'

/** A prefetcher whose "tensors" are labels, recording what was built and released, in order. */
function recorder() {
  const log: string[] = []
  const p = new BatchPrefetch<string>(
    (b) => (log.push(`make ${b}`), `t${b}`),
    (t) => log.push(`release ${t}`),
  )
  return { p, log }
}

describe('BatchPrefetch', () => {
  it('hands over the batch built ahead, building each batch once', () => {
    const { p, log } = recorder()
    expect(p.take(0)).toBe('t0')
    p.prepare(1)
    expect(p.take(1)).toBe('t1')
    p.prepare(2)
    expect(p.take(2)).toBe('t2')
    expect(log).toEqual(['make 0', 'make 1', 'make 2'])
  })

  it('releases a prepared batch that is not the one asked for, and builds the right one', () => {
    const { p, log } = recorder()
    p.prepare(3)
    expect(p.take(5)).toBe('t5')
    expect(log).toEqual(['make 3', 'release t3', 'make 5'])
  })

  it('releases what it holds when cleared or prepared again, and nothing twice', () => {
    const { p, log } = recorder()
    p.prepare(1)
    p.prepare(2)
    p.clear()
    p.clear()
    expect(log).toEqual(['make 1', 'release t1', 'make 2', 'release t2'])
  })
})
