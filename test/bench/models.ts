/**
 * The models `npm run bench` measures, and the PyTorch package each is exported to, so the
 * PyTorch column runs the very same network (Deepwire's own PyTorch export) with the same weights.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildExportModel, type ExportModel } from '../../engine/export/common'
import { exportPytorch } from '../../engine/export/pytorch'
import { parseGraph } from '../../engine/graph/parse'
import type { GraphDoc } from '../../engine/graph/schema'
import type { Tf } from '../../engine/layers/types'

export interface BenchModel {
  name: string
  preset: string
  /** Training batch: 256 as the targets say, smaller where one step would take minutes. */
  batch: number
  steps: number
}

const ALL: BenchModel[] = [
  { name: 'LeNet-5', preset: 'presets/lenet.json', batch: 256, steps: 30 },
  { name: 'MLP 784-256-10', preset: 'presets/mlp.json', batch: 256, steps: 30 },
  { name: 'ResNet-18 96×96', preset: 'presets/resnet18.json', batch: 32, steps: 2 },
]
/** BENCH_MODELS=lenet,mlp picks models by the start of their names (case-insensitive). */
const only = process.env.BENCH_MODELS?.toLowerCase().split(',')
export const MODELS = only ? ALL.filter((m) => only.some((o) => m.name.toLowerCase().startsWith(o))) : ALL

export const PYTHON = process.env.DEEPWIRE_PYTHON ?? '/usr/bin/python3'

export function loadDoc(preset: string): GraphDoc {
  const parsed = parseGraph(JSON.parse(readFileSync(preset, 'utf8')))
  if (!parsed.ok) throw new Error(`${preset}: ${parsed.errors[0].message}`)
  return parsed.doc
}

/** Engine per-sample input shape (H, W, C) as PyTorch wants it (C, H, W). */
export function torchShape(shape: number[]): number[] {
  return shape.length === 3 ? [shape[2], shape[0], shape[1]] : shape
}

/** Builds the model and writes its PyTorch package; the caller disposes `model.model`. */
export async function withPytorchPackage(
  tf: Tf,
  doc: GraphDoc,
): Promise<{ model: ExportModel; dir: string }> {
  const model = await buildExportModel(tf, doc, null)
  const dir = mkdtempSync(path.join(tmpdir(), 'dw-bench-'))
  await exportPytorch(doc, null, dir, { tf, model })
  return { model, dir }
}

export interface TorchResult {
  threads: number
  torch: string
  samplesPerSec?: number
  ms?: number
}

/** Runs torch_bench.py; an empty list when PyTorch is not installed. */
export function torchBench(args: string[]): TorchResult[] {
  const script = fileURLToPath(new URL('./torch_bench.py', import.meta.url))
  try {
    const out = execFileSync(PYTHON, [script, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    return out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TorchResult)
  } catch (e) {
    console.error(`PyTorch reference failed: ${(e as Error).message.split('\n')[0]}`)
    return []
  }
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n')
}

export const ratio = (a: number, b?: number) => (b ? `${(a / b).toFixed(2)}×` : '')
export const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toPrecision(3))
