import { describe, expect, it } from 'vitest'
import { NEW_NODE_SIZE, freeSpot, wantedSpot, type Rect } from '../../../renderer/src/canvas/free-spot'

const apart = (a: Rect, b: Rect) =>
  a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y

describe('freeSpot', () => {
  it('takes the wanted place when it is free', () => {
    expect(freeSpot([{ x: 0, y: 0, w: 180, h: 70 }], { x: 400, y: 0 })).toEqual({ x: 400, y: 0 })
    expect(freeSpot([{ x: 0, y: 0, w: 180, h: 70 }], { x: 100, y: 0 })).not.toEqual({ x: 100, y: 0 })
  })

  it('ten clicks at one spot give ten nodes that overlap nothing, all near the spot', () => {
    const taken: Rect[] = [{ x: -90, y: -35, w: 200, h: 90 }]
    const want = { x: -90, y: -35 }
    for (let i = 0; i < 10; i++) {
      const p = freeSpot(taken, want)
      const box = { ...p, ...NEW_NODE_SIZE }
      for (const r of taken) expect(apart(box, r)).toBe(true)
      expect(Math.hypot(p.x - want.x, p.y - want.y)).toBeLessThan(600)
      taken.push(box)
    }
  })

  it('finds room around a big node covering the wanted place', () => {
    const big = { x: -500, y: -500, w: 1000, h: 1000 }
    const p = freeSpot([big], { x: 0, y: 0 })
    expect(apart({ ...p, ...NEW_NODE_SIZE }, big)).toBe(true)
  })
})

describe('wantedSpot', () => {
  it('below the selected node, else centred on the view', () => {
    expect(wantedSpot({ x: 500, y: 300 }, { x: 10, y: 20, w: 180, h: 90 })).toEqual({ x: 10, y: 150 })
    expect(wantedSpot({ x: 500, y: 300 }, undefined)).toEqual({
      x: 500 - NEW_NODE_SIZE.w / 2,
      y: 300 - NEW_NODE_SIZE.h / 2,
    })
  })
})
