/** The sequence layers teach what they do: a formula KaTeX renders and text in both languages. */
import katex from 'katex'
import { describe, expect, it } from 'vitest'
import { getLayer } from '../../../engine/layers'
import { SEQ_REGISTRY_CASES } from './seq-cases'

describe('sequence layer docs', () => {
  it.each(Object.keys(SEQ_REGISTRY_CASES))('%s', (kind) => {
    const doc = getLayer(kind)?.doc
    expect(doc, `${kind}.doc`).toBeDefined()
    expect(() => katex.renderToString(doc!.formula, { throwOnError: true, displayMode: true })).not.toThrow()
    expect(doc!.en.split('. ').length).toBeGreaterThanOrEqual(2)
    expect(doc!.zh).toMatch(/[\u4e00-\u9fff]/)
  })
})
