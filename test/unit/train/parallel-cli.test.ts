import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = async (...args: string[]) => {
  try {
    const r = await promisify(execFile)('node', ['bin/deepwire.mjs', ...args])
    return { code: 0, stdout: r.stdout, stderr: r.stderr }
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string }
    return { code: x.code, stdout: x.stdout, stderr: x.stderr }
  }
}

describe('deepwire train --workers', () => {
  it('trains data-parallel on the workers asked for', async () => {
    const r = await run('train', 'presets/xor.json', '--epochs', '1', '--batch-size', '32', '--workers', '2')
    expect(r.stderr + r.stdout).toMatch(/backend: wasm .* × 2 workers, data-parallel/)
    expect(r.stderr + r.stdout).toMatch(/finished \(completed\) after 1 epoch/)
    expect(r.code).toBe(0)
  })

  it('refuses a count it cannot use', async () => {
    const r = await run('train', 'presets/xor.json', '--workers', 'many')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/--workers takes a whole number from 1 to 16 or 'auto', not 'many'/)
  })
})
