// Draws the two sample images `deepwire stylize` is shown with, so they carry no one's copyright:
// scene.png, a landscape (sky, sun, two mountain ranges, a lake), and swirls.png, a pattern of
// bright curling strokes on deep blue, in the manner of an expressionist night sky.
// Run: node resources/stylize/make.mjs
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pngjs from 'pngjs'

const here = dirname(fileURLToPath(import.meta.url))

function draw(file, w, h, colour) {
  const img = new pngjs.PNG({ width: w, height: h })
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [r, g, b] = colour(x / w, y / h)
      img.data.set(
        [r, g, b].map((v) => Math.round(Math.min(255, Math.max(0, v)))).concat(255),
        (y * w + x) * 4,
      )
    }
  writeFileSync(join(here, file), pngjs.PNG.sync.write(img))
}

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t)

draw('scene.png', 192, 128, (u, v) => {
  const far = 0.42 + 0.1 * Math.sin(u * 9) + 0.05 * Math.sin(u * 23 + 1)
  const near = 0.58 + 0.08 * Math.sin(u * 5 + 2) + 0.03 * Math.sin(u * 31)
  if (v > 0.78) return mix([70, 110, 150], [30, 60, 90], (v - 0.78) / 0.22) // lake
  if (v > near) return mix([60, 110, 50], [30, 70, 30], (v - near) / 0.3) // near hills
  if (v > far) return mix([110, 120, 150], [80, 90, 120], (v - far) / 0.3) // far mountains
  if ((u - 0.72) ** 2 * 2.25 + (v - 0.22) ** 2 < 0.006) return [255, 220, 120] // sun
  return mix([120, 170, 230], [250, 200, 160], v / 0.6) // sky
})

draw('swirls.png', 128, 128, (u, v) => {
  let s = 0
  for (const [cx, cy, k] of [
    [0.25, 0.3, 1],
    [0.7, 0.25, -1],
    [0.5, 0.75, 1],
  ]) {
    const dx = u - cx
    const dy = v - cy
    const r = Math.hypot(dx, dy)
    s += Math.sin(40 * r + k * 3 * Math.atan2(dy, dx)) * Math.exp(-r * 4)
  }
  const t = 0.5 + 0.5 * Math.tanh(2 * s)
  return mix([20, 40, 110], [250, 210, 80], t)
})
