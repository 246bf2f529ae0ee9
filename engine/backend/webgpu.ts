/**
 * The GPU through WebGPU: npm `webgpu` (Dawn's Node binding: Vulkan on Linux, D3D12 on Windows,
 * Metal on macOS) gives Node a `navigator.gpu`, and `@tensorflow/tfjs-backend-webgpu` runs tfjs'
 * kernels on it. Both are loaded only when asked for, so a machine without a GPU pays nothing.
 */
import { registerConvFilterKernel } from './conv-filter-grad'
import type * as tfjs from '@tensorflow/tfjs'

type Tf = typeof tfjs

/** What `deepwire devices`, the run-started event and the CLI say about a WebGPU adapter. */
export interface GpuAdapterReport {
  vendor: string
  architecture: string
  device: string
  description: string
  /** The native API Dawn drives on this platform. */
  api: 'Vulkan' | 'Metal' | 'D3D12'
  /** A CPU emulating a GPU (SwiftShader, llvmpipe/lavapipe, WARP): correct, and far slower than wasm. */
  software: boolean
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }
}

// The few members of the WebGPU API used here, typed locally: the package's global type
// declarations would leak GPU* globals into every file of the project.
interface Limits {
  maxBufferSize: number
  maxStorageBufferBindingSize: number
  maxStorageBuffersPerShaderStage: number
  maxComputeWorkgroupStorageSize: number
  maxComputeWorkgroupsPerDimension: number
  maxComputeWorkgroupSizeX: number
  maxComputeInvocationsPerWorkgroup: number
}
interface AdapterInfo {
  vendor: string
  architecture: string
  device: string
  description: string
  isFallbackAdapter?: boolean
}
interface Device {
  limits: Limits
  destroy(): void
  onuncapturederror: ((e: { error: { message: string } }) => void) | null
}
interface Adapter {
  info: AdapterInfo
  limits: Limits
  isFallbackAdapter?: boolean
  features: { has(name: string): boolean }
  requestDevice(d: { requiredLimits: Partial<Limits>; requiredFeatures?: string[] }): Promise<Device>
}
interface Gpu {
  requestAdapter(o?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<Adapter | null>
}
interface WebGpuModule {
  create(flags: string[]): Gpu
  globals: Record<string, unknown>
}
interface TfWebGpuModule {
  WebGPUBackend: new (device: Device, info: AdapterInfo) => tfjs.KernelBackend
}

// Held in variables so bundlers leave these optional, platform-specific modules to Node.
const WEBGPU = 'webgpu'
const TFJS_WEBGPU = '@tensorflow/tfjs-backend-webgpu'

/** Set in tests and CI, where SwiftShader stands in for a GPU. */
export const ALLOW_SOFTWARE_GPU = 'DEEPWIRE_ALLOW_SOFTWARE_GPU'
/** Asks for GPU timestamps, so `tf.profile` times each kernel (test/bench/gpu-steps.ts' profile). */
export const GPU_PROFILE = 'DEEPWIRE_GPU_PROFILE'

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b|\bcpu\b/i

let gpu: Promise<Gpu> | undefined

/** One `navigator.gpu` per process, installed before tfjs' webgpu module looks for it. */
function loadGpu(): Promise<Gpu> {
  gpu ??= (async () => {
    if (typeof process === 'undefined' || !process.versions?.node) throw new Error('webgpu needs Node.js')
    let mod: WebGpuModule
    try {
      mod = (await import(/* @vite-ignore */ WEBGPU)) as WebGpuModule
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e)
      throw new Error(`the webgpu package failed to load (${reason})`, { cause: e })
    }
    const g = globalThis as Record<string, unknown>
    for (const [k, v] of Object.entries(mod.globals)) if (!(k in g)) g[k] = v
    const instance = mod.create([])
    // Node 20 has no navigator; Node 21+ has one without `gpu`
    g.navigator ??= {}
    Object.defineProperty(g.navigator, 'gpu', { value: instance, configurable: true })
    return instance
  })()
  return gpu
}

