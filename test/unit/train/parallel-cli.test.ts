import { describe, expect, it } from 'vitest'
import { runCli } from '../../helpers/cli'

const run = runCli

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
