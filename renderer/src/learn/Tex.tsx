import 'katex/dist/katex.min.css'
import katex from 'katex'
import { useMemo } from 'react'

/** KaTeX source rendered to HTML; a malformed formula shows KaTeX's red message instead of breaking the panel. */
export function Tex(props: { src: string; display?: boolean; testId?: string }) {
  const html = useMemo(
    () => katex.renderToString(props.src, { throwOnError: false, displayMode: props.display ?? false }),
    [props.src, props.display],
  )
  return (
    <span
      className={props.display ? 'tex tex-display' : 'tex'}
      data-testid={props.testId}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  )
}
