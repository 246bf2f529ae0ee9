/**
 * `deepwire import` end to end: an ONNX file becomes graph.json + a checkpoint that `train
 * --resume` continues from (the loss falls) and `export --checkpoint` writes to ONNX again,
 * matching onnxruntime.
 */
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../export/helpers'

const dir = tempDir('deepwire-import-cli-')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const deepwire = async (...args: string[]) =>
  (await promisify(execFile)(process.execPath, ['bin/deepwire.mjs', ...args], { maxBuffer: 1 << 24 })).stdout

describe('deepwire import', () => {
  it('imports an exported LeNet, trains it further and exports it again', async () => {
    const onnx = path.join(dir, 'lenet.onnx')
    await deepwire('export', 'presets/lenet.json', '--format', 'onnx', '--out', onnx)
    const out = path.join(dir, 'imported')
    const r = JSON.parse(await deepwire('import', onnx, '--out', out, '--json')) as Record<string, unknown>
    expect(r).toMatchObject({
      ok: true,
      nodes: 14,
      trainableParams: 61706,
      inputs: [{ name: 'in', shape: [28, 28, 1] }],
      outputs: [{ shape: [10] }],
      warnings: [],
    })
    const graph = JSON.parse(readFileSync(path.join(out, 'graph.json'), 'utf8')) as {
      nodes: { type: string }[]
    }
    expect(graph.nodes.map((n) => n.type)).toContain('Conv2D')

    const run = path.join(dir, 'run')
    const epochs = (
      await deepwire(
        'train',
        path.join(out, 'graph.json'),
        '--resume',
        path.join(out, 'lenet.dwckpt'),
        ...['--epochs', '3', '--limit', '1024', '--batch-size', '64', '--lr', '0.01'],
        ...['--workers', '1', '--out', run, '--json'],
      )
    )
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { loss: number })
    expect(epochs).toHaveLength(3)
    expect(epochs[2].loss).toBeLessThan(epochs[0].loss)

    const again = JSON.parse(
      await deepwire(
        'export',
        path.join(out, 'graph.json'),
        ...['--format', 'onnx', '--out', path.join(dir, 'again.onnx')],
        ...['--checkpoint', path.join(run, 'checkpoint.dwckpt'), '--json'],
      ),
    ) as { trained: boolean; parity: { maxDiff: number } }
    expect(again.trained).toBe(true)
    expect(again.parity.maxDiff).toBeLessThan(1e-4)
  }, 60_000)
})
