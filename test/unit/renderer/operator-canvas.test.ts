/**
 * The canvas shows imported arithmetic as what it is: operator nodes carry their op name, their
 * own category (drawn dashed, see styles.css) and shapes from the engine, in both languages.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../../engine/graph/analyze'
import { graphSchema } from '../../../engine/graph/schema'
import { toFlow } from '../../../renderer/src/canvas/adapters'
import { en } from '../../../renderer/src/i18n/en'
import { zh } from '../../../renderer/src/i18n/zh'

describe('operator nodes on the canvas', () => {
  it('are drawn as operators with their op name and shape', () => {
    const doc = graphSchema.parse({
      format: 'deepwire-graph',
      version: 2,
      nodes: [
        { id: 'q', type: 'Input', params: { shape: [5, 4] } },
        { id: 'k', type: 'Input', params: { shape: [4, 5] } },
        { id: 'scores', type: 'MatMul' },
        { id: 'scaled', type: 'Div', params: { constant: [2] } },
        {
          id: 'shift',
          type: 'Sub',
          params: { constant: [...Array(25).keys()].map((i) => i / 3), constantShape: [5, 5] },
        },
        { id: 'dense', type: 'Dense', params: { units: 3 } },
      ],
      edges: [
        { source: 'q', target: 'scores' },
        { source: 'k', target: 'scores' },
        { source: 'scores', target: 'scaled' },
        { source: 'scaled', target: 'shift' },
        { source: 'shift', target: 'dense' },
      ],
    })
    const flow = toFlow(doc, analyze(doc), [])
    const node = (id: string) => flow.nodes.find((n) => n.id === id)!.data
    expect(node('scores')).toMatchObject({ type: 'MatMul', category: 'operator', shape: '5×5', params: 0 })
    expect(node('scaled')).toMatchObject({
      type: 'Div',
      category: 'operator',
      keyParams: expect.stringMatching(/constant=2/),
    })
    // a long constant is abbreviated on the node, its numbers rounded
    expect(node('shift').keyParams).toBe('constant=0×0.333×0.667×1…(25) constantShape=5×5')
    expect(node('dense').category).toBe('core')
  })

  it('have a palette heading in both languages and a style of their own', () => {
    expect(en.category.operator).toMatch(/Operator/)
    expect(zh.category.operator).toMatch(/算子/)
    expect(readFileSync('renderer/src/styles.css', 'utf8')).toMatch(
      /\.layer-node\.cat-operator\s*\{[^}]*dashed/,
    )
  })
})
