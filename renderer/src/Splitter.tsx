import { useEffect, useState } from 'react'

const KEY = 'deepwire.bottomHeight'
const clamp = (h: number) => Math.round(Math.min(window.innerHeight * 0.8, Math.max(160, h)))

/**
 * The bottom panel's height: what the user dragged it to, but at least what the open tab needs
 * to show its charts (`minHeight`). Sets the CSS variable the app's grid reads.
 */
export function Splitter({ minHeight }: { minHeight: number }) {
  const [height, setHeight] = useState(() => Number(localStorage.getItem(KEY)) || 280)
  useEffect(() => {
    const app = document.querySelector<HTMLElement>('.app')
    app?.style.setProperty('--bottom-height', `${clamp(Math.max(height, minHeight))}px`)
  }, [height, minHeight])
  const drag = (e: React.PointerEvent) => {
    e.preventDefault()
    const move = (m: PointerEvent) => setHeight(clamp(window.innerHeight - m.clientY))
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
      setHeight((h) => (localStorage.setItem(KEY, String(h)), h))
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
        if (step) setHeight((h) => clamp(h + step))
      }}
    />
  )
}
