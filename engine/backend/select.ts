import type * as tfjs from '@tensorflow/tfjs'
import type { BackendPreference } from '../protocol'
import { registerTrainingGradients } from './gradients'
import { registerWasmTrainingKernels, wasmTrainingKernelNames } from './wasm-kernels'
import { adapterName, ALLOW_SOFTWARE_GPU, describeLimits, useWebGpu, type GpuAdapterReport } from './webgpu'

type Tf = typeof tfjs

export type { BackendPreference }

export interface BackendChoice {
  name: string
  detail: string
  /** The adapter, when the run is on the GPU. */
  gpu?: GpuAdapterReport
  /** Why 'auto' passed over the faster backends before this one (a software GPU, a missing binding). */
  skipped?: string[]
}

// Optional native bindings: never dependencies of Deepwire, only used when the user installed
// them. Held in variables so tsc and bundlers do not try to resolve them.
const TFJS_NODE = '@tensorflow/tfjs-node'
const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu'

const isNode = typeof process !== 'undefined' && process.versions?.node != null

let current: BackendChoice | undefined

/**
 * Picks and activates the fastest usable tfjs backend. 'auto' walks a hardware WebGPU adapter,
 * native TensorFlow (GPU when an NVIDIA driver is present, then CPU), wasm with Deepwire's training
 * kernels, then plain cpu, and records why it passed over each one. It never picks a software
 * GPU. An explicit preference does not fall back: it throws with the reason instead, so asking
 * for the GPU never silently trains 100× slower on cpu.
 */
export async function initBackend(tf: Tf, preference: BackendPreference = 'auto'): Promise<BackendChoice> {
  return initFrom(tf, preference, preference === 'auto')
}

/**
 * 'auto' without the GPU, for one-shot jobs (export with its parity check, inspection) whose code
 * reads tensors synchronously, which webgpu cannot do in Node, and which a GPU's start-up would
 * not repay.
 */
export async function initHostBackend(tf: Tf): Promise<BackendChoice> {
  return initFrom(tf, 'auto', false)
}

async function initFrom(tf: Tf, preference: BackendPreference, gpu: boolean): Promise<BackendChoice> {
  registerTrainingGradients(tf)
  const attempts: Array<() => Promise<BackendChoice>> = []
  const auto = preference === 'auto'
  if (gpu || preference === 'webgpu')
    attempts.push(() =>
      useGpu(tf, preference === 'webgpu' && isNode && process.env[ALLOW_SOFTWARE_GPU] === '1'),
    )
  if (auto || preference === 'tensorflow') {
    if (await hasNvidiaGpu()) attempts.push(() => useNative(tf, TFJS_NODE_GPU, 'CUDA GPU'))
    attempts.push(() => useNative(tf, TFJS_NODE, 'CPU'))
  }
  if (auto || preference === 'wasm') attempts.push(() => useWasm(tf))
  if (auto || preference === 'cpu') attempts.push(() => useCpu(tf))

  const failures: string[] = []
  for (const attempt of attempts) {
    try {
      const choice = await attempt()
      current = auto && failures.length ? { ...choice, skipped: failures } : choice
      return current
    } catch (e) {
      failures.push(e instanceof Error ? e.message : String(e))
    }
  }
  throw new Error(`No usable tfjs backend for '${preference}': ${failures.join('; ')}`)
}

/** The backend tfjs is running on now, with the detail recorded by `initBackend`. */
export function backendReport(tf: Tf): BackendChoice & { missingTrainingKernels: string[] } {
  const name = tf.getBackend() ?? 'none'
  const known = current?.name === name ? current : { name, detail: name }
  const missingTrainingKernels =
    name === 'wasm' ? wasmTrainingKernelNames.filter((k) => !tf.getKernel(k, 'wasm')) : []
  return { ...known, missingTrainingKernels }
}

async function activate(tf: Tf, name: string): Promise<void> {
  let ok: boolean
  try {
    ok = await tf.setBackend(name)
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e)
    throw new Error(`${name} backend failed to initialise: ${reason}`, { cause: e })
  }
  if (!ok) throw new Error(`${name} backend failed to initialise`)
  await tf.ready()
}

async function useNative(tf: Tf, moduleName: string, device: string): Promise<BackendChoice> {
  if (!isNode) throw new Error(`${moduleName} needs Node.js`)
  try {
    await import(/* @vite-ignore */ moduleName)
  } catch (e) {
    throw new Error(`${moduleName} is not installed or failed to load`, { cause: e })
  }
  // A binding built against another tfjs copy registers its backend there, not on `tf`.
  if (!tf.findBackendFactory('tensorflow')) {
    throw new Error(`${moduleName} loaded but uses a different @tensorflow/tfjs version than Deepwire`)
  }
  await activate(tf, 'tensorflow')
  return { name: 'tensorflow', detail: `tensorflow (native TensorFlow on ${device} via ${moduleName})` }
}

async function useGpu(tf: Tf, allowSoftware: boolean): Promise<BackendChoice> {
  const { report } = await useWebGpu(tf, allowSoftware)
  return {
    name: 'webgpu',
    detail: `webgpu on ${adapterName(report)}; ${describeLimits(report)}`,
    gpu: report,
  }
}

async function useWasm(tf: Tf): Promise<BackendChoice> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm')
  registerWasmTrainingKernels(tf)
  if (!tf.findBackendFactory('wasm')) {
    throw new Error('@tensorflow/tfjs-backend-wasm registered itself on a different tfjs instance')
  }
  await activate(tf, 'wasm')
  const env = tf.env()
  const simd = await env.getAsync('WASM_HAS_SIMD_SUPPORT')
  let threads = 1
  try {
    threads = wasm.getThreadsCount()
  } catch {
    // Only the threaded build reports a count; the others run on one thread.
  }
  const features = `${simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'}`
  return { name: 'wasm', detail: `wasm (${features}) with Deepwire training kernels` }
}

async function useCpu(tf: Tf): Promise<BackendChoice> {
  await activate(tf, 'cpu')
  return { name: 'cpu', detail: 'cpu (plain JavaScript, slowest)' }
}

/** Cheap, dependency-free probe so tfjs-node-gpu is only loaded where CUDA can work. */
async function hasNvidiaGpu(): Promise<boolean> {
  if (!isNode) return false
  try {
    const fsName = 'node:fs'
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs')
    if (process.platform === 'linux') {
      return fs.existsSync('/proc/driver/nvidia/version') || fs.existsSync('/dev/nvidiactl')
    }
    if (process.platform === 'win32') {
      const root = process.env.SystemRoot ?? 'C:\\Windows'
      return fs.existsSync(`${root}\\System32\\nvidia-smi.exe`)
    }
  } catch {
    // Treat an unreadable system as GPU-less.
  }
  return false
}
