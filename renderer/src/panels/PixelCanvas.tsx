import { useEffect, useRef } from 'react'
import { decodePixels } from '../../../engine/data/pixels'
import type { PixelImage } from '../../../engine/protocol'

/** Mask colours by class id; class 0 is the background and stays transparent. */
const MASK_COLOURS: [number, number, number][] = [
  [0, 0, 0],
  [239, 68, 68],
  [34, 197, 94],
  [59, 130, 246],
  [234, 179, 8],
  [168, 85, 247],
  [20, 184, 166],
  [249, 115, 22],
]

function toCanvas(img: PixelImage, paint: (px: Uint8Array, out: Uint8ClampedArray, i: number) => void) {
  const c = document.createElement('canvas')
  c.width = img.width
  c.height = img.height
  const ctx = c.getContext('2d')!
  const data = ctx.createImageData(img.width, img.height)
  const px = decodePixels(img)
  for (let i = 0; i < img.width * img.height; i++) paint(px, data.data, i)
  ctx.putImageData(data, 0, 0)
  return c
}

/**
 * A preview image, optionally with a mask laid over it in class colours. Image and mask may
 * differ in size (the mask is at the model's resolution); both are stretched to the canvas.
 */
export function PixelCanvas(props: { image: PixelImage; mask?: PixelImage; size?: number; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null)
  const { image, mask } = props
  useEffect(() => {
    const target = ref.current!
    const ctx = target.getContext('2d')!
    ctx.imageSmoothingEnabled = false
    const picture = toCanvas(image, (px, out, i) => {
      for (let k = 0; k < 3; k++) out[i * 4 + k] = px[i * image.channels + (image.channels === 1 ? 0 : k)]
      out[i * 4 + 3] = 255
    })
    ctx.clearRect(0, 0, target.width, target.height)
    ctx.drawImage(picture, 0, 0, target.width, target.height)
    if (mask) {
      const overlay = toCanvas(mask, (px, out, i) => {
        const [r, g, b] = MASK_COLOURS[px[i] % MASK_COLOURS.length]
        out.set([r, g, b, px[i] ? 150 : 0], i * 4)
      })
      ctx.drawImage(overlay, 0, 0, target.width, target.height)
    }
  }, [image, mask])
  const size = props.size ?? 64
  // the canvas keeps the image's aspect ratio at the requested longest side
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
