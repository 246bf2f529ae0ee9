import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { loadText } from '../../../engine/data/text'
import { tempDir } from './tmp'

const dir = tempDir('text')
const write = (name: string, text: string) => {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

const TEXT =
  'the time traveller (for so it will be convenient to speak of him) was expounding a recondite matter to us. '

describe('text', () => {
  it('windows of T characters with next-character targets over a sorted vocabulary', async () => {
    const file = write('tm.txt', TEXT.repeat(3))
    const ds = await loadText({ path: file, size: [10] })
    const vocab = ds.meta?.vocab as string[]
    expect(vocab).toEqual([...new Set(TEXT)].sort())
    expect(ds.numClasses).toBe(vocab.length)
    expect(ds.task).toBe('language-model')
    expect(ds.inputShape).toEqual([10])
    expect(ds.targetShape).toEqual([10])
    expect(ds.size).toBe(Math.floor((TEXT.length * 3 - 1) / 10))
    const source = TEXT.repeat(3)
    const starts = new Set<number>()
    for (let s = 0; s < ds.size; s++) {
      const x = Array.from(ds.x.subarray(s * 10, (s + 1) * 10), (i) => vocab[i]).join('')
      const y = Array.from(ds.y.subarray(s * 10, (s + 1) * 10), (i) => vocab[i]).join('')
      // Windows are consecutive and non-overlapping: find this one at a multiple of T.
      const at = [...Array(ds.size).keys()].map((k) => k * 10).find((k) => source.slice(k, k + 10) === x)
      expect(at).toBeDefined()
      starts.add(at!)
      expect(y).toBe(source.slice(at! + 1, at! + 11))
    }
    expect(starts.size).toBe(ds.size)
  })

  it('default window 32, seeded order, limit, CRLF folded to LF', async () => {
    const file = write('crlf.txt', 'line one\r\nline two\r\n'.repeat(20))
    const ds = await loadDataset('text', { path: file })
    expect(ds.inputShape).toEqual([32])
    expect(ds.meta?.vocab).not.toContain('\r')
    expect((await loadText({ path: file })).x).toEqual(ds.x)
    expect((await loadText({ path: file, seed: 1 })).x).not.toEqual(ds.x)
    expect((await loadText({ path: file, limit: 3 })).size).toBe(3)
  })

  it('handles characters outside the BMP as single tokens', async () => {
    const ds = await loadText({ path: write('emoji.txt', 'ab😀'.repeat(10)), size: [3] })
    expect(ds.meta?.vocab).toEqual(['a', 'b', '😀'])
  })

  it('errors name the file', async () => {
    await expect(loadText({ path: write('empty.txt', '') })).rejects.toThrow(/empty\.txt is empty/)
    await expect(loadText({ path: write('short.txt', 'abc'), size: [8] })).rejects.toThrow(
      /short\.txt: 3 characters is too short for windows of 8/,
    )
    await expect(loadText({ path: join(dir, 'gone.txt') })).rejects.toThrow(/gone\.txt: cannot read/)
  })
})
