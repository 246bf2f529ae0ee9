import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { formatConfusion } from '../../../engine/node/confusion-text'

describe('confusion matrix as text', () => {
  it('rows name the true class, columns count predictions, the last column is the class accuracy', () => {
    const text = formatConfusion({
      matrix: [
        [8, 2, 0],
        [1, 117, 0],
        [0, 0, 0],
      ],
      perClassAccuracy: [0.8, 117 / 118, null],
      classNames: ['cat', 'a very long class name', 'dog'],
    })
    expect(text.split('\n')).toEqual([
      'validation confusion matrix (rows: true class, columns: predicted; last column: accuracy of the class)',
      'true \\ predicted   0   1   2 accuracy',
      '0 cat              8   2   0    80.0%',
      '1 a very long cl   1 117   0    99.2%',
      '2 dog              0   0   0        —',
      'mean per-class accuracy 89.6%',
    ])
  })

  it('is printed at the end of `deepwire train` for a classifier', async () => {
    const r = await promisify(execFile)('node', [
      'bin/deepwire.mjs',
      'train',
      'presets/xor.json',
      '--epochs',
      '1',
    ])
    const lines = r.stdout.trim().split('\n')
    const at = lines.findIndex((l) => l.startsWith('validation confusion matrix'))
    expect(at).toBeGreaterThanOrEqual(0)
    const rows = lines.slice(at + 2, at + 4).map((l) => l.trim().split(/\s+/))
    expect(rows.map((r) => r.slice(0, 2).join(' '))).toEqual(['0 false', '1 true'])
    // each row: class id and name, two counts, accuracy = diagonal / row total
    rows.forEach((r, t) => {
      const counts = [Number(r[2]), Number(r[3])]
      expect(r[4]).toBe(`${((counts[t] / (counts[0] + counts[1])) * 100).toFixed(1)}%`)
    })
    expect(lines.at(-1)).toMatch(/^mean per-class accuracy \d+\.\d%$/)
  })
})
