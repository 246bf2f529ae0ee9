import katex from 'katex'
import { describe, expect, it } from 'vitest'
import { getLayer, layerKinds } from '../../../engine/layers'

const HAN = /[\u4e00-\u9fff]/

describe('layer docs', () => {
  it('covers the whole registry', () => {
    expect(layerKinds().length).toBeGreaterThanOrEqual(35)
    expect(layerKinds().filter((k) => !getLayer(k)!.doc)).toEqual([])
  })

  for (const kind of layerKinds()) {
    it(`${kind}: the formula renders and both languages explain it`, () => {
      const doc = getLayer(kind)!.doc!
      expect(doc.formula.trim()).not.toBe('')
      const html = katex.renderToString(doc.formula, { throwOnError: true })
      expect(html).toContain('katex')
      expect(html).not.toContain('katex-error')
      expect(doc.en.trim().length).toBeGreaterThan(60)
      expect(doc.en).not.toMatch(HAN)
      expect(doc.zh).toMatch(HAN)
      expect(doc.zh.trim().length).toBeGreaterThan(30)
    })
  }

  it('says how the parameters of shape-changing layers reach the output shape', () => {
    // each of these layers names the parameter that sets its output size
    const named: Record<string, string> = {
      Dense: 'units',
      Conv2D: 'filters',
      Conv1D: 'filters',
      Embedding: 'outputDim',
      MaxPool2D: 'poolSize',
      UpSampling2D: 'size',
      Reshape: 'targetShape',
      Concatenate: 'axis',
    }
    for (const [kind, param] of Object.entries(named)) {
      expect(getLayer(kind)!.doc!.en).toContain(param)
      expect(getLayer(kind)!.doc!.zh).toContain(param)
    }
  })
})
