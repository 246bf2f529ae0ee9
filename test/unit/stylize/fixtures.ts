import type { GraphDocInput } from '../../../engine/graph/schema'
import type { Rgba } from '../../../engine/data/images'
import { doc } from '../../helpers/graph'

/** A small classifier: three conv stages at 16, 8 and 4 pixels, then a dense head to drop. */
export function tinyCnn(side = 16): GraphDocInput {
  const conv = (id: string, filters: number) => ({
    id,
    type: 'Conv2D',
    params: { filters, kernelSize: 3, padding: 'same', activation: 'relu' },
  })
  return doc(
    [
      { id: 'in', type: 'Input', params: { shape: [side, side, 3] } },
      conv('c1', 8),
      { id: 'p1', type: 'MaxPool2D', params: { poolSize: 2 } },
      conv('c2', 8),
      { id: 'p2', type: 'MaxPool2D', params: { poolSize: 2 } },
      conv('c3', 8),
      { id: 'f', type: 'Flatten' },
      { id: 'd', type: 'Dense', params: { units: 2 } },
    ],
    [
      ['in', 'c1'],
      ['c1', 'p1'],
      ['p1', 'c2'],
      ['c2', 'p2'],
      ['p2', 'c3'],
      ['c3', 'f'],
      ['f', 'd'],
    ],
  )
}

/** An RGBA image from a colour function: smooth gradients for content, stripes for style. */
export function image(width: number, height: number, colour: (x: number, y: number) => number[]): Rgba {
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([...colour(x, y), 255], (y * width + x) * 4)
  return { width, height, data }
}

export const gradient = (w: number, h: number) => image(w, h, (x, y) => [(x * 255) / w, (y * 255) / h, 128])
export const stripes = (w: number, h: number) =>
  image(w, h, (x, y) => ((x + y) % 4 < 2 ? [230, 20, 20] : [20, 20, 230]))
