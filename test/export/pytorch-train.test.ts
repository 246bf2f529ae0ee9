/**
 * The exported train.py under `torchrun --nproc_per_node=2` on CPU: two processes (gloo,
 * DistributedDataParallel, DistributedSampler) train LeNet and the MLP for one short epoch on the
 * Fashion-MNIST samples exported beside the model, with the presets' own settings, and the
 * validation loss falls. Rank 0 alone logs and saves.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import * as tf from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { exportPytorch } from '../../engine/export/pytorch'
import { parseGraph } from '../../engine/graph/parse'

const PYTHON = process.env.DEEPWIRE_PYTHON ?? '/usr/bin/python3'
const root = mkdtempSync(path.join(tmpdir(), 'deepwire-torchrun-'))

/** A port nobody listens on, so parallel runs on this machine do not meet at torchrun's 29500. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

describe('train.py under torchrun', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it.each([
    ['lenet', 0],
    ['mlp', 0.5],
  ])('%s: one short epoch on 2 CPU processes lowers the validation loss', async (name, minAccuracy) => {
    const parsed = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    const dir = path.join(root, name)
    await exportPytorch(parsed.doc, null, dir, { tf, data: { limit: 5000 } })
    const args = ['-m', 'torch.distributed.run', '--nproc_per_node=2', `--master_port=${await freePort()}`]
    // Debian's torch 1.13 on Python 3.11 cannot parse torchrun's default (0) redirect settings
    args.push('--redirects', '1', '--tee', '1', '--log_dir', path.join(dir, 'logs'))
    args.push('train.py', '--epochs', '1', '--limit', '4000', '--batch-size', '32')
    const { stdout } = await promisify(execFile)(PYTHON, args, { cwd: dir, timeout: 100_000 })
    // torchrun prefixes each line with the rank that printed it
    const lines = stdout.split('\n').filter((l) => l.trim())
    expect(
      lines.every((l) => l.startsWith('[default0]:')),
      stdout,
    ).toBe(true)
    const log = lines.map((l) => l.replace(/^\[default\d+\]:/, '')).join('\n')
    console.log(`${name}:\n${log}`)
    expect(log).toMatch(/2 process\(es\) on cpu, batch 16 per process/)
    const before = Number(/^epoch 0 val_loss ([\d.]+)/m.exec(log)?.[1])
    const after = /^epoch 1\/1 loss ([\d.]+) accuracy [\d.]+ val_loss ([\d.]+) val_accuracy ([\d.]+)/m.exec(
      log,
    )
    expect(after, log).not.toBeNull()
    expect(Number(after![2])).toBeLessThan(before)
    expect(Number(after![3])).toBeGreaterThanOrEqual(minAccuracy)
    expect(existsSync(path.join(dir, 'trained.pt'))).toBe(true)
  })
})

describe('train.py without its data', () => {
  it('says in one line what is missing and how to get it, instead of a traceback', async () => {
    const parsed = parseGraph(JSON.parse(readFileSync('presets/mlp.json', 'utf8')))
    if (!parsed.ok) throw new Error(parsed.errors[0].message)
    const dir = path.join(root, 'no-data')
    await exportPytorch(parsed.doc, null, dir, { tf })
    const r = await promisify(execFile)(PYTHON, ['train.py', '--epochs', '1'], {
      cwd: dir,
      timeout: 100_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    )
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toMatch(
      /^train\.py: no data at .*data\.npz: export the model again with its data/,
    )
    expect(r.stderr).not.toMatch(/Traceback/)
  })
})
