import 'katex/dist/katex.min.css'
import katex from 'katex'
import { useLayoutEffect, useMemo, useRef } from 'react'

// below this a formula's indices become unreadable: it scrolls instead
const MIN_SCALE = 0.65

/**
 * KaTeX source rendered to HTML; a malformed formula shows KaTeX's red message instead of breaking
 * the panel. A display formula wider than its column is drawn smaller until it fits (down to
 * MIN_SCALE), so a narrow panel shows it whole instead of cutting it off behind a scrollbar.
 */
export function Tex(props: { src: string; display?: boolean; testId?: string }) {
  const html = useMemo(
    () => katex.renderToString(props.src, { throwOnError: false, displayMode: props.display ?? false }),
    [props.src, props.display],
  )
  const el = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    const box = el.current
    if (!props.display || !box) return
    const fit = () => {
      box.style.fontSize = ''
      // a folded panel has no width yet: measure again when it opens
      if (!box.clientWidth || box.scrollWidth <= box.clientWidth) return
      const scale = Math.max(MIN_SCALE, box.clientWidth / box.scrollWidth)
      box.style.fontSize = `${Math.floor(scale * 100) / 100}em`
    }
    fit()
    const observer = new ResizeObserver(fit)
    observer.observe(box)
    return () => observer.disconnect()
  }, [html, props.display])
  return (
    <span
      ref={el}
      className={props.display ? 'tex tex-display' : 'tex'}
      data-testid={props.testId}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  )
}
