/**
 * Choosing the GPU: 'auto' never trains on a software adapter, an explicit 'webgpu' refuses one
 * with a sentence unless tests allow it, and `deepwire devices` says what it found and why it
 * skipped it. Run where SwiftShader is the only adapter (CI, this machine); on a machine with a
 * real GPU the software-only expectations do not apply and are skipped.
 */
import * as tf from '@tensorflow/tfjs'
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { listDevices } from '../../engine/backend/devices'
import { initBackend } from '../../engine/backend/select'
import { ALLOW_SOFTWARE_GPU } from '../../engine/backend/webgpu'
import { mlp } from '../helpers/train'
import { useSoftwareGpu } from './software-gpu'

useSoftwareGpu()

const devices = await listDevices()
const softwareOnly = devices.adapters.length > 0 && devices.adapters.every((a) => a.software)

/** The CLI in a child process; GNU time appends its peak memory (KiB) to stderr. */
const cli = async (env: NodeJS.ProcessEnv, ...args: string[]) => {
  try {
    const r = await promisify(execFile)(
      '/usr/bin/time',
      ['-f', 'maxrss %M', 'node', '--max-old-space-size=1024', 'bin/deepwire.mjs', ...args],
      { env, timeout: 60_000 },
    )
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, stdout: x.stdout, stderr: x.stderr }
  }
}

describe.skipIf(!softwareOnly)('with only a software adapter (SwiftShader)', () => {
  it('auto chooses wasm and says the software adapter was skipped and why, even when tests allow it', async () => {
    expect(process.env[ALLOW_SOFTWARE_GPU]).toBe('1')
    const choice = await initBackend(tf, 'auto')
    expect(choice.name).toBe('wasm')
    expect(choice.skipped?.[0]).toMatch(/software, SwiftShader.*slower than wasm, so it is not used/)
  })

  it('an explicit webgpu refuses the software adapter with a sentence', async () => {
    const allowed = process.env[ALLOW_SOFTWARE_GPU]
    delete process.env[ALLOW_SOFTWARE_GPU]
    try {
      await expect(initBackend(tf, 'webgpu')).rejects.toThrow(
        /the only WebGPU adapter is software, SwiftShader.*set DEEPWIRE_ALLOW_SOFTWARE_GPU=1 to use it anyway/,
      )
    } finally {
      process.env[ALLOW_SOFTWARE_GPU] = allowed
    }
    expect(tf.getBackend()).toBe('wasm')
  })

  it('deepwire devices --json lists every backend and the skipped adapter', async () => {
    const r = await cli({ ...process.env }, 'devices', '--json')
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as typeof devices
    expect(report.auto).toBe('wasm')
    expect(report.backends.map((b) => b.name)).toEqual(['webgpu', 'tensorflow', 'wasm', 'cpu'])
    expect(report.backends[0]).toMatchObject({ usable: false, note: expect.stringMatching(/only software/) })
    expect(report.adapters[0]).toMatchObject({
      software: true,
      usedByAuto: false,
      api: 'Vulkan',
      note: expect.stringMatching(/'auto' skips it/),
    })
    expect(report.adapters[0].limits.maxStorageBufferBindingSize).toBeGreaterThan(0)
  })

  it('export times onnxruntime on the GPU where tests allow the software adapter, else says why not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-ortgpu-'))
    const graph = path.join(dir, 'mlp.json')
    writeFileSync(graph, JSON.stringify(mlp(4, 8, 3, 'linear', 'mse')))
    const out = path.join(dir, 'm.onnx')
    const allowed = await cli({ ...process.env }, 'export', graph, '--format', 'onnx', '--out', out)
    expect(allowed.code, allowed.stderr).toBe(0)
    const line = /onnxruntime on the GPU \(WebGPU\): ([\d.]+) ms a batch, max difference (\S+)/.exec(
      allowed.stdout,
    )
    expect(line, allowed.stdout).not.toBeNull()
    expect(Number(line![2])).toBeLessThan(1e-3)
    const refused = await cli(
      { ...process.env, [ALLOW_SOFTWARE_GPU]: '0' },
      'export',
      graph,
      '--format',
      'onnx',
      '--out',
      out,
    )
    expect(refused.code).toBe(0)
    expect(refused.stdout).toMatch(/note: onnxruntime not timed on a GPU: only software adapters were found/)
  }, 60_000)
})

describe('deepwire train --backend webgpu', () => {
  it('trains on one replica and prints the device', async () => {
    const r = await cli(
      { ...process.env },
      'train',
      'presets/xor.json',
      '--backend',
      'webgpu',
      '--epochs',
      '1',
      '--workers',
      '2',
    )
    expect(r.stderr).toMatch(
      /backend: webgpu on .*\((.*, )?(Vulkan|Metal|D3D12)(, software)?\); buffers up to \d+ MiB/,
    )
    expect(r.stderr).toMatch(/1 worker \(one GPU trains as one replica\)/)
    expect(r.stderr).toMatch(/finished \(completed\) after 1 epoch/)
    expect(r.code).toBe(0)
  })

  it('refuses a weight larger than one GPU buffer before allocating anything', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-gpu-'))
    const graph = path.join(dir, 'wide.json')
    // 25088 × 16384 floats: 1.5 GiB in one tensor, past SwiftShader's (and most GPUs') 1 GiB cap
    writeFileSync(
      graph,
      JSON.stringify({
        ...mlp(25088, 16384, 10, 'mnist'),
        training: { ...mlp(1, 0, 1, 'mnist').training, optimizer: { type: 'sgd', lr: 0.1 } },
      }),
    )
    const env = { ...process.env, DEEPWIRE_MEMORY_BUDGET_MB: '100000' }
    const t0 = performance.now()
    const r = await cli(env, 'train', graph, '--backend', 'webgpu', '--epochs', '1', '--limit', '64')
    const seconds = (performance.now() - t0) / 1000
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^deepwire: the weights of node 'h' \(Dense, 411058176 parameters, 1\.53 GiB\) do not fit in one buffer of .* \(at most [\d.]+ [MG]iB, its max\w+\): make the layer smaller/m,
    )
    // the refusal comes before any weight exists: well under the 1.5 GiB the tensor would take
    expect(Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? Infinity)).toBeLessThan(1024 * 1024)
    // a hang would pass maxrss; start-up (tfjs, Dawn, SwiftShader) is most of it, slower under load
    expect(seconds).toBeLessThan(30)
  })

  it('without a usable adapter fails with the reason instead of falling back', async () => {
    // an ICD file that does not exist: Vulkan finds no driver at all
    const env = { ...process.env, VK_ICD_FILENAMES: '/nonexistent/icd.json' }
    const r = await cli(env, 'train', 'presets/xor.json', '--backend', 'webgpu', '--epochs', '1')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/No usable tfjs backend for 'webgpu': no WebGPU adapter was found: install/)
  })
})
