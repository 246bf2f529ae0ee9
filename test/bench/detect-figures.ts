/**
 * The README's detection pictures from a trained tiny-ssd checkpoint: unseen detect-shapes images
 * with their true boxes (white) and the detector's boxes (red rectangle, blue disc, green
 * triangle; score ≥ 0.5 after NMS at 0.5), and the anchors of one feature-map cell per scale.
 * Usage: npx tsx test/bench/detect-figures.ts CHECKPOINT OUT_DIR
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import pngjs from 'pngjs'
import { initBackend } from '../../engine/backend/select'
import { truthOf } from '../../engine/data/detection/truth'
import { loadDataset } from '../../engine/data/registry'
import { multiboxPrior } from '../../engine/detect/anchors'
import { predictorFromCheckpoint } from '../../engine/infer/load'
import { loadCheckpointFile } from '../../engine/node/run'
import { decodeImage } from '../../engine/train/detect/scorer'

const SCALE = 4
const COLOURS: [number, number, number][] = [
  [239, 68, 68],
  [59, 130, 246],
  [34, 197, 94],
  [234, 179, 8],
]

type Canvas = { png: pngjs.PNG; ox: number; oy: number; size: number }

function rect(c: Canvas, box: number[], rgb: [number, number, number], width: number) {
  const [x1, y1, x2, y2] = box.map((v) => Math.round(Math.min(1, Math.max(0, v)) * (c.size - 1)))
  const put = (x: number, y: number) =>
    c.png.data.set([...rgb, 255], ((c.oy + y) * c.png.width + c.ox + x) * 4)
  for (let t = 0; t < width; t++)
    for (let x = x1; x <= x2; x++) {
      put(x, Math.min(c.size - 1, y1 + t))
      put(x, Math.max(0, y2 - t))
    }
  for (let t = 0; t < width; t++)
    for (let y = y1; y <= y2; y++) {
      put(Math.min(c.size - 1, x1 + t), y)
      put(Math.max(0, x2 - t), y)
    }
}

function paste(png: pngjs.PNG, pixels: Uint8Array, ox: number, oy: number) {
  for (let y = 0; y < 64 * SCALE; y++)
    for (let x = 0; x < 64 * SCALE; x++) {
      const p = (Math.floor(y / SCALE) * 64 + Math.floor(x / SCALE)) * 3
      png.data.set([pixels[p], pixels[p + 1], pixels[p + 2], 255], ((oy + y) * png.width + ox + x) * 4)
    }
}

const [ckptFile, out] = process.argv.slice(2)
await initBackend(tf, 'wasm')
const p = await predictorFromCheckpoint(tf, await loadCheckpointFile(ckptFile))
const ds = await loadDataset('detect-shapes', { samples: 6, seed: 2024 })
const size = 64 * SCALE
const boxes = new pngjs.PNG({ width: 3 * size + 16, height: 2 * size + 8 })
boxes.data.fill(255)
const x = tf.tensor4d(
  Float32Array.from(ds.x, (v) => v / 255),
  [6, 64, 64, 3],
)
const y = p.model.predict(x) as tf.Tensor
const rows = (await y.data()) as Float32Array
const [, anchors, width] = y.shape as number[]
for (let i = 0; i < 6; i++) {
  const c = { png: boxes, ox: (i % 3) * (size + 8), oy: Math.floor(i / 3) * (size + 8), size }
  paste(boxes, (ds.x as Uint8Array).subarray(i * 4096 * 3, (i + 1) * 4096 * 3), c.ox, c.oy)
  for (const t of truthOf(ds, i)) rect(c, t.box, [255, 255, 255], 2)
  const found = decodeImage(rows.subarray(i * anchors * width, (i + 1) * anchors * width), anchors, 0.5, 0.5)
  for (const d of found) rect(c, d.box, COLOURS[d.cls], 3)
  console.log(`image ${i}: ${found.map((d) => `${ds.classNames![d.cls]} ${d.score.toFixed(2)}`).join(', ')}`)
}
writeFileSync(path.join(out, 'detection-boxes.png'), pngjs.PNG.sync.write(boxes))

// the course's anchor figure: the anchors of one cell on the 8×8 and the 2×2 maps of tiny-ssd
const anchorsPng = new pngjs.PNG({ width: 2 * size + 8, height: size })
anchorsPng.data.fill(255)
const cells: [number, number[], number, number][] = [
  [8, [0.2, 0.272], 3, 4],
  [2, [0.54, 0.619], 0, 1],
]
cells.forEach(([m, sizes, r, q], k) => {
  const c = { png: anchorsPng, ox: k * (size + 8), oy: 0, size }
  paste(anchorsPng, (ds.x as Uint8Array).subarray(0, 4096 * 3), c.ox, 0)
  const a = multiboxPrior(m, m, sizes, [1, 2, 0.5])
  const at = (r * m + q) * 4
  for (let j = 0; j < 4; j++) rect(c, Array.from(a.subarray((at + j) * 4, (at + j) * 4 + 4)), COLOURS[j], 2)
})
writeFileSync(path.join(out, 'detection-anchors.png'), pngjs.PNG.sync.write(anchorsPng))
tf.dispose([x, y])
