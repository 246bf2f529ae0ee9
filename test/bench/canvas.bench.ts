/**
 * Canvas benchmark on a graph of over a thousand layers, in Debian's Chromium (web mode):
 *
 *   npx electron-vite build && npx tsx test/bench/canvas.bench.ts
 *
 * The graph is the DenseNet preset with 64 conv blocks per dense block. Two documents are
 * measured: the block version with every block opened ("Expand all"), and the same network
 * with every block inlined into plain layers (1,000+ document nodes), which is then
 * auto-laid-out with elk. Each is panned and zoomed while Chromium records a performance
 * trace; the main thread's work per frame is read from it. Then a Conv2D's filters are edited
 * in the inlined version and the time until the canvas shows the new shape is measured. Not a test (figures depend
 * on the machine and its load), so `npm test` does not run it.
 */
import { chromium, type CDPSession, type Page } from '@playwright/test'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { analyze } from '../../engine/graph/analyze'
import { parseGraph } from '../../engine/graph/parse'
import type { GraphDoc } from '../../engine/graph/schema'
import { startWebServer } from '../../engine/node/server'
import type { TraceEvent } from './trace-attribution'
import { inlineAll } from '../../renderer/src/store/block-ops'
import { setParam } from '../../renderer/src/store/doc-ops'

const CONVS = Number(process.env.BENCH_CONVS ?? 64)
// layoutFrame: elk runs in a worker, so the page's longest stall during auto-layout is applying
// the new positions to 1,000+ nodes, not the layout itself (about 4 s in the page before)
const TARGETS = {
  load: 2000,
  expand: 2000,
  layout: 5000,
  layoutFrame: 1000,
  frame: 16,
  inference: 50,
  edit: 250,
}

function bigDenseNet(): GraphDoc {
  const r = parseGraph(JSON.parse(readFileSync('presets/densenet.json', 'utf8')))
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '))
  let doc = r.doc
  for (const id of ['dense1', 'dense2', 'dense3', 'dense4']) doc = setParam(doc, id, 'convs', CONVS)
  return { ...doc, name: `DenseNet, ${CONVS} conv blocks per dense block` }
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const median = (xs: number[]) => pct(xs, 50)

/** Two animation frames after now: what was rendered has been painted. */
const painted = (page: Page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))

/**
 * Main-thread work per frame during pan and zoom: top-level tasks of the page's renderer main
 * thread summed between consecutive BeginMainThreadFrame events of Chromium's trace.
 */
