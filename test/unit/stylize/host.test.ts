/**
 * Style transfer through the real engine host, as the app asks for it: the job runs in the
 * engine's own process and streams step losses and a PNG preview every N steps, then the result
 * PNG; Stop ends it within a second with the image so far; an image path the user never
 * uploaded or chose is refused with a sentence.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pngjs from 'pngjs'
import { describe, expect, it } from 'vitest'
import type { Pushes } from '../../../engine/app-contract'
import * as tf from '@tensorflow/tfjs'
import { admitGraph } from '../../../engine/budget'
import { compile } from '../../../engine/compile/compile'
import { createEngineHost } from '../../../engine/node/engine-host'
import { CHECKPOINT_FILE } from '../../../engine/node/run'
import { encodeCheckpoint, type Checkpoint } from '../../../engine/train/checkpoint'
import { tinyCnn } from './fixtures'

const settings = { size: 16, contentWeight: 1, styleWeight: 1000, tvWeight: 10 }
const samples = { content: 'sample:scene', style: 'sample:swirls' }

describe('style transfer requests', () => {
  const events: Pushes['stylize:event'][] = []
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dw-stylize-host-'))
  const host = createEngineHost({
    dataDir,
    push: (channel, p) => {
      if (channel === 'stylize:event') events.push(p as Pushes['stylize:event'])
    },
  })
  const of = (jobId: string) => events.filter((e) => e.jobId === jobId).map((e) => e.event)
  const end = (jobId: string) => of(jobId).find((e) => e.type === 'stylized' || e.type === 'failed')

  it('streams losses and a preview every N steps, then writes a PNG', async () => {
    const { jobId, trained } = (await host.handle('stylize:start', {
      graph: tinyCnn(),
      ...samples,
      ...settings,
      steps: 12,
      previewEvery: 4,
    })) as { jobId: string; trained: boolean }
    expect(trained).toBe(false)
    await expect.poll(() => end(jobId), { timeout: 60_000 }).toBeTruthy()
    const got = of(jobId)
    expect(got.filter((e) => e.type === 'stylize-step')).toHaveLength(12)
    const previews = got.filter((e) => e.type === 'stylize-preview')
    expect(previews.map((p) => p.step)).toEqual([4, 8, 12])
    const first = pngjs.PNG.sync.read(Buffer.from(previews[0].png, 'base64'))
    // the scene is landscape: its longest side is the size asked for
    expect([first.width, first.height]).toEqual([16, 11])
    const last = end(jobId)!
    if (last.type !== 'stylized') throw new Error(`failed: ${JSON.stringify(last)}`)
    expect(last.result).toMatchObject({ steps: 12, stopped: false, trained: false })
    expect(last.result.last.total).toBeLessThan(last.result.first.total)
    expect(last.result.downloads).toEqual([path.basename(last.result.path)])
    expect(path.dirname(last.result.path)).toBe(path.join(dataDir, 'exports'))
    const png = pngjs.PNG.sync.read(readFileSync(last.result.path))
    expect([png.width, png.height]).toEqual([16, 11])
  })

  it('stops within a second and still writes the image so far', async () => {
    const { jobId } = (await host.handle('stylize:start', {
      graph: tinyCnn(),
      ...samples,
      ...settings,
      steps: 2000,
      previewEvery: 1000,
    })) as { jobId: string }
    await expect.poll(() => of(jobId).some((e) => e.type === 'stylize-step'), { timeout: 60_000 }).toBe(true)
    const t0 = Date.now()
    expect(await host.handle('stylize:stop', { jobId })).toEqual({ ok: true })
    await expect.poll(() => end(jobId), { timeout: 5000 }).toBeTruthy()
    expect(Date.now() - t0).toBeLessThan(1500)
    const last = end(jobId)!
    if (last.type !== 'stylized') throw new Error(`failed: ${JSON.stringify(last)}`)
    expect(last.result.stopped).toBe(true)
    expect(last.result.steps).toBeLessThan(2000)
    // the stop's own step previews the image it ends with
    expect(
      of(jobId)
        .filter((e) => e.type === 'stylize-preview')
        .at(-1)?.step,
    ).toBe(last.result.steps)
  })

  /** A run of the tiny graph as the app's training would have left it: runs/<id>/checkpoint.dwckpt. */
  async function savedRun(): Promise<string> {
    await tf.setBackend('cpu')
    const { doc, analysis } = admitGraph(tinyCnn())
    const { model } = compile(tf, analysis, { seed: 7 })
    const ckpt: Checkpoint = {
      meta: {
        format: 'deepwire-checkpoint',
        version: 1,
        graph: doc,
        training: {} as Checkpoint['meta']['training'],
        epoch: 1,
        history: [],
        backend: 'cpu',
        weights: model.weights.map((w) => ({ name: w.originalName, shape: w.shape.map(Number) })),
        optimizer: [],
      },
      weights: model.weights.map((w) => Float32Array.from(w.read().dataSync())),
      optimizer: [],
    }
    model.dispose()
    const runId = crypto.randomUUID()
    mkdirSync(path.join(dataDir, 'runs', runId), { recursive: true })
    writeFileSync(path.join(dataDir, 'runs', runId, CHECKPOINT_FILE), encodeCheckpoint(ckpt))
    return runId
  }

  it('takes the weights of the run it is given, and says when they do not fit the graph', async () => {
    const runId = await savedRun()
    const a = (await host.handle('stylize:start', {
      graph: tinyCnn(),
      runId,
      ...samples,
      ...settings,
      steps: 3,
      previewEvery: 3,
    })) as { jobId: string; trained: boolean }
    expect(a.trained).toBe(true)
    await expect
      .poll(() => end(a.jobId), { timeout: 60_000 })
      .toMatchObject({
        type: 'stylized',
        result: { trained: true, steps: 3 },
      })
    // the same run's weights on a graph whose first convolution is narrower: a sentence, no image
    const narrower = tinyCnn()
    ;(narrower.nodes[1].params as { filters: number }).filters = 4
    const b = (await host.handle('stylize:start', {
      graph: narrower,
      runId,
      ...samples,
      ...settings,
      steps: 3,
      previewEvery: 3,
    })) as { jobId: string }
    await expect.poll(() => end(b.jobId), { timeout: 60_000 }).toBeTruthy()
    expect(end(b.jobId)).toMatchObject({
      type: 'failed',
      message: expect.stringMatching(/checkpoint weight '.*' is \[3×3×3×8\] but the graph needs \[3×3×3×4\]/),
    })
  })

  it.each([
    ['/etc/passwd', /the content image: '\/etc\/passwd' was not chosen in this session/],
    [
      'imported:../../secret.png',
      /the content image: 'imported:..\/..\/secret.png' points outside the imported/,
    ],
    ['sample:nope', /the content image: there is no sample image 'nope'; the samples are scene, swirls/],
  ])('refuses the content image %s with a sentence', async (content, message) => {
    await expect(
      host.handle('stylize:start', {
        graph: tinyCnn(),
        content,
        style: 'sample:swirls',
        ...settings,
        steps: 5,
        previewEvery: 5,
      }),
    ).rejects.toThrow(message)
  })

  it('refuses settings out of range with their name', async () => {
    await expect(
      host.handle('stylize:start', { graph: tinyCnn(), ...samples, ...settings, steps: 0, previewEvery: 1 }),
    ).rejects.toThrow(/invalid arguments for 'stylize:start': steps/)
  })
})
