/**
 * COCO JSON: `path` is the annotation file ({images, annotations, categories}; bbox is
 * [x, y, width, height] in pixels). Image files are looked up beside the JSON, then in an
 * `images/` folder next to it. Category ids map to classes in the order `categories` lists them.
 */
import { readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Dataset, DatasetOptions } from '../types'
import { buildDetectionDataset, type ImageRecord } from './records'

interface Coco {
  images?: { id: number; file_name: string; width?: number; height?: number }[]
  annotations?: { image_id: number; category_id: number; bbox: number[] }[]
  categories?: { id: number; name: string }[]
}

export async function loadCoco(opts: DatasetOptions = {}): Promise<Dataset> {
  const file = opts.path
  if (!file) throw new Error('coco: no annotation file given (set path to the COCO JSON file)')
  let doc: Coco
  try {
    doc = JSON.parse(await readFile(file, 'utf8')) as Coco
  } catch (e) {
    throw new Error(`${file}: cannot read the COCO JSON (${(e as Error).message})`, { cause: e })
  }
  for (const key of ['images', 'annotations', 'categories'] as const)
    if (!Array.isArray(doc[key]))
      throw new Error(`${file}: no '${key}' list; a COCO file has images, annotations and categories`)
  const categories = doc.categories!
  const classIndex = new Map(categories.map((c, i) => [c.id, i]))
  const dir = dirname(file)
  const records = new Map<number, ImageRecord>()
  for (const [i, img] of doc.images!.entries()) {
    if (typeof img.file_name !== 'string') throw new Error(`${file} images[${i}]: no file_name`)
    const beside = join(dir, img.file_name)
    const path = (await stat(beside).catch(() => null)) ? beside : join(dir, 'images', img.file_name)
    records.set(img.id, { file: path, width: img.width, height: img.height, boxes: [] })
  }
  doc.annotations!.forEach((a, i) => {
    const where = `${file} annotations[${i}]`
    const r = records.get(a.image_id)
    if (!r) throw new Error(`${where}: image_id ${a.image_id} is not in the images list`)
    if (!Array.isArray(a.bbox) || a.bbox.length !== 4)
      throw new Error(`${where}: bbox must be [x, y, width, height]`)
    const [x, y, w, h] = a.bbox.map(Number)
    r.boxes.push({
      cls: classIndex.get(a.category_id) ?? -1,
      label: String(a.category_id),
      x1: x,
      y1: y,
      x2: x + w,
      y2: y + h,
      where,
    })
  })
  return buildDetectionDataset(
    file,
    [...records.values()],
    categories.map((c) => c.name),
    opts,
  )
}
