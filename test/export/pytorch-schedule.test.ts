/**
 * train.py's learning_rate() gives the engine's rate at every epoch for the course's schedules, so
 * an exported run and a Deepwire run step the same way.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { exportPytorch } from '../../engine/export/pytorch'
import { parseGraph } from '../../engine/graph/parse'
import { trainingSchema } from '../../engine/graph/schema'
import { learningRate } from '../../engine/train/schedule'

const PYTHON = process.env.DEEPWIRE_PYTHON ?? '/usr/bin/python3'
const root = mkdtempSync(path.join(tmpdir(), 'deepwire-schedule-'))

const cases = {
  multistep: { type: 'multistep', milestones: [15, 30], gamma: 0.5 },
  'warmup-cosine': { type: 'warmup-cosine', warmupEpochs: 5, maxEpochs: 20, finalLr: 0.01 },
  'multistep after warm-up': { type: 'multistep', milestones: [4], gamma: 0.1, warmupEpochs: 2 },
}

describe("train.py's learning-rate schedule", () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it.each(Object.entries(cases))('%s: the engine’s rate at every epoch', async (name, schedule) => {
    const parsed = parseGraph(JSON.parse(readFileSync('presets/mlp.json', 'utf8')))
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    const base = parsed.doc.training
    const optimizer = { ...base.optimizer, lr: 0.3 }
    const doc = {
      ...parsed.doc,
      training: trainingSchema.parse({ ...base, epochs: 40, optimizer, schedule }),
    }
    const dir = path.join(root, name.replace(/ /g, '-'))
    await exportPytorch(doc, null, dir, { tf })
    const code = 'import json, train\nprint(json.dumps([train.learning_rate(e, 0.3, 40) for e in range(40)]))'
    const py = JSON.parse(execFileSync(PYTHON, ['-c', code], { cwd: dir, encoding: 'utf8', timeout: 60_000 }))
    const ours = Array.from({ length: 40 }, (_, e) => learningRate(doc.training, e))
    py.forEach((v: number, e: number) => expect(v, `epoch ${e}`).toBeCloseTo(ours[e], 12))
  })
})