async function traceFrames(page: Page, cdp: CDPSession, act: () => Promise<void>) {
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])))
  await cdp.send('Tracing.start', {
    categories:
      'toplevel,devtools.timeline,disabled-by-default-devtools.timeline.frame' +
      (process.env.BENCH_TRACE_MORE ? ',blink,cc,v8,renderer.scheduler,input,latencyInfo' : ''),
    transferMode: 'ReportEvents',
  })
  // what the page sees: intervals between animation frames
  // a string, not a function: tsx would wrap the inner function in a helper the page lacks
  await page.evaluate(`(() => {
    window.__frames = []
    window.__stop = false
    let last = performance.now()
    const tick = (t) => {
      window.__frames.push(t - last)
      last = t
      if (!window.__stop) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  await act()
  const intervals = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean }
    w.__stop = true
    return w.__frames.slice(1)
  })
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r))
  await cdp.send('Tracing.end')
  await done
  const mains = events.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )
  const tasksOf = (m: TraceEvent) =>
    events.filter(
      (e) => e.pid === m.pid && e.tid === m.tid && e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X',
    )
  const main = mains.sort((a, b) => tasksOf(b).length - tasksOf(a).length)[0]
  const tasks = main ? tasksOf(main) : []
  const begins = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.name === 'BeginMainThreadFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b)
  if (process.env.BENCH_PROFILE) {
    // where the main thread's time goes: trace events by name (nested ones counted in their parents too)
    const byName = new Map<string, number>()
    for (const e of events)
      if (main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X')
        byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0) / 1000)
    console.log(
      'main thread by trace event (ms):',
      [...byName]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 18)
        .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
        .join(', '),
    )
  }
  const work: number[] = []
  const cpu: number[] = []
  for (let i = 0; i + 1 < begins.length; i++) {
    const [a, b] = [begins[i], begins[i + 1]]
    // a task that starts just before a frame begins belongs to that frame's input handling
    const inFrame = tasks.filter((t) => t.ts >= a && t.ts < b)
    work.push(inFrame.reduce((s, t) => s + (t.dur ?? 0), 0) / 1000)
    cpu.push(inFrame.reduce((s, t) => s + (t.tdur ?? t.dur ?? 0), 0) / 1000)
  }
  if (process.env.BENCH_PROFILE) {
    // the slowest frames, by what the browser did in them
    // by CPU time: on a loaded machine the longest frames by wall time are mostly waits for a core
    const slow = cpu
      .map((ms, i) => ({ ms, i }))
      .sort((x, y) => y.ms - x.ms)
      .slice(0, 8)
    for (const { ms, i } of slow) {
      const parts = new Map<string, number>()
      for (const e of events)
        if (
          main &&
          e.pid === main.pid &&
          e.tid === main.tid &&
          e.ph === 'X' &&
          e.ts >= begins[i] &&
          e.ts < begins[i + 1] &&
          e.name !== 'ThreadControllerImpl::RunTask'
        )
          parts.set(e.name, (parts.get(e.name) ?? 0) + (e.dur ?? 0) / 1000)
      console.log(
        `frame ${i}: ${ms.toFixed(1)} ms on a CPU (${work[i].toFixed(1)} ms wall) —`,
        [...parts]
          .sort((x, y) => y[1] - x[1])
          .slice(0, 9)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(', '),
      )
    }
  }
  return {
    frames: begins.length,
    workP95: pct(work, 95),
    workMax: Math.max(0, ...work),
    cpuP95: pct(cpu, 95),
    cpuMax: Math.max(0, ...cpu),
    longestTask: Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)),
    rafP95: pct(intervals, 95),
    rafMax: Math.max(0, ...intervals),
  }
}

/** BENCH_PROFILE=1: where the main thread spends pan/zoom time (self time per function). */
async function profile(cdp: CDPSession, act: () => Promise<void>) {
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.start')
  await act()
  const { profile: p } = await cdp.send('Profiler.stop')
  const self = new Map<string, number>()
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  p.samples?.forEach((id, i) => {
    const f = byId.get(id)!.callFrame
    const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`
    self.set(k, (self.get(k) ?? 0) + (p.timeDeltas?.[i] ?? 0) / 1000)
  })
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(ms.toFixed(0).padStart(7), 'ms', k)
}

/** Drag-pans and wheel-zooms over the middle of the canvas for about three seconds. */
async function panAndZoom(page: Page) {
  const box = (await page.getByTestId('canvas').boundingBox())!
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 12; i++) {
      await page.mouse.move(cx, cy)
      await page.mouse.wheel(0, i < 6 ? -120 : 120)
      await page.waitForTimeout(40)
    }
    await page.mouse.move(cx + 150, cy + 100)
    await page.mouse.down()
    await page.mouse.move(cx - 150, cy - 120, { steps: 30 })
    await page.mouse.move(cx + 100, cy - 40, { steps: 30 })
    await page.mouse.up()
  }
}

