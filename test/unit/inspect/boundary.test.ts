/**
 * The XOR lesson end to end in the engine: train the perceptron and MLP presets, then ask each
 * checkpoint for its decision boundary. One straight line cannot separate XOR; a hidden layer can.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { executeInspect } from '../../../engine/node/inspect'
import type { BoundaryResult } from '../../../engine/protocol'
import { encodeCheckpoint, type Checkpoint } from '../../../engine/train/checkpoint'
import { tf, trainInProcess } from '../../helpers/train'

const dir = mkdtempSync(path.join(tmpdir(), 'dw-boundary-'))

async function trainedBoundary(preset: string) {
  let last: Checkpoint | null = null
  await trainInProcess(
    JSON.parse(readFileSync(`presets/${preset}.json`, 'utf8')),
    {},
    { keep: (c) => (last = c) },
  )
  const file = path.join(dir, `${preset}.dwckpt`)
  writeFileSync(file, encodeCheckpoint(last!))
  return (await executeInspect(tf, { what: 'boundary', checkpoint: file, resolution: 40 })) as BoundaryResult
}

/** P(true) in the grid cell nearest to (x, y). */
function at(b: BoundaryResult, x: number, y: number) {
  const c = Math.floor(((x - b.xRange[0]) / (b.xRange[1] - b.xRange[0])) * b.resolution)
  const r = Math.floor(((y - b.yRange[0]) / (b.yRange[1] - b.yRange[0])) * b.resolution)
  return b.grid[r * b.resolution + c]
}

describe('decision boundary', () => {
  it('the MLP separates XOR: its four corners get the right classes', async () => {
    const b = await trainedBoundary('xor')
    expect(b.value).toBe('probability')
    expect(b.grid).toHaveLength(40 * 40)
    expect(b.classNames).toEqual(['false', 'true'])
    expect(b.xRange[0]).toBeLessThan(0)
    expect(b.xRange[1]).toBeGreaterThan(1)
    expect(b.points).toHaveLength(200)
    expect(b.points.filter((p) => p.val)).toHaveLength(40)
    expect(b.accuracy).toBeGreaterThanOrEqual(0.95)
    expect(at(b, 0, 0)).toBeLessThan(0.2)
    expect(at(b, 1, 1)).toBeLessThan(0.2)
    expect(at(b, 0, 1)).toBeGreaterThan(0.8)
    expect(at(b, 1, 0)).toBeGreaterThan(0.8)
  })

  it('the perceptron cannot: at least one corner is on the wrong side', async () => {
    const b = await trainedBoundary('perceptron-xor')
    expect(b.accuracy).toBeLessThanOrEqual(0.8)
    const wrong = [at(b, 0, 0) > 0.5, at(b, 1, 1) > 0.5, at(b, 0, 1) < 0.5, at(b, 1, 0) < 0.5]
    expect(wrong.some(Boolean)).toBe(true)
  })
})
