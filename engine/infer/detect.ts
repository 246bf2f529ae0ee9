/**
 * `deepwire predict` for detectors: read an image, resize it to the model's input, run the model
 * once and decode its rows (class scores, offsets, anchors) into boxes with NMS. Boxes are given
 * both normalised to [0, 1] and in pixels of the image as it was read.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { readImage, resizeRgbaToRgb } from '../data/images'
import { decodeImage, NMS_THRESHOLD } from '../train/detect/scorer'
import type { Predictor } from './predict'

export interface DetectOptions {
  /** Path of a PNG or JPEG image. */
  input: string
  /** IoU above which NMS drops the less confident of two boxes (default 0.5, the course's). */
  nms?: number
  /** Boxes less confident than this are not listed (default 0.5). */
  minScore?: number
}

export interface DetectedBox {
  class: string
  classId: number
  score: number
  /** x1, y1, x2, y2 in [0, 1] of the image's width and height. */
  box: [number, number, number, number]
  /** The same corners in pixels of the image file. */
  pixels: [number, number, number, number]
}

export async function detectImage(p: Predictor, o: DetectOptions) {
  const input = p.analysis.order.find((n) => n.id === p.analysis.inputs[0])!
  const [h, w, c] = input.outputShape
  if (c !== 3) throw new Error(`the detector's Input takes ${c} channel(s); prediction reads RGB images`)
  const img = await readImage(o.input)
  const rgb = new Uint8Array(h * w * 3)
  resizeRgbaToRgb(img, h, w, rgb)
  const x = p.tf.tensor4d(
    Float32Array.from(rgb, (v) => v / 255),
    [1, h, w, 3],
  )
  const y = p.model.predict(x) as tfTypes.Tensor
  // asynchronous read: a synchronous one throws on webgpu in Node
  const out = (await y.data()) as Float32Array
  const anchors = y.shape[1]!
  p.tf.dispose([x, y])
  const names = p.data.classNames ?? []
  const boxes: DetectedBox[] = decodeImage(out, anchors, o.nms ?? NMS_THRESHOLD, o.minScore ?? 0.5).map(
    (d) => ({
      class: names[d.cls] ?? `class ${d.cls}`,
      classId: d.cls,
      score: round(d.score),
      box: d.box.map(round) as DetectedBox['box'],
      pixels: [d.box[0] * img.width, d.box[1] * img.height, d.box[2] * img.width, d.box[3] * img.height].map(
        (v) => Math.round(v * 10) / 10,
      ) as DetectedBox['pixels'],
    }),
  )
  return { layout: 'detection', input: o.input, output: `${boxes.length} box(es)`, boxes }
}

const round = (v: number) => Math.round(v * 1e4) / 1e4
