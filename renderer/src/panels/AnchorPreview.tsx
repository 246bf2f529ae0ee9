import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { anchorsPerPixel, multiboxPrior } from '../../../engine/detect/anchors'
import './detection.css'

const SIZE = 180
const COLOURS = ['#ef4444', '#3b82f6', '#22c55e', '#eab308', '#a855f7', '#14b8a6', '#f97316']

/**
 * The anchors of one feature-map cell drawn over the image area (the course's anchor figures):
 * the grid is the feature map AnchorBoxes reads; clicking a cell shows that cell's n + m − 1 boxes.
 */
export function AnchorPreview(props: { h: number; w: number; sizes: number[]; ratios: number[] }) {
  const { t } = useTranslation()
  const { h, w, sizes, ratios } = props
  const [cell, setCell] = useState<[number, number]>([Math.floor(h / 2), Math.floor(w / 2)])
  const [r, q] = [Math.min(cell[0], h - 1), Math.min(cell[1], w - 1)]
  if (!sizes.length || !ratios.length || h > 64 || w > 64) return null
  const a = anchorsPerPixel(sizes, ratios)
  const at = (r * w + q) * a * 4
  const boxes = multiboxPrior(h, w, sizes, ratios).subarray(at, at + a * 4)
  return (
    <div className="anchor-preview" data-testid="anchor-preview">
      <h4>{t('detect.anchorsTitle', { count: a })}</h4>
      <svg viewBox="-0.25 -0.25 1.5 1.5" width={SIZE} height={SIZE}>
        <rect x={0} y={0} width={1} height={1} className="anchor-image" />
        {Array.from({ length: h * w }, (_, k) => (
          <rect
            key={k}
            data-testid="anchor-cell"
            className={k === r * w + q ? 'anchor-cell chosen' : 'anchor-cell'}
            x={(k % w) / w}
            y={Math.floor(k / w) / h}
            width={1 / w}
            height={1 / h}
            onClick={() => setCell([Math.floor(k / w), k % w])}
          />
        ))}
        {Array.from({ length: a }, (_, j) => {
          const [x1, y1, x2, y2] = Array.from(boxes.subarray(j * 4, j * 4 + 4))
          return (
            <rect
              key={j}
              data-testid="anchor-box"
              className="anchor-box"
              stroke={COLOURS[j % COLOURS.length]}
              x={x1}
              y={y1}
              width={x2 - x1}
              height={y2 - y1}
            />
          )
        })}
      </svg>
      <div className="hint">{t('detect.anchorsHint', { h, w })}</div>
    </div>
  )
}