/** Edits the filters of a Conv2D drawn on screen; ms until its shape label shows the result. */
async function editConv(page: Page): Promise<{ id: string; ms: number }> {
  await page.locator('.react-flow__controls-fitview').click()
  await painted(page)
  // a Conv2D whose centre is really on screen (not under the minimap, controls or toolbar)
  const id: string | null = await page.evaluate(`(() => {
    for (const el of Array.from(document.querySelectorAll('.layer-node.cat-conv'))) {
      const r = el.getBoundingClientRect()
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)
      if (hit && el.contains(hit)) return el.getAttribute('data-testid').slice('node-'.length)
    }
    return null
  })()`)
  if (!id) throw new Error('no Conv2D is drawn on screen to edit')
  await page.getByTestId(`node-${id}`).click()
  const field = page.getByTestId('param-filters').locator('input')
  await field.fill('17')
  const t0 = await page.evaluate(() => performance.now())
  await field.press('Enter')
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent?.includes('×17'),
    `[data-testid="shape-${id}"]`,
  )
  await painted(page)
  return { id, ms: (await page.evaluate(() => performance.now())) - t0 }
}

async function timed(page: Page, act: () => Promise<unknown>) {
  const t0 = performance.now()
  await act()
  await painted(page)
  return performance.now() - t0
}

