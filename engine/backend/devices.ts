/**
 * `deepwire devices`: every backend and GPU adapter this machine offers, which one 'auto' would
 * train on, and why it passes over the others. Nothing is activated: modules are only resolved
 * and adapters only described, so the answer is quick and changes nothing.
 */
import { createRequire } from 'node:module'
import {
  adapterName,
  ALLOW_SOFTWARE_GPU,
  describeAdapter,
  describeLimits,
  listAdapters,
  type GpuAdapterReport,
} from './webgpu'

export interface BackendAvailability {
  name: 'webgpu' | 'tensorflow' | 'wasm' | 'cpu'
  usable: boolean
  /** What it would run on, or why it cannot be used. */
  note: string
}

export interface DevicesReport {
  backends: BackendAvailability[]
  adapters: Array<GpuAdapterReport & { usedByAuto: boolean; note: string }>
  /** The backend `--backend auto` would choose. */
  auto: BackendAvailability['name']
}

/** Whether a package can be loaded from here, without loading it. */
export function resolves(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name)
    return true
  } catch {
    return false
  }
}

export async function listDevices(): Promise<DevicesReport> {
  const { adapters, reason } = await listAdapters()
  const reports = adapters.map(describeAdapter)
  const hardware = reports.find((r) => !r.software)
  const softwareNote = `software: it emulates a GPU on the CPU and trains 10–300× slower than wasm, so 'auto' skips it (--backend webgpu uses it only with ${ALLOW_SOFTWARE_GPU}=1)`
  const listed = reports.map((r) => ({
    ...r,
    usedByAuto: r === hardware,
    note: r.software
      ? softwareNote
      : r === hardware
        ? 'used by auto'
        : 'another hardware adapter is preferred',
  }))
  const gpuNote = hardware
    ? `${hardware.description || hardware.device} via ${hardware.api}`
    : (reason ?? `only software adapters were found (${reports.map((r) => r.description).join(', ')})`)
  const native = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].find(resolves)
  const backends: BackendAvailability[] = [
    { name: 'webgpu', usable: hardware !== undefined, note: gpuNote },
    {
      name: 'tensorflow',
      usable: native !== undefined,
      note: native ? `native TensorFlow via ${native}` : '@tensorflow/tfjs-node is not installed (optional)',
    },
    {
      name: 'wasm',
      usable: resolves('@tensorflow/tfjs-backend-wasm'),
      note: 'WebAssembly on the CPU with Deepwire training kernels',
    },
    { name: 'cpu', usable: true, note: 'plain JavaScript, slowest' },
  ]
  return { backends, adapters: listed, auto: backends.find((b) => b.usable)!.name }
}

export function formatDevices(r: DevicesReport): string {
  const lines = ['backends (in the order auto tries them):']
  for (const b of r.backends)
    lines.push(
      `  ${b.usable ? '✓' : '✗'} ${b.name.padEnd(10)} ${b.note}${b.name === r.auto ? '  ← auto' : ''}`,
    )
  lines.push(r.adapters.length ? 'GPU adapters:' : 'GPU adapters: none')
  for (const a of r.adapters) lines.push(`  ${adapterName(a)}; ${describeLimits(a)}: ${a.note}`)
  return lines.join('\n')
}
