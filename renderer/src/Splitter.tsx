import { useEffect } from 'react'
import { usePanel } from './store/panel'

const clamp = (h: number) => Math.round(Math.min(window.innerHeight * 0.8, Math.max(160, h)))
// maximised, the panel leaves the top bar and a strip of canvas (a click on it restores)
const MAXIMISED = 'calc(100vh - 40px - 64px)'

/**
 * The bar above the bottom panel: drag (or arrow keys) to resize; the height is the same for
 * every tab and remembered. Sets the CSS variable the app's grid reads.
 */
export function Splitter() {
  const { height, maximised, setHeight } = usePanel()
  useEffect(() => {
    const app = document.querySelector<HTMLElement>('.app')
    app?.style.setProperty('--bottom-height', maximised ? MAXIMISED : `${clamp(height)}px`)
  }, [height, maximised])
  const drag = (e: React.PointerEvent) => {
    e.preventDefault()
    if (usePanel.getState().maximised) usePanel.getState().toggleMax()
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
