import { describe, expect, it } from 'vitest'
import { boundaryEdges } from '../../../renderer/src/inspect/boundary-edges'
import { commonBins } from '../../../renderer/src/inspect/rebin'
import { decodeBase64, diverging, filterPixels, tileChannels } from '../../../renderer/src/inspect/pixels'

describe('inspect pixels', () => {
  it('decodes the engine base64 bytes', () => {
    expect(Array.from(decodeBase64(Buffer.from([0, 7, 255]).toString('base64')))).toEqual([0, 7, 255])
  })

  it('tiles channel images in rows with a one-pixel gap', () => {
    // three 1×2 channels, two per row: [a b] gap [c d] / [e f]
    const t = tileChannels(Uint8Array.from([1, 2, 3, 4, 5, 6]), 1, 2, 3, 2)
    expect([t.width, t.height, t.cols]).toEqual([5, 3, 2])
    const grey = (x: number, y: number) => t.rgba[(y * t.width + x) * 4]
    expect([grey(0, 0), grey(1, 0), grey(3, 0), grey(4, 0), grey(0, 2), grey(1, 2)]).toEqual([
      1, 2, 3, 4, 5, 6,
    ])
    expect(t.rgba[(0 * t.width + 2) * 4 + 3]).toBe(0) // the gap stays transparent
  })

  it('colours signs and scales RGB kernels to bytes', () => {
    expect(diverging(-1)).toEqual([0, 0, 255])
    expect(diverging(0)).toEqual([255, 255, 255])
    expect(diverging(1)).toEqual([255, 0, 0])
    expect(Array.from(filterPixels([-1, 0, 1], 1, 1, true, -1, 1))).toEqual([0, 128, 255, 255])
    expect(Array.from(filterPixels([0.5], 1, 1, false, -1, 0.5))).toEqual([255, 128, 128, 255])
  })
})

describe('boundary edges', () => {
  const base = {
    what: 'boundary' as const,
    xRange: [0, 3] as [number, number],
    yRange: [0, 3] as [number, number],
  }
  it('follow the P = 0.5 line between cells', () => {
    // 3×3 grid, rows from the bottom: the left column is class 0, the rest class 1
    const grid = [0.1, 0.9, 0.8, 0.2, 0.7, 0.9, 0.3, 0.6, 0.95]
    const edges = boundaryEdges({
      ...base,
      resolution: 3,
      grid,
      value: 'probability',
      points: [],
      accuracy: null,
    })
    expect(edges).toEqual([
      [1, 0, 1, 1],
      [1, 1, 1, 2],
      [1, 2, 1, 3],
    ])
  })
  it('separate argmax classes and are absent for regression', () => {
    const grid = [0, 0, 2, 2]
    const b = { ...base, resolution: 2, grid, points: [], accuracy: null }
    expect(boundaryEdges({ ...b, value: 'class' })).toEqual([
      [0, 1.5, 1.5, 1.5],
      [1.5, 1.5, 3, 1.5],
    ])
    expect(boundaryEdges({ ...b, value: 'output' })).toEqual([])
  })
})

describe('common bins', () => {
  it('moves each epoch onto one value axis as shares', () => {
    const h = (min: number, max: number, counts: number[]) => ({ min, max, counts, mean: 0, std: 0, norm: 0 })
    // epoch 1 spans [0, 2], epoch 2 spans [0, 4]; shared bins of width 1 over [0, 4]
    const { min, max, shares } = commonBins([h(0, 2, [1, 3]), h(0, 4, [2, 0, 0, 2])], 4)
    expect([min, max]).toEqual([0, 4])
    expect(shares).toEqual([
      [0.25, 0.75, 0, 0],
      [0.5, 0, 0, 0.5],
    ])
  })
})
