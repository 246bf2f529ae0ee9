/**
 * The exported train.py cuts data as the engine does for k-fold cross-validation (`--folds`, on
 * exactly the engine's folds: its seeded shuffle reproduced in Python) and for the course's
 * sequential partitioning (streams of windows in text order, recurrent state carried from batch
 * to batch, detached, reset every epoch), checked against the engine and by running the script.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { initBackend } from '../../engine/backend/select'
import { datasetSplit } from '../../engine/data/batches'
import { foldSplit } from '../../engine/data/folds'
import { sequentialOrder } from '../../engine/data/partition'
import { shuffleIndices } from '../../engine/data/random'
import { loadDataset } from '../../engine/data/registry'
import { buildExportModel, randomizeWeights } from '../../engine/export/common'
import { exportPytorch } from '../../engine/export/pytorch'
import { parseGraph } from '../../engine/graph/parse'
import type { GraphDoc } from '../../engine/graph/schema'
import { carryRecurrentState } from '../../engine/train/carry'

const PYTHON = process.env.DEEPWIRE_PYTHON ?? '/usr/bin/python3'
const root = mkdtempSync(path.join(tmpdir(), 'deepwire-seq-train-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const preset = (name: string): GraphDoc => {
  const p = parseGraph(JSON.parse(readFileSync(`presets/${name}.json`, 'utf8')))
  if (!p.ok) throw new Error(p.errors[0].message)
  return p.doc
}
const python = async (dir: string, ...args: string[]) =>
  (await promisify(execFile)(PYTHON, args, { cwd: dir, timeout: 120_000, maxBuffer: 1 << 24 })).stdout
const pyJson = async (dir: string, code: string) => JSON.parse(await python(dir, '-c', code)) as unknown

describe('train.py --folds', () => {
  const dir = path.join(root, 'folds')
  const doc = preset('house-prices-kfold')
  beforeAll(async () => {
    await initBackend(tf, 'cpu')
    await exportPytorch(doc, null, dir, { tf, data: { limit: 120 } })
  }, 120_000)

  it("reproduces the engine's seeded shuffle and its folds sample for sample", async () => {
    const cases = [
      [10, 0],
      [506, 0],
      [120, 42],
      [97, 2 ** 31 - 1],
    ]
    const perms = (await pyJson(
      dir,
      `import json, train; print(json.dumps([train.deepwire_permutation(n, s) for n, s in ${JSON.stringify(cases)}]))`,
    )) as number[][]
    cases.forEach(([n, seed], i) => expect(perms[i]).toEqual(Array.from(shuffleIndices(n, seed))))
    const folds = (await pyJson(
      dir,
      'import json, train; print(json.dumps([[t.tolist() for t in train.fold_indices(120, k, i)] for k, i in [(5, 0), (5, 4), (3, 1)]]))',
    )) as number[][][]
    ;[
      [5, 0],
      [5, 4],
      [3, 1],
    ].forEach(([k, i], c) => {
      const engine = foldSplit(120, k, i, doc.training.seed)
      expect(folds[c]).toEqual([Array.from(engine.train), Array.from(engine.val)])
    })
  })

  it('trains one run per fold and reports mean ± std, as `deepwire train --folds`', async () => {
    const ds = await loadDataset('boston', { limit: 120, seed: doc.training.seed })
    const engine = datasetSplit(ds, { ...doc.training, folds: 3, fold: 0 })
    const log = await python(dir, 'train.py', '--epochs', '2', '--folds', '3', '--lr', '0.1')
    expect(log).toMatch(/^fold 1 of 3$/m)
    expect(log).toMatch(/^fold 3 of 3$/m)
    expect(log).toContain(
      `boston: ${engine.train.length} training and ${engine.val.length} validation samples`,
    )
    expect(log).toMatch(
      /^3-fold cross-validation:\nval_loss [\d.]+ ± [\d.]+ \(3 folds\)\nval_mae [\d.]+ ± [\d.]+ \(3 folds\)$/m,
    )
    for (const f of [1, 2, 3]) expect(existsSync(path.join(dir, `trained-fold${f}.pt`))).toBe(true)
    // the config's own K is the default
    expect(readFileSync(path.join(dir, 'train.py'), 'utf8')).toMatch(/^FOLDS = 5 /m)
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(
      /--folds K` trains K runs[^]*the graph asks for 5/,
    )
  }, 120_000)
})

describe('train.py with sequential partitioning', () => {
  const dir = path.join(root, 'sequential')
  const doc = preset('rnn-course')
  const T = 35
  let engineOut: number[][] = []
  let xs: number[][] = []
  beforeAll(async () => {
    await initBackend(tf, 'cpu')
    const m = await buildExportModel(tf, doc, null)
    randomizeWeights(tf, m.model, 3)
    await exportPytorch(doc, null, dir, { tf, model: m, data: { limit: 300 } })
    // two consecutive training calls on different windows: the second starts from the first's state
    xs = [1, 2].map((k) => Array.from({ length: 2 * T }, (_, i) => (i * 7 + k * 5) % 28))
    carryRecurrentState(tf, m.model, true)
    engineOut = xs.map((x) => {
      const y = m.model.apply(tf.tensor2d(x, [2, T], 'int32'), { training: true }) as tf.Tensor
      return Array.from(y.dataSync())
    })
    m.model.dispose()
  }, 120_000)

  it('carries the recurrent state across training batches as the engine does; eval never carries', async () => {
    const code = [
      'import json, torch, train',
      'from model import Net, load_weights',
      'net = Net(); load_weights(net, "weights.npz"); carry = train.StateCarry(net)',
      `xs = [torch.tensor(v).reshape(2, ${T}) for v in ${JSON.stringify(xs)}]`,
      'net.train()',
      'a, b = [net(x) for x in xs]',
      'a.sum().backward()  # the carried state is detached: the first batch keeps its own graph',
      'carry.reset(); fresh = net(xs[1])',
      'net.eval(); plain = [net(xs[1]), net(xs[1])]',
      'same = lambda p, q: bool(torch.allclose(p, q))',
      'print(json.dumps(dict(out=[a.flatten().tolist(), b.flatten().tolist()], reset=same(fresh, plain[0]),',
      '      carried=not same(b, plain[0]), eval_stateless=same(plain[0], plain[1]))))',
    ].join('\n')
    const r = (await pyJson(dir, code)) as {
      out: number[][]
      reset: boolean
      carried: boolean
      eval_stateless: boolean
    }
    expect(r).toMatchObject({ reset: true, carried: true, eval_stateless: true })
    for (const k of [0, 1]) {
      const diff = Math.max(...r.out[k].map((v, i) => Math.abs(v - engineOut[k][i])))
      expect(diff, `batch ${k + 1}`).toBeLessThan(1e-4)
    }
  })

  it('splits off the tail and orders the windows in streams, as the engine does', async () => {
    const ds = await loadDataset('time-machine', {
      ...doc.training.dataset,
      limit: 300,
      seed: doc.training.seed,
    })
    const engine = datasetSplit(ds, doc.training)
    const bs = doc.training.batchSize
    const streams = sequentialOrder(engine.train.slice(0, Math.floor(engine.train.length / bs) * bs), bs)
    const r = (await pyJson(
      dir,
      [
        'import json, torch, data, train',
        "x, y = data.load('data.npz', train.INPUT_SHAPE, train.INT_TARGETS)",
        't, v = train.split(x, y)',
        `order = train.sequential_order(torch.arange(len(t)), ${bs})`,
        'print(json.dumps([len(t), len(v), order.tolist(), bool((v.tensors[0] == x[-len(v):]).all())]))',
      ].join('\n'),
    )) as [number, number, number[], boolean]
    expect(r[0]).toBe(engine.train.length)
    expect(r[1]).toBe(engine.val.length)
    expect(r[2]).toEqual(Array.from(streams))
    expect(r[3]).toBe(true)
  })

  it('trains: 8 streams of 32 windows, and the loss falls', async () => {
    const log = await python(dir, 'train.py', '--epochs', '2')
    expect(log).toMatch(
      /time-machine: 256 training and 30 validation samples; 1 process\(es\) on cpu, batch 32/,
    )
    const losses = [...log.matchAll(/^epoch \d\/2 loss ([\d.]+)/gm)].map((m) => Number(m[1]))
    expect(losses).toHaveLength(2)
    expect(losses[1]).toBeLessThan(losses[0])
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('Sequential partitioning')
  }, 120_000)
})
