/**
 * The dataset limit against smaller inputs: with DEEPWIRE_DATASET_LIMIT_MB at 1, what fits loads
 * and what does not is refused with its figures — generated sets, CSV cells, IDX headers and text.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../../../engine/data/registry'
import { tempDir } from './tmp'

const dir = tempDir('dataset-limit')
beforeAll(() => {
  process.env.DEEPWIRE_DATASET_LIMIT_MB = '1'
})
afterAll(() => {
  delete process.env.DEEPWIRE_DATASET_LIMIT_MB
})

describe('a 1 MiB dataset limit', () => {
  it('loads a generated set that fits and refuses one that does not, saying how many would fit', async () => {
    expect((await loadDataset('moons', { samples: 80_000 })).size).toBe(80_000)
    await expect(loadDataset('moons', { samples: 100_000 })).rejects.toThrow(
      "dataset 'moons' (training.dataset samples 100,000): 100,000 samples × 2 features and a label (12 bytes) " +
        'need 1.1 MiB, more than the 1.0 MiB a dataset may take in memory; lower training.dataset.samples or size ' +
        '(at most 87,381 samples of this size fit)',
    )
  })

  it('refuses a CSV whose cells would not fit before parsing it', async () => {
    const f = join(dir, 'long.csv')
    writeFileSync(f, 'a,b,y\n' + '1,2,0\n'.repeat(10_000))
    await expect(loadDataset('csv', { path: f })).rejects.toThrow(
      `${f}: 10,002 lines with up to 30,004 values need 1.8 MiB, more than the 1.0 MiB`,
    )
  })

  it("refuses an IDX file by its header's dimensions", async () => {
    const f = join(dir, 'big-images-idx3-ubyte')
    const header = Buffer.from([0, 0, 8, 3, 0, 0, 0x27, 0x10, 0, 0, 0, 28, 0, 0, 0, 28])
    writeFileSync(f, Buffer.concat([header, Buffer.alloc(1000)]))
    await expect(loadDataset('idx', { path: f, target: f })).rejects.toThrow(
      `${f}: the header's 10000×28×28 = 7,840,000 values of images and their shuffled copy need 15.0 MiB`,
    )
  })

  it('refuses a text file by its size', async () => {
    const f = join(dir, 'long.txt')
    writeFileSync(f, 'x'.repeat(64 * 1024))
    await expect(loadDataset('text', { path: f })).rejects.toThrow(
      `${f}: the text file is 64.0 KiB, and reading it would need 2.0 MiB, more than the 1.0 MiB`,
    )
  })
})