function apiOfPlatform(): GpuAdapterReport['api'] {
  if (process.platform === 'win32') return 'D3D12'
  if (process.platform === 'darwin') return 'Metal'
  return 'Vulkan'
}

export function describeAdapter(a: Adapter): GpuAdapterReport {
  const { vendor, architecture, device, description } = a.info
  const named = `${vendor} ${architecture} ${device} ${description}`
  return {
    vendor,
    architecture,
    device,
    description,
    api: apiOfPlatform(),
    software: a.info.isFallbackAdapter === true || a.isFallbackAdapter === true || SOFTWARE.test(named),
    limits: {
      maxBufferSize: a.limits.maxBufferSize,
      maxStorageBufferBindingSize: a.limits.maxStorageBufferBindingSize,
    },
  }
}

/** "NVIDIA GeForce RTX 4070 (nvidia ada, Vulkan)": the adapter in words. */
export function adapterName(r: GpuAdapterReport): string {
  const name = r.description || r.device || r.vendor || 'unnamed adapter'
  const arch = [r.vendor, r.architecture].filter(Boolean).join(' ')
  return `${name} (${[arch, r.api, r.software ? 'software' : ''].filter(Boolean).join(', ')})`
}

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`

export function describeLimits(r: GpuAdapterReport): string {
  return `buffers up to ${mib(r.limits.maxBufferSize)}, bindings up to ${mib(r.limits.maxStorageBufferBindingSize)}`
}

const NO_ADAPTER: Record<string, string> = {
  linux: 'install the Vulkan driver of your GPU (Mesa for AMD/Intel, the NVIDIA driver) and libvulkan1',
  win32: 'update the graphics driver (DirectX 12 is needed)',
  darwin: 'macOS 11 or later with a Metal GPU is needed',
}

/** Every distinct adapter Dawn offers (the high-performance and the low-power choice). */
export async function listAdapters(): Promise<{ adapters: Adapter[]; reason?: string }> {
  const absent = await noGpuDevice()
  if (absent) return { adapters: [], reason: absent }
  let g: Gpu
  try {
    g = await loadGpu()
  } catch (e) {
    return { adapters: [], reason: e instanceof Error ? e.message : String(e) }
  }
  const adapters: Adapter[] = []
  for (const powerPreference of ['high-performance', 'low-power'] as const) {
    const a = await g.requestAdapter({ powerPreference })
    if (
      a &&
      !adapters.some((b) => b.info.description === a.info.description && b.info.device === a.info.device)
    )
      adapters.push(a)
  }
  if (adapters.length) return { adapters }
  const hint = NO_ADAPTER[process.platform] ?? 'install a GPU driver with WebGPU support'
  return { adapters, reason: `no WebGPU adapter was found: ${hint}` }
}

/**
 * On Linux a GPU shows up as a device node; without one (servers, containers, CI) Dawn is not
 * started at all: it would only print the Vulkan loader's complaints on stderr before finding
 * nothing. VK_ICD_FILENAMES naming a driver (SwiftShader in tests) is probed regardless.
 */
async function noGpuDevice(): Promise<string | undefined> {
  if (typeof process === 'undefined' || process.platform !== 'linux' || process.env.VK_ICD_FILENAMES) return
  const fsName = 'node:fs'
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs')
  if (['/dev/dri', '/dev/nvidiactl', '/dev/dxg', '/dev/kfd'].some((d) => fs.existsSync(d))) return
  return `no GPU device was found (no /dev/dri or /dev/nvidia*): ${NO_ADAPTER.linux}`
}

export interface WebGpuSetup {
  report: GpuAdapterReport
  device: Device
}

let active: WebGpuSetup | undefined
let fault: string | undefined

/** The first error the GPU reported since the last call, if any (then cleared). */
export function takeGpuFault(): string | undefined {
  const f = fault
  fault = undefined
  return f
}

/**
 * Activates tfjs' webgpu backend on the best hardware adapter. A software adapter is refused
 * (it trains 10–300× slower than wasm) unless `allowSoftware`; the error says which and why.
 */
export async function useWebGpu(tf: Tf, allowSoftware: boolean): Promise<WebGpuSetup> {
  if (active && tf.findBackend('webgpu')) {
    if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend failed to initialise')
    return active
  }
  const { adapters, reason } = await listAdapters()
  if (!adapters.length) throw new Error(reason)
  const reports = adapters.map(describeAdapter)
  const pick = reports.findIndex((r) => !r.software)
  const i = pick >= 0 ? pick : allowSoftware ? 0 : -1
  if (i < 0)
    throw new Error(
      `the only WebGPU adapter is software, ${adapterName(reports[0])}: it emulates a GPU on the CPU and trains 10–300× slower than wasm, so it is not used (set ${ALLOW_SOFTWARE_GPU}=1 to use it anyway, for tests)`,
    )
  const adapter = adapters[i]
  const l = adapter.limits
  // the defaults (256 MiB buffers, 128 MiB bindings) are smaller than large dense weights
  const timestamps = process.env[GPU_PROFILE] === '1' && adapter.features.has('timestamp-query')
  const device = await adapter.requestDevice({
    ...(timestamps ? { requiredFeatures: ['timestamp-query'] } : {}),
    requiredLimits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
  })
  // a kernel the device rejects leaves stale values behind without an exception: keep the first
  // such error so the training loop can fail the run instead of training on garbage
  device.onuncapturederror = (e) => (fault ??= e.error.message.split('\n')[0])
  let mod: TfWebGpuModule
  try {
    mod = (await import(/* @vite-ignore */ TFJS_WEBGPU)) as TfWebGpuModule
  } catch (e) {
    device.destroy()
    throw new Error(`${TFJS_WEBGPU} failed to load`, { cause: e })
  }
  // the module registers a factory of its own (default limits) when it loads; ours replaces it
  if (!tf.findBackendFactory('webgpu')) {
    device.destroy()
    throw new Error(`${TFJS_WEBGPU} registered itself on a different tfjs instance`)
  }
  tf.removeBackend('webgpu')
  tf.registerBackend('webgpu', () => new mod.WebGPUBackend(device, adapter.info))
  chunkAddN(tf, device.limits.maxStorageBuffersPerShaderStage - 1)
  registerConvFilterKernel(tf, 'webgpu')
  let ok: boolean
  try {
    ok = await tf.setBackend('webgpu')
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    throw new Error(`the webgpu backend failed to initialise: ${why}`, { cause: e })
  }
  if (!ok) throw new Error('the webgpu backend failed to initialise')
  await tf.ready()
  active = { report: reports[i], device }
  return active
}

// AddN receives its inputs as an array, not a map of names
type KernelArgs = { inputs: tfjs.TensorInfo[]; backend: { disposeData(id: object): void } }

/**
 * tfjs' webgpu AddN binds every input as a storage buffer: past the device's per-stage limit
 * (8 by default, 1 for the output) the pipeline is invalid and the sum silently keeps stale
 * values (clipping by the global norm of 30 gradients read 15 for 465). Concat already splits its
 * inputs so; AddN is summed here in groups that fit, the partial sums summed again.
 */
function chunkAddN(tf: Tf, perShader: number): void {
  const built = tf.getKernel('AddN', 'webgpu')
  if (!built || (built as { chunked?: boolean }).chunked) return
  const sum = built.kernelFunc as unknown as (a: KernelArgs) => tfjs.TensorInfo
  const kernelFunc = (args: KernelArgs): tfjs.TensorInfo => {
    let inputs = Array.from(args.inputs)
    const partials: tfjs.TensorInfo[] = []
    while (inputs.length > perShader) {
      const next: tfjs.TensorInfo[] = []
      for (let i = 0; i < inputs.length; i += perShader)
        next.push(sum({ ...args, inputs: inputs.slice(i, i + perShader) }))
      partials.push(...next)
      inputs = next
    }
    const out = sum({ ...args, inputs })
    for (const p of partials) args.backend.disposeData(p.dataId)
    return out
  }
  tf.unregisterKernel('AddN', 'webgpu')
  tf.registerKernel({
    ...built,
    kernelFunc: kernelFunc as unknown as tfjs.KernelFunc,
    chunked: true,
  } as tfjs.KernelConfig)
}
