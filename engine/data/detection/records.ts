/**
 * The part every detection format shares once its annotation files are read: a list of images,
 * each with pixel boxes naming where they were written (file and line, or JSON index). Boxes are
 * checked here — inside the image, non-zero size, a known class — and any failure is one sentence
 * with that place; then images are read, resized and the boxes normalised to [0, 1].
 */
import { checkDatasetBytes } from '../../budget/data'
import type { TruthBox } from '../../detect/target'
import { limitOf } from '../batches'
import { readImage, resizeRgbaToRgb } from '../images'
import { shuffleIndices } from '../random'
import type { Dataset, DatasetOptions } from '../types'
import { packTruth } from './truth'

export interface PixelBox {
  /** Class id into the dataset's class names, or −1 when the name/id is not one of them. */
  cls: number
  /** The class as written in the file, for messages. */
  label: string
  /** Corners in pixels of the original image. */
  x1: number
  y1: number
  x2: number
  y2: number
  /** Where the box was written: 'labels/a.txt line 3', 'annotations.json annotations[7]'. */
  where: string
}

export interface ImageRecord {
  file: string
  /** The size the annotation claims, checked against the decoded image when given. */
  width?: number
  height?: number
  boxes: PixelBox[]
}

/** A box that cannot be trained on, as one sentence naming where it was written; null when fine. */
export function boxProblem(b: PixelBox, width: number, height: number, classes: string[]): string | null {
  const at = `${b.where}: box (${b.x1}, ${b.y1}, ${b.x2}, ${b.y2})`
  if (![b.x1, b.y1, b.x2, b.y2].every(Number.isFinite)) return `${at} has a coordinate that is not a number`
  if (b.cls < 0)
    return `${at} has class '${b.label}', which is not one of ${classes.map((c) => `'${c}'`).join(', ')}`
  if (b.x2 <= b.x1 || b.y2 <= b.y1)
    return `${at} has zero size (its right/bottom edge is not past its left/top edge)`
  // half a pixel of slack: tools round edges differently
  if (b.x1 < -0.5 || b.y1 < -0.5 || b.x2 > width + 0.5 || b.y2 > height + 0.5)
    return `${at} is outside the ${width}×${height} image`
  return null
}

export async function buildDetectionDataset(
  name: string,
  records: ImageRecord[],
  classNames: string[],
  opts: DatasetOptions,
): Promise<Dataset> {
  if (!records.length) throw new Error(`${name}: no annotated images found`)
  if (!classNames.length) throw new Error(`${name}: no object classes found`)
  const order = shuffleIndices(records.length, opts.seed ?? 0)
  const n = limitOf(records.length, opts)
  let h = opts.size?.[0] ?? 0
  let w = opts.size?.[1] ?? opts.size?.[0] ?? 0
  let x = new Uint8Array(0)
  const truth: TruthBox[][] = []
  for (let i = 0; i < n; i++) {
    const r = records[order[i]]
    const img = await readImage(r.file)
    if ((r.width && r.width !== img.width) || (r.height && r.height !== img.height))
      throw new Error(
        `${r.file}: the annotation says ${r.width}×${r.height} but the image is ${img.width}×${img.height}`,
      )
    if (i === 0) {
      h ||= img.height
      w ||= img.width
      checkDatasetBytes(
        name,
        n,
        h * w * 3,
        `${h}×${w} RGB pixels`,
        'set the dataset size (e.g. [64, 64]) or a limit',
      )
      x = new Uint8Array(n * h * w * 3)
    }
    resizeRgbaToRgb(img, h, w, x.subarray(i * h * w * 3, (i + 1) * h * w * 3))
    truth.push(
      r.boxes.map((b) => {
        const problem = boxProblem(b, img.width, img.height, classNames)
        if (problem) throw new Error(problem)
        const clip = (v: number, size: number) => Math.min(1, Math.max(0, v / size))
        return {
          cls: b.cls,
          box: [clip(b.x1, img.width), clip(b.y1, img.height), clip(b.x2, img.width), clip(b.y2, img.height)],
        }
      }),
    )
  }
  const { y, rows } = packTruth(truth)
  return {
    name,
    task: 'detection',
    inputShape: [h, w, 3],
    inputDtype: 'float32',
    targetShape: [rows, 5],
    numClasses: classNames.length,
    classNames,
    size: n,
    x,
    xScale: 1 / 255,
    y,
    meta: { images: records.length, boxes: truth.reduce((s, t) => s + t.length, 0) },
  }
}

/** Line number (1-based) of character offset `at` in `text`. */
export const lineAt = (text: string, at: number): number => text.slice(0, at).split('\n').length
