import { useEffect } from 'react'
import { usePanel } from './store/panel'

const clamp = (h: number) => Math.round(Math.min(window.innerHeight * 0.8, Math.max(160, h)))

/**
 * The bar above the bottom panel: drag (or arrow keys) to resize; the height is the same for
 * every tab and remembered. Sets the CSS variable the app's grid reads.
 */
export function Splitter() {
  const { height, setHeight } = usePanel()
  // full view does not touch this height: the panel then spans the canvas's row too (styles.css)
  useEffect(() => {
    const app = document.querySelector<HTMLElement>('.app')
    app?.style.setProperty('--bottom-height', `${clamp(height)}px`)
  }, [height])
  const drag = (e: React.PointerEvent) => {
    e.preventDefault()
    const move = (m: PointerEvent) => setHeight(clamp(window.innerHeight - m.clientY), false)
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
      setHeight(usePanel.getState().height)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      tabIndex={0}
      data-testid="splitter"
      onPointerDown={drag}
      onKeyDown={(e) => {
        const step = e.key === 'ArrowUp' ? 40 : e.key === 'ArrowDown' ? -40 : 0
        if (step) setHeight(clamp(height + step))
      }}
    />
  )
}
