/** The fine-tuning walkthrough through the `deepwire` command, as the README shows it. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'

const run = runCli

describe('deepwire finetune and train --init-from', () => {
  it('pretrains, replaces the head, freezes, and starts from the weights with a load report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-ft-'))
    const pre = await run(
      'train',
      'presets/gratings-cnn.json',
      '--epochs',
      '1',
      '--limit',
      '400',
      '--out',
      dir,
      '--json',
    )
    expect(pre.code, pre.stderr).toBe(0)

    const graph = path.join(dir, 'plaids.json')
    const ft = await run(
      'finetune',
      'presets/gratings-cnn.json',
      '--classes',
      '4',
      '--dataset',
      'plaids',
      '--out',
      graph,
    )
    expect(ft.code, ft.stderr).toBe(0)
    expect(ft.stdout).toMatch(
      /head 'head' now has 4 outputs at 10× the learning rate; frozen: conv1, pool1, conv2, pool2, gap/,
    )
    const doc = JSON.parse(readFileSync(graph, 'utf8'))
    expect(doc.nodes.find((n: { id: string }) => n.id === 'head')).toMatchObject({
      params: { units: 4 },
      lrMultiplier: 10,
    })
    expect(doc.training.dataset.name).toBe('plaids')

    const info = JSON.parse((await run('info', graph, '--json')).stdout)
    expect(info).toMatchObject({ trainableParams: 32 * 4 + 4, frozenParams: 448 + 4_640 })

    // the run's --out folder stands for its checkpoint
    const tuned = await run('train', graph, '--epochs', '1', '--init-from', dir, '--json')
    expect(tuned.code, tuned.stderr).toBe(0)
    expect(tuned.stderr).toMatch(/parameters: 132 trainable, 5,088 frozen/)
    expect(tuned.stderr).toMatch(
      /weights from checkpoint\.dwckpt: 2 node\(s\) loaded \(5,088 numbers\), 1 newly initialised\n {2}head: newly initialised \(shape changed: n_head\/kernel is \[32×4\] here but \[32×8\] in the source\)/,
    )

    const both = await run(
      'train',
      graph,
      '--init-from',
      dir,
      '--resume',
      path.join(dir, 'checkpoint.dwckpt'),
    )
    expect(both.code).toBe(1)
  }, 120_000)

  it('refuses a bad --normalize and a graph without a Dense head in one line', async () => {
    const r = await run('train', 'presets/gratings-cnn.json', '--normalize', '0.5,0.5/0')
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toBe(
      "deepwire: --normalize takes 'imagenet' or means and stds such as 0.5,0.5,0.5/0.25,0.25,0.25, not '0.5,0.5/0'",
    )
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-ft-'))
    const f = await run('finetune', 'presets/fcn.json', '--classes', '3', '--out', path.join(dir, 'x.json'))
    expect(f.code).toBe(1)
    expect(f.stderr.trim()).toMatch(
      /^deepwire: presets\/fcn\.json: the output comes from '.*' \(.*\), not from a Dense layer: there is no head to resize$/,
    )
  })
})
