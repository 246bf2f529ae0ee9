/**
 * YOLO txt folders: `images/` and `labels/` (a .txt per image with the same name; one box per line,
 * `class cx cy w h`, all but the class id normalised to [0, 1]) and `classes.txt` naming the
 * class ids in order (YOLO's obj.names is read when classes.txt is absent).
 */
import { readdir, readFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { readImage } from '../images'
import type { Dataset, DatasetOptions } from '../types'
import { readClassList } from './classes'
import { buildDetectionDataset, type ImageRecord, type PixelBox } from './records'

const IMAGE_EXT = /\.(png|jpe?g)$/i

export async function loadYolo(opts: DatasetOptions = {}): Promise<Dataset> {
  const folder = opts.path
  if (!folder)
    throw new Error("yolo: no folder given (set path to a folder with 'images', 'labels' and classes.txt)")
  const classes =
    (await readClassList(join(folder, 'classes.txt'))) ?? (await readClassList(join(folder, 'obj.names')))
  if (!classes) throw new Error(`${folder}: no classes.txt (one class name per line, in class-id order)`)
  const imageDir = join(folder, 'images')
  const images = (
    await readdir(imageDir).catch(() => {
      throw new Error(`${imageDir}: missing; a YOLO folder holds 'images' and 'labels'`)
    })
  )
    .filter((f) => IMAGE_EXT.test(f))
    .sort()
  const records: ImageRecord[] = []
  for (const f of images) {
    const labelFile = join(folder, 'labels', `${basename(f, extname(f))}.txt`)
    // an image without a label file has no objects, as YOLO tools treat it
    const text = await readFile(labelFile, 'utf8').catch(() => '')
    const file = join(imageDir, f)
    // YOLO boxes are relative: the image's size turns them into pixels for the shared checks
    const { width, height } = text.trim() ? await readImage(file) : { width: 1, height: 1 }
    const boxes: PixelBox[] = []
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return
      const where = `${labelFile} line ${i + 1}`
      const v = line.trim().split(/\s+/)
      if (v.length !== 5)
        throw new Error(`${where}: expected 5 values 'class cx cy w h', but found ${v.length}`)
      const [id, cx, cy, w, h] = v.map(Number)
      const known = Number.isInteger(id) && id >= 0 && id < classes.length
      boxes.push({
        cls: known ? id : -1,
        label: v[0],
        x1: (cx - w / 2) * width,
        y1: (cy - h / 2) * height,
        x2: (cx + w / 2) * width,
        y2: (cy + h / 2) * height,
        where,
      })
    })
    records.push({ file, boxes })
  }
  return buildDetectionDataset(folder, records, classes, opts)
}
