import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'

const run = runCli

describe('deepwire CLI', () => {
  it('info --json reports LeNet with 61,706 trainable parameters', async () => {
    const r = await run('info', 'presets/lenet.json', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.ok).toBe(true)
    expect(j.trainableParams).toBe(61706)
    expect(j.nodes.find((n: { id: string }) => n.id === 'pool2')).toMatchObject({
      type: 'AvgPool2D',
      outputShape: [5, 5, 16],
    })
    expect(j.nodes[0]).toEqual({ id: 'in', type: 'Input', outputShape: [28, 28, 1], trainableParams: 0 })
  })

  it('info --json on a broken graph exits 1 with the node named', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-cli-'))
    const file = path.join(dir, 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({
        format: 'deepwire-graph',
        version: 2,
        nodes: [
          { id: 'in', type: 'Input', params: { shape: [4] } },
          { id: 'fc', type: 'Dense', params: { units: -1 } },
        ],
        edges: [{ source: 'in', target: 'fc' }],
      }),
    )
    const r = await run('info', file, '--json')
    expect(r.code).toBe(1)
    const j = JSON.parse(r.stdout)
    expect(j.ok).toBe(false)
    expect(j.errors[0].nodeId).toBe('fc')
    expect(j.errors[0].message).toMatch(/units/)
  })

  it('prints one clear line and no stack trace on errors', async () => {
    const r = await run('train', 'does-not-exist.json')
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toBe('deepwire: cannot read does-not-exist.json: ENOENT')
    const bad = await run('train', 'presets/xor.json', '--dataset', 'nope', '--epochs', '1')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/deepwire: .*nope.*/)
    expect(bad.stderr).not.toMatch(/\n\s+at /)
  })

  it('refuses a bad count or rate in one line naming the option', async () => {
    for (const [flag, value] of [
      ['--epochs', '-1'],
      ['--limit', '-5'],
      ['--batch-size', '0'],
      ['--lr', '0'],
    ]) {
      const r = await run('train', 'presets/xor.json', flag, value)
      expect(r.code).toBe(1)
      expect(r.stderr.trim()).toMatch(new RegExp(`^deepwire: ${flag} takes .*, not '${value}'$`))
    }
  })

  it('says when a run keeps no weights', async () => {
    const r = await run('train', 'presets/xor.json', '--epochs', '1')
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('no checkpoint was written: add --out DIR to keep the trained weights')
  })

  it('says which split a run validates on; --split holdout holds out a share of the training images', async () => {
    const args = ['train', 'presets/mlp.json', '--epochs', '1', '--limit', '700']
    const official = await run(...args)
    expect(official.code).toBe(0)
    expect(official.stderr).toContain(
      'dataset: fashion-mnist (600 train / 100 validation, the official test set)',
    )
    const holdout = await run(...args, '--split', 'holdout')
    expect(holdout.stderr).toContain(
      'dataset: fashion-mnist (540 train / 60 validation, held out of the training set)',
    )
    const wrong = await run(...args, '--split', 'test')
    expect(wrong.code).toBe(1)
  })

  it('trains with --json: one object per epoch with the documented keys', async () => {
    const r = await run('train', 'presets/xor.json', '--epochs', '2', '--json')
    expect(r.code).toBe(0)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.length).toBe(2)
    expect(Object.keys(lines[1]).sort()).toEqual([
      'backend',
      'epoch',
      'loss',
      'metrics',
      'samplesPerSec',
      'valLoss',
      'valMetrics',
    ])
    expect(lines[1]).toMatchObject({ epoch: 2, backend: 'wasm' })
    expect(lines[1].metrics.accuracy).toBeGreaterThan(0)
  })

  it('the MLP preset reaches at least 0.78 validation accuracy on Fashion-MNIST in 2 epochs', async () => {
    const r = await run(
      'train',
      'presets/mlp.json',
      '--dataset',
      'fashion-mnist',
      '--epochs',
      '2',
      '--limit',
      '20000',
      '--json',
    )
    expect(r.code).toBe(0)
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!)
    expect(last.epoch).toBe(2)
    expect(last.valMetrics.accuracy).toBeGreaterThanOrEqual(0.78)
  })

  it('--folds 3 trains three runs on Boston and reports each measure as mean ± std', async () => {
    const r = await run('train', 'presets/house-prices-kfold.json', '--folds', '3', '--epochs', '2', '--json')
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.slice(0, -1).map((l) => l.fold)).toEqual([0, 0, 1, 1, 2, 2])
    const { folds, summary } = lines.at(-1)
    expect(folds).toBe(3)
    const logRmse = summary['val_log-rmse']
    const byFold = lines.filter((l) => l.epoch === 2).map((l) => l.valMetrics['log-rmse'])
    expect(logRmse.folds).toEqual(byFold)
    expect(logRmse.mean).toBeCloseTo(byFold.reduce((a: number, b: number) => a + b, 0) / 3, 10)
    expect(logRmse.std).toBeGreaterThan(0)
  })

  it('lists datasets and presets', async () => {
    const d = JSON.parse((await run('datasets', '--json')).stdout)
    expect(d.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['fashion-mnist', 'mnist', 'boston', 'csv', 'xor']),
    )
    const p = JSON.parse((await run('presets', '--json')).stdout)
    expect(p.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining([
        'LeNet-5',
        'MLP 784-256-10',
        'XOR MLP',
        'Linear regression',
        'Softmax regression',
      ]),
    )
    // the table keeps its columns whatever the names' lengths: every file path starts in one column
    const lines = (await run('presets')).stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(p.length + 1)
    expect(new Set(lines.slice(1).map((l) => l.indexOf('presets/'))).size).toBe(1)
    // each says whether it carries the course's settings, and which section it compares with
    expect(lines.find((l) => l.includes('presets/rnn-course.json'))).toMatch(/ course §8\.6 /)
    expect(lines.find((l) => l.includes('presets/rnn-char.json'))).toMatch(/ quick §8\.6 /)
  })

  it('bench reports throughput', async () => {
    const r = await run(
      'bench',
      'presets/xor.json',
      '--batch-size',
      '16',
      '--steps',
      '5',
      '--warmup',
      '2',
      '--json',
    )
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.backend).toBe('wasm')
    expect(j.samplesPerSec).toBeGreaterThan(0)
  })
})
