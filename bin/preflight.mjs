#!/usr/bin/env node
// First step of `npm test`: the suite compares against Debian's PyTorch and ONNX and drives
// Debian's Chromium. Without them it would fail deep inside (or, worse, skip), so say at once
// what is missing and the one command that brings it.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const python = process.env.PYTHON ?? '/usr/bin/python3'
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const missing = []
for (const [module, pkg] of [
  ['torch', 'python3-torch'],
  ['torchvision', 'python3-torchvision'],
  ['onnx', 'python3-onnx'],
])
  if (spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' }).status !== 0) missing.push(pkg)
if (!existsSync(chromium)) missing.push('chromium')
// the webgpu suite's software GPU (SwiftShader ships in chromium) needs the Vulkan loader
if (spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout?.includes('libvulkan.so.1') !== true)
  missing.push('libvulkan1')
// the reliability suites measure each hostile run's peak memory with GNU time
if (!existsSync('/usr/bin/time')) missing.push('time')

if (missing.length) {
  console.error(
    `npm test needs ${missing.join(', ')} (reference models, the ONNX checker, the browser for the end-to-end ` +
      `tests, the Vulkan loader and GNU time). Install with: sudo apt-get install -y ${missing.join(' ')}  — or run: bash .ci/run`,
  )
  process.exit(1)
}
