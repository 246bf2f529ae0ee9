/**
 * Every vision preset has exactly the trainable parameters of its PyTorch reference model
 * (test/reference/vision_models.py, run with Debian's PyTorch) and the same output shape at its
 * configured input size.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { VISION_PRESETS, analyzed, presetDoc } from './presets'

const PYTHON = '/usr/bin/python3'

// CI installs torch (.ci/run), so there a missing torch fails instead of skipping
describe('PyTorch reference counts', () => {
  let reference: Record<string, { params: number; output: number[] }> = {}
  it('the reference script runs', () => {
    const out = execFileSync(PYTHON, ['test/reference/vision_models.py'], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    reference = JSON.parse(out)
    expect(Object.keys(reference).sort()).toEqual([...VISION_PRESETS].sort())
  })
  for (const name of VISION_PRESETS)
    it(name, () => {
      const { analysis } = analyzed(presetDoc(name))
      expect(analysis.errors).toEqual([])
      expect(analysis.totals.trainableParams).toBe(reference[name].params)
      const out = analysis.order.find((n) => n.id === analysis.outputs[0])!.outputShape
      // PyTorch is channels-first [N, C, H, W]; Deepwire's per-sample shapes are [H, W, C]
      const [, c, ...hw] = reference[name].output
      expect(out).toEqual(hw.length ? [...hw, c] : [c])
    })
})
