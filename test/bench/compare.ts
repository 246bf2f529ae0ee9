/**
 * `npm run bench`: training throughput of Deepwire's engine next to PyTorch on this machine,
 * printed as a table with ratios. Not a test: speed depends on the machine and its load.
 * PyTorch comes from Debian's python3-torch (/usr/bin/python3); without it only Deepwire's
 * column is printed.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startTraining } from '../../engine/node/host'

const BATCH = Number(process.env.BENCH_BATCH ?? 256)
const STEPS = Number(process.env.BENCH_STEPS ?? 30)
const WARMUP = 3
const MODELS: Record<string, string> = { lenet: 'presets/lenet.json', mlp: 'presets/mlp.json' }

async function deepwire(preset: string) {
  const graph = JSON.parse(readFileSync(preset, 'utf8'))
  let t0 = 0
  let steps = 0
  let backend = ''
  const h = startTraining(
    { graph, overrides: { batchSize: BATCH, epochs: 1000, validationSplit: 0 }, maxBatches: WARMUP + STEPS },
    (e) => {
      if (e.type === 'run-started') backend = e.backend
      if (e.type !== 'batch-end') return
      if (++steps === WARMUP) t0 = performance.now()
    },
  )
  const last = await h.done
  if (last.type === 'failed') throw new Error(last.message)
  return { backend, samplesPerSec: (BATCH * STEPS) / ((performance.now() - t0) / 1000) }
}

function pytorch(
  models: string[],
): { model: string; threads: number; samplesPerSec: number; torch: string }[] {
  const script = fileURLToPath(new URL('./torch_bench.py', import.meta.url))
  try {
    const out = execFileSync(
      '/usr/bin/python3',
      [script, String(BATCH), String(STEPS), String(WARMUP), models.join(',')],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    )
    return out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
  } catch {
    return []
  }
}

const rows: string[][] = [
  ['model', 'Deepwire samples/s', 'backend', 'PyTorch 1 thread', 'ratio', 'PyTorch all threads', 'ratio'],
]
const ref = pytorch(Object.keys(MODELS))
for (const [name, preset] of Object.entries(MODELS)) {
  const d = await deepwire(preset)
  const one = ref.find((r) => r.model === name && r.threads === 1)
  const all = ref.filter((r) => r.model === name).at(-1)
  const cell = (r?: { samplesPerSec: number; threads: number }) =>
    r
      ? [
          `${Math.round(r.samplesPerSec)} (${r.threads}t)`,
          `${(d.samplesPerSec / r.samplesPerSec).toFixed(2)}×`,
        ]
      : ['n/a', '']
  rows.push([name, String(Math.round(d.samplesPerSec)), d.backend, ...cell(one), ...cell(all)])
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
console.log(
  `Training throughput, batch ${BATCH}, ${STEPS} timed steps after ${WARMUP} warm-up steps${ref[0] ? `, PyTorch ${ref[0].torch}` : ', PyTorch not installed'}`,
)
console.log(line(rows[0]))
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
for (const r of rows.slice(1)) console.log(line(r))
