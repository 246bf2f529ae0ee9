/**
 * Records a Chromium trace while `act` runs and returns the page's main-thread tasks over 50 ms
 * with their wall time and the part of it the thread spent on a CPU: on a loaded machine a task
 * can last long while waiting for a core, which is not work of the page. With `attribute` V8's
 * sampling profiler runs too and the report names the functions and browser work (layout,
 * style, GC) inside each long task, so it can be pinned on the code that made it.
 */
import type { CDPSession } from '@playwright/test'

/** One event of a Chromium trace, as far as the benches read it. */
export interface TraceEvent {
  name: string
  cat?: string
  ph: string
  ts: number
  dur?: number
  /** Time the thread was on a CPU (absent when thread timing is not recorded). */
  tdur?: number
  pid: number
  tid: number
  id?: string
  args?: {
    name?: string
    data?: {
      startTime?: number
      cpuProfile?: {
        nodes?: {
          id: number
          parent?: number
          callFrame: { functionName: string; url?: string; lineNumber: number }
        }[]
        samples?: number[]
      }
      timeDeltas?: number[]
    }
  }
}

export interface TracedTask {
  ms: number
  cpuMs: number
}

export async function traceLongTasks<T>(
  cdp: CDPSession,
  act: () => Promise<T>,
  opts: { attribute: boolean; top?: number },
) {
  const top = opts.top ?? 25
  const events: TraceEvent[] = []
  const collect = (e: { value: unknown[] }) => events.push(...(e.value as TraceEvent[]))
  cdp.on('Tracing.dataCollected', collect)
  await cdp.send('Tracing.start', {
    categories: opts.attribute
      ? 'toplevel,devtools.timeline,disabled-by-default-v8.cpu_profiler'
      : 'toplevel',
    transferMode: 'ReportEvents',
  })
  const result = await act()
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r))
  await cdp.send('Tracing.end')
  await done
  cdp.off('Tracing.dataCollected', collect)

  const main = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  )
  const onMain = (e: TraceEvent) => main && e.pid === main.pid && e.tid === main.tid
  const long = events.filter(
    (e) => onMain(e) && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && (e.dur ?? 0) > 50_000,
  )
  // the sampling profiler's chunks: nodes arrive incrementally, samples with time deltas
  const nodes = new Map<number, { parent?: number; label: string }>()
  const samples: { ts: number; node: number }[] = []
  for (const p of events.filter(
    (e) => e.pid === main?.pid && (e.name === 'Profile' || e.name === 'ProfileChunk'),
  )) {
    const d = p.args?.data
    if (p.name === 'Profile') {
      samples.push({ ts: d?.startTime ?? 0, node: -1 })
      continue
    }
    for (const n of d?.cpuProfile?.nodes ?? []) {
      const f = n.callFrame
      nodes.set(n.id, {
        parent: n.parent,
        label: `${f.functionName || '(anonymous)'} ${(f.url ?? '').split('/').pop()}:${f.lineNumber}`,
      })
    }
    let ts = samples.at(-1)?.ts ?? 0
    ;(d?.cpuProfile?.samples ?? []).forEach((node, i) => {
      ts += d?.timeDeltas?.[i] ?? 0
      samples.push({ ts, node })
    })
  }
  const lines: string[] = []
  for (const t of opts.attribute ? long : []) {
    const end = t.ts + (t.dur ?? 0)
    const inside = samples.filter((s) => s.node >= 0 && s.ts >= t.ts && s.ts <= end)
    const inclusive = new Map<string, number>()
    for (const s of inside) {
      const seen = new Set<string>()
      for (let n = nodes.get(s.node); n; n = n.parent === undefined ? undefined : nodes.get(n.parent)) {
        if (seen.has(n.label)) continue
        seen.add(n.label)
        inclusive.set(n.label, (inclusive.get(n.label) ?? 0) + 1)
      }
    }
    lines.push(
      `long task ${((t.dur ?? 0) / 1000).toFixed(1)} ms, ${t.tdur === undefined ? '?' : (t.tdur / 1000).toFixed(1)} ms of it on a CPU, ${inside.length} samples; inclusive samples:`,
    )
    // what the browser itself did inside the task (layout, style, paint, GC, compile)
    const parts = new Map<string, number>()
    for (const e of events)
      if (onMain(e) && e.ph === 'X' && e !== t && e.ts >= t.ts && e.ts < end && (e.dur ?? 0) > 2000)
        parts.set(e.name, (parts.get(e.name) ?? 0) + (e.dur ?? 0) / 1000)
    lines.push(
      `  trace events > 2 ms: ${[...parts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 12)
        .map(([k, ms]) => `${k} ${ms.toFixed(0)}`)
        .join(', ')}`,
    )
    for (const [k, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
      lines.push(`  ${String(n).padStart(5)} ${k}`)
  }
  const tasks: TracedTask[] = long.map((t) => ({ ms: (t.dur ?? 0) / 1000, cpuMs: (t.tdur ?? NaN) / 1000 }))
  return { result, tasks, report: lines.join('\n') }
}
