import { useEffect, useRef } from 'react'
import { decodePixels } from '../../../engine/data/pixels'
import type { PixelImage } from '../../../engine/protocol'

/** Class colours of multi-class masks; class 0 (background) is near-black, binary objects white. */
const MASK_COLOURS: [number, number, number][] = [
  [17, 24, 39],
  [239, 68, 68],
  [34, 197, 94],
  [59, 130, 246],
  [234, 179, 8],
  [168, 85, 247],
  [20, 184, 166],
  [249, 115, 22],
]

/** Pixels no class owns (the void outlines of VOC masks), in VOC's own colour for them. */
const VOID_COLOUR: [number, number, number] = [224, 224, 192]

function colour(id: number, classes: number): [number, number, number] {
  if (id === 0) return MASK_COLOURS[0]
  if (id === 255) return VOID_COLOUR
  return classes === 2 ? [255, 255, 255] : MASK_COLOURS[1 + ((id - 1) % (MASK_COLOURS.length - 1))]
}

function paint(img: PixelImage, classes: number | undefined): HTMLCanvasElement {
  const c = document.createElement('canvas')
  c.width = img.width
  c.height = img.height
  const ctx = c.getContext('2d')!
  const data = ctx.createImageData(img.width, img.height)
  const px = decodePixels(img)
  for (let i = 0; i < img.width * img.height; i++) {
    const rgb = classes
      ? colour(px[i], classes)
      : [0, 1, 2].map((k) => px[i * img.channels + (img.channels === 1 ? 0 : k)])
    data.data.set([...rgb, 255], i * 4)
  }
  ctx.putImageData(data, 0, 0)
  return c
}

/**
 * A preview image, or a mask in class colours when `classes` is given, stretched to `size`
 * pixels on its longest side without smoothing (a 28×28 digit stays crisp).
 */
export function PixelCanvas(props: { image: PixelImage; classes?: number; size?: number; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null)
  const { image, classes } = props
  useEffect(() => {
    const target = ref.current!
    const ctx = target.getContext('2d')!
    ctx.imageSmoothingEnabled = false
    ctx.clearRect(0, 0, target.width, target.height)
    ctx.drawImage(paint(image, classes), 0, 0, target.width, target.height)
  }, [image, classes])
  const size = props.size ?? 64
  const scale = size / Math.max(image.width, image.height)
  return (
    <canvas
      ref={ref}
      className="pixel-canvas"
      data-testid={props.testId}
      width={Math.round(image.width * scale)}
      height={Math.round(image.height * scale)}
    />
  )
}
