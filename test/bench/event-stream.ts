/**
 * How long the UI's main thread is blocked while training events stream in (issue 7: never more
 * than 50 ms at 1,000 batch events per second), in Debian's Chromium (web mode). Two sources:
 *
 * 1. the real engine: the XOR MLP at batch size 1, started from the training panel;
 * 2. 1,000 batch events per second made in this process (the real engine on this machine makes
 *    fewer) and sent through the same path as the engine's: the engine host's throttle
 *    (engine/node/throttle.ts), the web server's WebSocket push, the page's WebSocket client and
 *    its training store. They carry the run id of run 1, paused from the panel first, so the page
 *    takes them for that run's; every epoch end is the real run's last one with a new epoch number.
 *
 * Long tasks come from a PerformanceObserver in the page. BENCH_PROFILE=1 also records a trace
 * and prints the functions that ran inside each long task.
 *
 *   npx electron-vite build && npx tsx test/bench/event-stream.ts
 */
import { mkdtempSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from '@playwright/test'
import type { TrainEvent } from '../../engine/protocol'
import { startWebServer, type WebServer } from '../../engine/node/server'
import { throttleBatches } from '../../engine/node/throttle'
import { traceLongTasks, type TracedTask } from './trace-attribution'

export interface StreamResult {
  source: string
  seconds: number
  /** Batch events produced per second by the source (before the throttle). */
  produced: number
  /** Training events the page received over its WebSocket. */
  received: number
  /** Long tasks (> 50 ms) as the page's PerformanceObserver saw them, ms. */
  longTasks: number[]
  /** The same from Chromium's trace, with each task's time on a CPU. */
  traced: TracedTask[]
}

const PROFILE = !!process.env.BENCH_PROFILE

async function watchLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] }
    w.longTasks = []
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({
      type: 'longtask',
    })
  })
}

const takeLongTasks = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] }
    return w.longTasks.splice(0)
  })

/**
 * Runs `act` and returns the page's long tasks meanwhile: as the page's PerformanceObserver saw
 * them, and from Chromium's trace with their time on a CPU (with attribution when profiling).
 */
async function longTasksDuring(page: Page, label: string, act: () => Promise<void>) {
  await takeLongTasks(page)
  const cdp = await page.context().newCDPSession(page)
  // the observer is read before the trace ends: ending it makes the page flush the trace
  const {
    result: observed,
    tasks,
    report,
  } = await traceLongTasks(
    cdp,
    async () => {
      await act()
      return takeLongTasks(page)
    },
    { attribute: PROFILE, top: Number(process.env.BENCH_PROFILE_TOP ?? 25) },
  )
  if (PROFILE) console.log(`--- ${label}\n${report || 'no long task'}`)
  await cdp.detach()
  return { observed, traced: tasks }
}

