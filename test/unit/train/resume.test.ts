import { describe, expect, it } from 'vitest'
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../../../engine/train/checkpoint'
import { mlp, tf, trainInProcess } from '../../helpers/train'

async function weightsOf(model: { getWeights(): { data(): Promise<unknown> }[] }) {
  return Promise.all(model.getWeights().map(async (w) => Array.from((await w.data()) as Float32Array)))
}

describe('checkpoints', () => {
  for (const type of ['adam', 'momentum'] as const)
    it(`stop + resume gives the same result as an uninterrupted run (${type})`, async () => {
      const g = mlp(2, 8, 2, 'moons')
      const settings = { optimizer: { type, lr: 0.02 }, epochs: 4, seed: 7 }
      const full = await trainInProcess(g, settings)

      const saved: Checkpoint[] = []
      await trainInProcess(g, { ...settings, epochs: 2 }, { keep: (c) => saved.push(c) })
      // through the file format, as a real resume reads it
      const ckpt = decodeCheckpoint(encodeCheckpoint(saved.at(-1)!))
      expect(ckpt.meta.epoch).toBe(2)
      const resumed = await trainInProcess(g, settings, { resume: ckpt })

      expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4])
      expect(resumed.history.at(-1)!.loss).toBeCloseTo(full.history.at(-1)!.loss, 6)
      const a = await weightsOf(full.model)
      const b = await weightsOf(resumed.model)
      a.forEach((w, i) => w.forEach((v, j) => expect(b[i][j]).toBeCloseTo(v, 6)))
    })

  it('refuses a checkpoint whose weights do not fit the graph, naming the weight', async () => {
    const saved: Checkpoint[] = []
    await trainInProcess(mlp(2, 8, 2, 'moons'), { epochs: 1 }, { keep: (c) => saved.push(c) })
    await expect(trainInProcess(mlp(2, 12, 2, 'moons'), { epochs: 2 }, { resume: saved[0] })).rejects.toThrow(
      /checkpoint weight '.*kernel' has shape \[2×8\] but '.*kernel' needs \[2×12\]/,
    )
  })

  describe('reading damaged files', () => {
    let bytes: Uint8Array
    it('setup', async () => {
      const saved: Checkpoint[] = []
      await trainInProcess(mlp(2, 4, 2, 'xor'), { epochs: 1 }, { keep: (c) => saved.push(c) })
      bytes = encodeCheckpoint(saved[0])
      expect(decodeCheckpoint(bytes).weights.length).toBe(4)
      expect(tf.getBackend()).toBe('wasm')
    })
    it('truncated', () => {
      expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 10), 'run.dwckpt')).toThrow(
        /run.dwckpt is not a usable Deepwire checkpoint: the file is truncated/,
      )
      expect(() => decodeCheckpoint(bytes.subarray(0, 30), 'run.dwckpt')).toThrow(/truncated \(header\)/)
    })
    it('not a checkpoint', () => {
      expect(() => decodeCheckpoint(new TextEncoder().encode('{"hello": 1}'))).toThrow(/signature/)
    })
    it('corrupted header', () => {
      const bad = bytes.slice()
      bad[12] = 0x41 // the JSON's opening brace
      expect(() => decodeCheckpoint(bad)).toThrow(/header is corrupted/)
    })
    it('from a newer version', () => {
      const c = decodeCheckpoint(bytes)
      const newer = encodeCheckpoint({ ...c, meta: { ...c.meta, version: 9 } })
      expect(() => decodeCheckpoint(newer)).toThrow(/newer Deepwire \(checkpoint version 9\)/)
    })
  })
})