async function main() {
  const blocks = bigDenseNet()
  const flat = { ...inlineAll(blocks), name: 'DenseNet, every block inlined' }
  const flatAnalysis = analyze(flat)
  if (!flatAnalysis.ok) throw new Error(flatAnalysis.errors[0].message)
  const layers = flatAnalysis.order.length
  // pure shape inference after an edit, in Node, as the renderer runs it on every change
  const inference = Array.from({ length: 7 }, (_, i) => {
    const edited = setParam(flat, flat.nodes.find((n) => n.type === 'Conv2D')!.id, 'filters', 16 + i)
    const t0 = performance.now()
    analyze(edited)
    return performance.now() - t0
  })

  const dataDir = mkdtempSync(path.join(tmpdir(), 'dw-bench-canvas-'))
  mkdirSync(path.join(dataDir, 'projects'))
  const project = (graph: GraphDoc) => JSON.stringify({ format: 'deepwire-project', version: 1, graph })
  writeFileSync(path.join(dataDir, 'projects', 'dense-blocks.deepwire.json'), project(blocks))
  writeFileSync(path.join(dataDir, 'projects', 'dense-flat.deepwire.json'), project(flat))
  // BENCH_STATIC_DIR: another build of the renderer, to compare before and after a change
  const server = await startWebServer({ staticDir: process.env.BENCH_STATIC_DIR ?? 'out/renderer', dataDir })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const cdp = await page.context().newCDPSession(page)
    await page.goto(server.url)
    await page.getByTestId('tab-projects').click()
    const openProject = (name: string) =>
      timed(page, async () => {
        await page.getByTestId(`project-open-${name}`).click()
        // the top bar names the opened project (a "•" follows when it has unsaved changes)
        await page.waitForFunction((n) => document.querySelector('.doc-name')?.textContent === n, name)
        await page
          .getByTestId('node-in')
          .waitFor({ state: 'attached' })
          .catch(() => undefined)
      })

    // 1. the block version, every block opened
    const loadBlocks = await openProject('dense-blocks')
    const expand = await timed(page, async () => {
      await page.getByTestId('block-expand-all').click()
      // only what is on screen is drawn: any open group means the expanded graph is up
      await page.waitForSelector('.react-flow__node-blockGroup', { state: 'attached' })
    })
    const drawnOpen = await page.locator('.react-flow__node').count()
    const openFrames = await traceFrames(page, cdp, () => panAndZoom(page))

    // 2. the same network as 1,000+ plain document nodes, auto-laid-out
    await page.getByTestId('tab-projects').click()
    const loadFlat = await openProject('dense-flat')
    // the first drawn nodes' transforms change once the layout reaches the canvas
    const where = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))
          .slice(0, 20)
          .map((n) => n.style.transform)
          .join(),
      )
    const start = await where()
    // the main thread's frames while elk runs: with elk in a worker the canvas keeps drawing
    let layout = NaN
    const layoutFrames = await traceFrames(page, cdp, async () => {
      layout = await timed(page, async () => {
        await page.getByRole('button', { name: 'Auto-layout' }).click()
        await page.waitForFunction(
          (s) =>
            Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node'))
              .slice(0, 20)
              .map((n) => n.style.transform)
              .join() !== s,
          start,
          { timeout: 120_000 },
        )
      })
    })
    await page.locator('.react-flow__controls-fitview').click()
    await painted(page)
    const drawnFlat = await page.locator('.react-flow__node').count()
    if (process.env.BENCH_PROFILE)
      console.log(
        'drawn after fit view:',
        await page.evaluate(() =>
          ['.react-flow__node', '.react-flow__edge', '.react-flow__edge-textwrapper', 'svg *', '*']
            .map((q) => `${q} ${document.querySelectorAll(q).length}`)
            .join(', '),
        ),
        `zoom ${await page.evaluate(() => (document.querySelector('.react-flow__viewport') as HTMLElement).style.transform)}`,
      )
    const flatFrames = await traceFrames(page, cdp, () => panAndZoom(page))
    if (process.env.BENCH_PROFILE) await profile(cdp, () => panAndZoom(page))
    const flatEdit = await editConv(page)

    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a')
    const row = (what: string, ms: number, target: number) =>
      console.log(
        `${what.padEnd(58)} ${f(ms).padStart(9)} ms  ${`< ${target}`.padStart(7)} ms  ${ms < target ? 'ok' : 'SLOW'}`,
      )
    console.log(
      `\nCanvas benchmark: ${layers} layers (DenseNet, ${CONVS} conv blocks per dense block), ${flat.nodes.length} document nodes when inlined`,
    )
    console.log(
      `machine: ${cpus().length} CPU cores, load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')} (other processes share the cores: figures are upper bounds)`,
    )
    console.log(`${'measure'.padEnd(58)} ${'measured'.padStart(12)}  ${'target'.padStart(10)}`)
    row('open the block version (project → canvas painted)', loadBlocks, TARGETS.load)
    row(`expand all (${drawnOpen} nodes drawn on screen)`, expand, TARGETS.expand)
    row('  pan/zoom, main-thread work per frame, p95', openFrames.workP95, TARGETS.frame)
    row('  pan/zoom, main-thread work per frame, max', openFrames.workMax, TARGETS.frame)
    row('  pan/zoom, of which on a CPU (thread time), p95', openFrames.cpuP95, TARGETS.frame)
    row('  pan/zoom, of which on a CPU (thread time), max', openFrames.cpuMax, TARGETS.frame)
    row('  pan/zoom, interval between frames (rAF), p95', openFrames.rafP95, TARGETS.frame + 1)
    row('open the inlined version (project → canvas painted)', loadFlat, TARGETS.load)
    row('auto-layout (elk) of the inlined version', layout, TARGETS.layout)
    row('  during auto-layout, interval between frames (rAF), max', layoutFrames.rafMax, TARGETS.layoutFrame)
    row('  during auto-layout, longest main-thread task', layoutFrames.longestTask, TARGETS.layoutFrame)
    row(`  pan/zoom, main-thread work per frame, p95 (${drawnFlat} drawn)`, flatFrames.workP95, TARGETS.frame)
    row('  pan/zoom, main-thread work per frame, max', flatFrames.workMax, TARGETS.frame)
    row('  pan/zoom, of which on a CPU (thread time), p95', flatFrames.cpuP95, TARGETS.frame)
    row('  pan/zoom, of which on a CPU (thread time), max', flatFrames.cpuMax, TARGETS.frame)
    row('  pan/zoom, interval between frames (rAF), p95', flatFrames.rafP95, TARGETS.frame + 1)
    row(`  edit ${flatEdit.id} filters → new shape on canvas`, flatEdit.ms, TARGETS.edit)
    row('shape inference after an edit (analyze(), Node, median of 7)', median(inference), TARGETS.inference)
    console.log(
      `frames traced: ${openFrames.frames} (open blocks), ${flatFrames.frames} (inlined); longest main-thread task ${f(openFrames.longestTask)} / ${f(flatFrames.longestTask)} ms`,
    )
  } finally {
    await browser.close()
    await server.close()
  }
}

await main()