export async function measureEventStream(
  server: WebServer,
  browser: Browser,
  opts = { realSeconds: 8, syntheticSeconds: 6, rate: 1000 },
): Promise<StreamResult[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  page.on('dialog', (d) => void d.accept())
  // what the page receives, read off its WebSocket
  const received: { runId: string; event: TrainEvent }[] = []
  page.on('websocket', (ws) =>
    ws.on('framereceived', (f) => {
      const msg = JSON.parse(String(f.payload)) as { push?: string; payload?: (typeof received)[number] }
      if (msg.push === 'train:event' && msg.payload) received.push(msg.payload)
    }),
  )
  await page.goto(server.url)
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await page.getByTestId('preset-XOR MLP').click()
  await page.getByTestId('tab-training').click()
  await page.getByTestId('train-batch-size').fill('1')
  await page.getByTestId('train-epochs').fill('100000')
  await watchLongTasks(page)

  // 1. the real engine
  const real = await longTasksDuring(page, 'real engine', async () => {
    await page.getByTestId('train-start').click()
    await page.waitForTimeout(opts.realSeconds * 1000)
  })
  const realBatches = received.filter((r) => r.event.type === 'batch-end').at(-1)
  const realEvents = received.length
  if (PROFILE)
    console.log(
      'page heap',
      await page.evaluate(() => {
        const m = (performance as unknown as { memory: { usedJSHeapSize: number; totalJSHeapSize: number } })
          .memory
        return `${(m.usedJSHeapSize / 1e6).toFixed(0)} MB used of ${(m.totalJSHeapSize / 1e6).toFixed(0)} MB`
      }),
    )
  await page.getByRole('button', { name: 'Pause' }).click()
  await page.locator('[data-testid="training-status"][data-status="paused"]').waitFor()
  const runId = received.find((r) => r.event.type === 'run-started')?.runId
  const epochEnd = received.findLast((r) => r.event.type === 'epoch-end')?.event
  if (!runId || !realBatches || epochEnd?.type !== 'epoch-end')
    throw new Error('the real run streamed no batch or epoch end: nothing to replay')

  // 2. synthetic batch events through the engine host's throttle and the server's WebSocket
  const before = received.length
  let produced = 0
  let elapsed = 0
  const synthetic = await longTasksDuring(page, `synthetic ${opts.rate}/s`, async () => {
    const forward = throttleBatches((event) => server.push('train:event', { runId, event }))
    const batches = realBatches.event.type === 'batch-end' ? realBatches.event.batches : 160
    let epoch = epochEnd.epoch + 1
    let batch = 0
    const t0 = performance.now()
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        elapsed = performance.now() - t0
        const due = Math.floor((Math.min(elapsed, opts.syntheticSeconds * 1000) * opts.rate) / 1000)
        for (; produced < due; produced++) {
          batch++
          const loss = 0.7 / (1 + 0.001 * produced)
          forward({
            type: 'batch-end',
            epoch,
            batch,
            batches,
            loss,
            metrics: { accuracy: 0.9 },
            samplesPerSec: opts.rate,
            lr: 0.01,
          })
          if (batch === batches) {
            forward({ ...epochEnd, epoch, loss })
            epoch++
            batch = 0
          }
        }
        if (elapsed >= opts.syntheticSeconds * 1000) {
          clearInterval(timer)
          resolve()
        }
      }, 1)
    })
    // the last frames reach the page
    await page.waitForTimeout(300)
  })
  const points = Number(await page.getByTestId('loss-chart').getAttribute('data-points'))
  if (points < (received.length - before) / 2)
    throw new Error(
      `the page's loss chart holds ${points} points: the synthetic events did not reach its store`,
    )
  await page.getByTestId('train-stop').click()
  await page.close()
  return [
    {
      source: 'real engine (XOR MLP, batch 1)',
      seconds: opts.realSeconds,
      produced: NaN,
      received: realEvents,
      longTasks: real.observed,
      traced: real.traced,
    },
    {
      source: 'bench-made events → engine host throttle → WebSocket → page',
      seconds: opts.syntheticSeconds,
      produced: (produced * 1000) / elapsed,
      received: received.length - before,
      longTasks: synthetic.observed,
      traced: synthetic.traced,
    },
  ]
}

export const describeLongTasks = (r: StreamResult) => {
  const longest = r.traced.reduce<TracedTask | null>((a, t) => (!a || t.ms > a.ms ? t : a), null)
  const cpu = Math.max(0, ...r.traced.map((t) => t.cpuMs))
  return (
    `${r.longTasks.filter((d) => d > 50).length} > 50 ms, longest ${Math.max(0, ...r.longTasks).toFixed(0)} ms` +
    (longest
      ? ` (trace: longest ${longest.ms.toFixed(0)} ms, ${longest.cpuMs.toFixed(0)} ms of it on a CPU; most CPU in one task ${cpu.toFixed(0)} ms)`
      : '')
  )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startWebServer({
    // BENCH_STATIC_DIR: another build of the renderer, to compare before and after a change
    staticDir: process.env.BENCH_STATIC_DIR ?? 'out/renderer',
    dataDir: mkdtempSync(path.join(tmpdir(), 'dw-bench-stream-')),
  })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  try {
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' / ')}`,
    )
    for (const r of await measureEventStream(server, browser))
      console.log(
        `${r.source}: ${Number.isFinite(r.produced) ? `${r.produced.toFixed(0)} batch events/s produced, ` : ''}${r.received} events reached the page in ${r.seconds} s; long tasks ${describeLongTasks(r)} [${r.traced.map((t) => `${t.ms.toFixed(0)}/${t.cpuMs.toFixed(0)} cpu`).join(', ')}]`,
      )
    console.log(
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' / ')}`,
    )
  } finally {
    await browser.close()
    await server.close()
  }
}
