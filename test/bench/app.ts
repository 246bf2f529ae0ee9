/**
 * The app's own targets: Fashion-MNIST load (first and cached), start-up to an interactive
 * window (web mode in Debian's Chromium — the Electron binary is not installable here), and how
 * long the UI's main thread is blocked while training events stream in (see event-stream.ts).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from '@playwright/test'
import { startTraining } from '../../engine/node/host'
import { startWebServer } from '../../engine/node/server'
import { describeLongTasks, measureEventStream } from './event-stream'
import { fmt, loadDoc, table } from './models'

function loadMs(cache: string): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/bench/load-dataset.ts'], {
    encoding: 'utf8',
    env: { ...process.env, DEEPWIRE_CACHE: cache },
  })
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number }).ms
}

/** Batch events per second the engine produces for a tiny model at batch size 1. */
async function engineEventRate(seconds: number): Promise<number> {
  let n = 0
  let t0 = 0
  let t1 = 0
  let counted = 0
  let settled!: () => void
  const measured = new Promise<void>((r) => (settled = r))
  const h = startTraining(
    { graph: loadDoc('presets/xor.json'), overrides: { batchSize: 1, epochs: 100000, validationSplit: 0 } },
    (e) => {
      if (e.type !== 'batch-end') return
      // the worker's start-up (tfjs, wasm) is not the rate being measured
      if (++n === 20) t0 = performance.now()
      if (t0 && !t1 && performance.now() - t0 > seconds * 1000) {
        t1 = performance.now()
        counted = n - 20
        settled()
      }
    },
  )
  await Promise.race([measured, h.done])
  h.stop()
  await h.done
  return t1 ? (counted * 1000) / (t1 - t0) : 0
}

export async function appSection(): Promise<string> {
  const cache = mkdtempSync(path.join(tmpdir(), 'dw-bench-cache-'))
  const cold = loadMs(cache)
  const warm = loadMs(cache)

  const t0 = performance.now()
  const server = await startWebServer({
    staticDir: 'out/renderer',
    dataDir: mkdtempSync(path.join(tmpdir(), 'dw-bench-')),
  })
  const serverMs = performance.now() - t0
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  const rows: string[][] = [['what', 'measured', 'target']]
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // the layer added below leaves the project dirty: opening the preset asks to discard it
    page.on('dialog', (d) => void d.accept())
    const t1 = performance.now()
    await page.goto(server.url)
    // interactive = a click on the palette puts a layer on the canvas
    await page.getByTestId('palette-Dense').click()
    await page.getByTestId('node-dense1').waitFor()
    const interactiveMs = performance.now() - t1

    await page.close()
    // long tasks while training events stream into the page: the real engine, then 1,000/s
    const streams = await measureEventStream(server, browser)
    const rate = await engineEventRate(4)

    rows.push(
      ['Fashion-MNIST first load', `${fmt(cold)} ms`, '—'],
      ['Fashion-MNIST cached load', `${fmt(warm)} ms`, '< 1,000 ms'],
      ['web server start', `${fmt(serverMs)} ms`, '—'],
      ['page load → interactive (palette click adds a layer)', `${fmt(interactiveMs)} ms`, '< 2,000 ms'],
      ['engine batch events/s (XOR MLP, batch 1)', fmt(rate), '≥ 1,000'],
      ...streams.map((r) => [
        `UI long tasks, ${r.source}, ${r.seconds} s` +
          (Number.isFinite(r.produced) ? ` at ${fmt(r.produced)} batch events/s` : '') +
          `, ${r.received} events reached the page`,
        describeLongTasks(r),
        'none > 50 ms',
      ]),
    )
  } finally {
    await browser.close()
    await server.close()
  }
  // other processes share the cores: long tasks include time spent waiting for one
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')
  return `App start-up, data and event streaming (Chromium web mode, load average ${load})\n${table(rows)}`
}
