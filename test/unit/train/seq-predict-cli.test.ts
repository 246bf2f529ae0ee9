/**
 * `deepwire train` saves the vocabulary with the model and `deepwire predict` uses it: a bigram
 * character model learns "abc" cycling and continues a prompt from its checkpoint.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeCheckpoint } from '../../../engine/train/checkpoint'
import { tempDir } from '../data/tmp'
import { runCli } from '../../helpers/cli'

const dir = tempDir('seq-predict')
const run = runCli

describe('deepwire predict', () => {
  const text = path.join(dir, 'abc.txt')
  writeFileSync(text, 'abc'.repeat(300))
  const graph = path.join(dir, 'bigram.json')
  writeFileSync(
    graph,
    JSON.stringify({
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [8], dtype: 'int32' } },
        { id: 'emb', type: 'Embedding', params: { inputDim: 3, outputDim: 8 } },
        { id: 'out', type: 'Dense', params: { units: 3 } },
      ],
      edges: [
        { source: 'in', target: 'emb' },
        { source: 'emb', target: 'out' },
      ],
      training: {
        dataset: { name: 'text', path: text, size: [8] },
        optimizer: { type: 'adam', lr: 0.05 },
        batchSize: 16,
        epochs: 15,
      },
    }),
  )
  const out = path.join(dir, 'run')

  it('train --out writes a checkpoint that carries the vocabulary and the layout', async () => {
    const r = await run('train', graph, '--out', out, '--backend', 'wasm', '--json')
    expect(r.stderr).not.toMatch(/deepwire:/)
    expect(r.code).toBe(0)
    const ckpt = decodeCheckpoint(new Uint8Array(readFileSync(path.join(out, 'checkpoint.dwckpt'))))
    expect(ckpt.meta.dataset).toMatchObject({
      task: 'language-model',
      layout: 'language-model',
      tokenizer: 'char',
      vocab: ['a', 'b', 'c'],
      inputShape: [8],
    })
  }, 120_000)

  it('continues a prompt greedily from the checkpoint folder', async () => {
    const r = await run(
      'predict',
      graph,
      '--checkpoint',
      out,
      '--input',
      'ab',
      '--temperature',
      '0',
      '--length',
      '7',
      '--backend',
      'wasm',
      '--json',
    )
    expect(r.stderr).toBe('')
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({ layout: 'language-model', input: 'ab', output: 'cabcabc', backend: 'wasm' })
    const plain = await run(
      'predict',
      graph,
      '--checkpoint',
      out,
      '--input',
      'ca',
      '--temperature',
      '0',
      '--length',
      '4',
    )
    expect(plain.stdout.trim()).toBe('cabcab')
  }, 60_000)

  it('--top-k 1 samples greedily whatever the temperature; --top-k 0 is refused', async () => {
    const args = [
      'predict',
      graph,
      '--checkpoint',
      out,
      '--input',
      'ab',
      '--length',
      '7',
      '--backend',
      'wasm',
    ]
    const r = await run(...args, '--temperature', '5', '--top-k', '1', '--seed', '3')
    expect(r.stdout.trim()).toBe('abcabcabc')
    const bad = await run(...args, '--top-k', '0')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/--top-k takes a whole number from 1 up, not '0'/)
  }, 60_000)

  it('a character the model never saw is an error naming it, exit code 1', async () => {
    const r = await run('predict', graph, '--checkpoint', out, '--input', 'abz')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/deepwire: the character "z" is not in the model's vocabulary of 3 characters/)
    const missing = await run('predict', graph, '--checkpoint', path.join(dir, 'nope'), '--input', 'ab')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/cannot read checkpoint .*nope/)
  }, 60_000)
})
