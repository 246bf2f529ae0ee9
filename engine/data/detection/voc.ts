/**
 * Pascal VOC folders: `Annotations/*.xml` (one file per image: <filename>, <size>, and an
 * <object> per box with <name> and <bndbox> xmin/ymin/xmax/ymax in pixels) and the images in
 * `JPEGImages/`. Classes are the names in `classes.txt` when the folder has one (then any other
 * name is an unknown class), else every name found, sorted.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Dataset, DatasetOptions } from '../types'
import { buildDetectionDataset, lineAt, type ImageRecord } from './records'
import { readClassList } from './classes'

const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(xml)?.[1]

export async function loadVoc(opts: DatasetOptions = {}): Promise<Dataset> {
  const folder = opts.path
  if (!folder)
    throw new Error("voc: no folder given (set path to a folder with 'Annotations' and 'JPEGImages')")
  const annDir = join(folder, 'Annotations')
  const files = (
    await readdir(annDir).catch(() => {
      throw new Error(`${annDir}: missing; a VOC folder holds 'Annotations' (XML) and 'JPEGImages'`)
    })
  )
    .filter((f) => f.endsWith('.xml'))
    .sort()
  const listed = await readClassList(join(folder, 'classes.txt'))
  const parsed = await Promise.all(
    files.map(async (f) => {
      const file = join(annDir, f)
      const xml = await readFile(file, 'utf8')
      const objects = [...xml.matchAll(/<object>([\s\S]*?)<\/object>/g)].map((m) => ({
        label: tag(m[1], 'name') ?? '',
        box: m[1],
        line: lineAt(xml, m.index),
      }))
      const filename = tag(xml, 'filename')
      if (!filename) throw new Error(`${file}: no <filename> says which image this annotation is for`)
      return { file, xml, filename, objects }
    }),
  )
  const classes = listed ?? [...new Set(parsed.flatMap((p) => p.objects.map((o) => o.label)))].sort()
  const records: ImageRecord[] = parsed.map((p) => ({
    file: join(folder, 'JPEGImages', p.filename),
    width: Number(tag(p.xml, 'width')) || undefined,
    height: Number(tag(p.xml, 'height')) || undefined,
    boxes: p.objects.map((o) => ({
      cls: classes.indexOf(o.label),
      label: o.label,
      x1: Number(tag(o.box, 'xmin')),
      y1: Number(tag(o.box, 'ymin')),
      x2: Number(tag(o.box, 'xmax')),
      y2: Number(tag(o.box, 'ymax')),
      where: `${p.file} line ${o.line}`,
    })),
  }))
  return buildDetectionDataset(folder, records, classes, opts)
}
