/**
 * `npm run bench -- gpu`: training samples/s on webgpu next to wasm for the course's heavy models,
 * with the ratio. The target on a discrete GPU is ≥ 10× wasm for ResNet-18 at 96×96. Without a
 * hardware adapter the webgpu column says why (SwiftShader is used only with
 * DEEPWIRE_ALLOW_SOFTWARE_GPU=1, and is far slower than wasm). BENCH_GPU_SIZE=tiny runs one step
 * of batch 2 per model: a smoke test of the whole path, not a measurement.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { listDevices } from '../../engine/backend/devices'
import { fmt, ratio, table, type BenchModel } from './models'

const FULL: BenchModel[] = [
  { name: 'LeNet-5', preset: 'presets/lenet.json', batch: 256, steps: 20 },
  { name: 'ResNet-18 96×96', preset: 'presets/resnet18.json', batch: 32, steps: 3 },
  { name: 'Transformer encoder', preset: 'presets/transformer-encoder.json', batch: 64, steps: 20 },
  { name: 'UNet++ 64×64', preset: 'presets/unetpp.json', batch: 8, steps: 3 },
]

const tiny = process.env.BENCH_GPU_SIZE === 'tiny'
const MODELS = tiny ? FULL.map((m) => ({ ...m, batch: 2, steps: 1 })) : FULL

/**
 * `deepwire bench` in its own process per measurement: a driver fault, or Dawn aborting when a
 * worker thread ends under it, then ends that measurement, not the whole bench.
 */
async function cliBench(m: BenchModel, backend: 'wasm' | 'webgpu') {
  const args = ['bin/deepwire.mjs', 'bench', m.preset, '--backend', backend, '--json']
  args.push('--batch-size', String(m.batch), '--steps', String(m.steps), '--warmup', tiny ? '1' : '2')
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 24 })
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as { samplesPerSec: number; backendDetail: string }
  } catch (e) {
    const x = e as { stderr?: string; message: string }
    const why =
      x.stderr
        ?.trim()
        .split('\n')
        .find((l) => l.startsWith('deepwire:')) ?? x.message.split('\n')[0]
    throw new Error(why, { cause: e })
  }
}

export async function gpuSection(): Promise<string> {
  const devices = await listDevices()
  const adapter = devices.adapters.find((a) => a.usedByAuto) ?? devices.adapters[0]
  const rows = [['model', 'batch', 'wasm (1 worker)', 'webgpu', 'webgpu ÷ wasm', 'target']]
  let gpuDetail = ''
  const failures: string[] = []
  for (const m of MODELS) {
    const wasm = await cliBench(m, 'wasm')
    let gpu: number | undefined
    try {
      const g = await cliBench(m, 'webgpu')
      gpu = g.samplesPerSec
      gpuDetail = g.backendDetail
    } catch (e) {
      failures.push(`${m.name}: ${(e as Error).message}`)
    }
    rows.push([
      m.name,
      String(m.batch),
      fmt(wasm.samplesPerSec),
      gpu === undefined ? 'n/a' : fmt(gpu),
      gpu === undefined ? '' : ratio(gpu, wasm.samplesPerSec),
      m.name.startsWith('ResNet') ? '≥ 10× on a discrete GPU' : '',
    ])
  }
  const found = adapter
    ? `${adapter.description} (${adapter.vendor} ${adapter.architecture}, ${adapter.api}${adapter.software ? ', software' : ''})`
    : 'no adapter'
  const head = `GPU training throughput (${tiny ? 'tiny smoke run, not a measurement' : 'timed steps after 2 warm-up steps, each run its own process'}; adapter: ${found}; webgpu backend: ${gpuDetail || 'not started'})`
  const notes = failures.length ? `\nwebgpu not measured: ${failures.join('; ')}` : ''
  return `${head}\n${table(rows)}${notes}`
}
