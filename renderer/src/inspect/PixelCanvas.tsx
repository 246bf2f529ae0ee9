import { useEffect, useRef } from 'react'

/** RGBA pixels drawn 1:1 into a canvas that CSS scales up without smoothing. */
export function PixelCanvas(props: {
  width: number
  height: number
  rgba: Uint8ClampedArray
  scale: number
  /** Height on screen when it is not height × scale (one-row bar strips). */
  cssHeight?: number
  title?: string
  testId?: string
}) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!
    const img = ctx.createImageData(props.width, props.height)
    img.data.set(props.rgba)
    ctx.putImageData(img, 0, 0)
  }, [props.width, props.height, props.rgba])
  return (
    <canvas
      ref={ref}
      className="pixels"
      width={props.width}
      height={props.height}
      style={{ width: props.width * props.scale, height: props.cssHeight ?? props.height * props.scale }}
      title={props.title}
      data-testid={props.testId}
    />
  )
}
