import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyze } from '../graph/analyze'
import { parseGraph } from '../graph/parse'
import { parseJsonBounded } from '../budget/untrusted'

export const PRESETS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../presets')

export interface PresetInfo {
  file: string
  name: string
  task: string
  trainableParams: number
  inputShape: number[]
  dataset: string
  /** 'course': the course's own settings; 'quick': a faster variant; absent: neither claim. */
  settings?: 'course' | 'quick'
  /** The d2l-zh section whose reported figure the preset is compared with. */
  courseSection?: string
}

export async function listPresets(dir = PRESETS_DIR): Promise<PresetInfo[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  const out: PresetInfo[] = []
  for (const f of files) {
    const parsed = parseGraph(parseJsonBounded(await fs.readFile(path.join(dir, f), 'utf8'), f))
    if (!parsed.ok) continue
    const a = analyze(parsed.doc)
    const input = a.order.find((n) => n.id === a.inputs[0])
    out.push({
      file: path.relative(process.cwd(), path.join(dir, f)),
      name: parsed.doc.name,
      task: parsed.doc.task ?? '',
      trainableParams: a.totals.trainableParams,
      inputShape: input?.outputShape ?? [],
      dataset: parsed.doc.training.dataset.name,
      ...(parsed.doc.preset ? { settings: parsed.doc.preset.settings } : {}),
      ...(parsed.doc.preset?.courseSection ? { courseSection: parsed.doc.preset.courseSection } : {}),
    })
  }
  return out
}
