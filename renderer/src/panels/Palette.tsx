import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { getLayer, layerKinds } from '../../../engine/layers'
import { DRAG_TYPE } from '../canvas/Canvas'
import { canvasView } from '../canvas/canvas-view'
import { freeSpot, wantedSpot } from '../canvas/free-spot'
import { LayerDocView } from '../learn/LayerDocView'
import { addNode } from '../store/doc-ops'
import { useGraph } from '../store/graph'

/** Every registry layer by category; drag onto the canvas or click to add at the centre. */
export function Palette() {
  const { t } = useTranslation()
  const [query, setQuery] = useState('')
  // the explained layer and where its popover goes: fixed beside the palette, which scrolls and would clip it
  const [tip, setTip] = useState<{ kind: string; top: number; left: number } | null>(null)
  const showTip = (kind: string, el: HTMLElement) => {
    const r = el.getBoundingClientRect()
    setTip({ kind, top: Math.min(r.top, window.innerHeight - 260), left: r.right + 8 })
  }
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase()
    const out = new Map<string, string[]>()
    for (const kind of layerKinds()) {
      if (q && !kind.toLowerCase().includes(q)) continue
      const cat = getLayer(kind)!.category
      out.set(cat, [...(out.get(cat) ?? []), kind])
    }
    return [...out]
  }, [query])
  // a click adds the layer at the nearest free place below the selected node or in the view's
  // middle: clicks in a row never stack nodes on one spot
  const addAtCentre = (kind: string) => {
    const view = canvasView()
    const rects = view?.rects() ?? new Map()
    const selected = rects.get(useGraph.getState().selected[0] ?? '')
    const position = freeSpot([...rects.values()], wantedSpot(view?.centre() ?? { x: 0, y: 0 }, selected))
    let id = ''
    useGraph.getState().apply((d) => {
      const [next, added] = addNode(d, kind, position)
      id = added
      return next
    })
    useGraph.getState().select([id])
  }
  return (
    <aside className="palette" data-testid="palette">
      <h2>{t('palette.title')}</h2>
      <input placeholder={t('palette.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      {groups.map(([cat, kinds]) => (
        <section key={cat}>
          <h3>{t(`category.${cat}`)}</h3>
          {kinds.map((k) => (
            <button
              key={k}
              className={`palette-item cat-${cat}`}
              draggable
              data-testid={`palette-${k}`}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, k)
                e.dataTransfer.effectAllowed = 'move'
              }}
              onClick={() => addAtCentre(k)}
              onMouseEnter={(e) => showTip(k, e.currentTarget)}
              onFocus={(e) => showTip(k, e.currentTarget)}
              onMouseLeave={() => setTip(null)}
              onBlur={() => setTip(null)}
            >
              {k}
            </button>
          ))}
        </section>
      ))}
      {tip && (
        <div className="palette-tip" role="tooltip" style={{ top: tip.top, left: tip.left }}>
          <strong>{tip.kind}</strong>
          <LayerDocView kind={tip.kind} testId="palette-tip" />
          <small className="palette-tip-hint">{t('palette.add')}</small>
        </div>
      )}
    </aside>
  )
}
