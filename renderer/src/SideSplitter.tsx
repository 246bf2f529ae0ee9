import { useEffect } from 'react'
import { usePanel, type Side } from './store/panel'

/**
 * The inner edge of a side panel (palette or inspector): drag or arrow keys to resize it; the
 * width is remembered. It sits on the panel's grid area, so the panels themselves know nothing
 * of it.
 */
export function SideSplitter({ side }: { side: Side }) {
  const width = usePanel((s) => s.sides[side])
  const setSide = usePanel((s) => s.setSide)
  useEffect(() => {
    document.querySelector<HTMLElement>('.app')?.style.setProperty(`--${side}-width`, `${width}px`)
  }, [side, width])
  // the palette grows to the right, the inspector to the left
  const sign = side === 'palette' ? 1 : -1
  const drag = (e: React.PointerEvent) => {
    e.preventDefault()
    const x0 = e.clientX
    const w0 = width
    const move = (m: PointerEvent) => setSide(side, w0 + sign * (m.clientX - x0), false)
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
      setSide(side, usePanel.getState().sides[side])
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }
  return (
    <div
      className={`side-splitter side-splitter-${side}`}
      role="separator"
      aria-orientation="vertical"
      tabIndex={0}
      data-testid={`splitter-${side}`}
      onPointerDown={drag}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowRight' ? 20 : e.key === 'ArrowLeft' ? -20 : 0
        if (step) setSide(side, width + sign * step)
      }}
    />
  )
}
