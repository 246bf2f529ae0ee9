import { useEffect, useRef } from 'react'

/** One sample drawn as an image (grey or RGB, values 0..1). */
export function SampleImage({ x, shape }: { x: number[]; shape: number[] }) {
  const ref = useRef<HTMLCanvasElement>(null)
  const [h, w, c] = shape
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!
    const img = ctx.createImageData(w, h)
    for (let i = 0; i < h * w; i++) {
      for (let k = 0; k < 3; k++) img.data[i * 4 + k] = Math.round(255 * x[i * c + (c === 1 ? 0 : k)])
      img.data[i * 4 + 3] = 255
    }
    ctx.putImageData(img, 0, 0)
  }, [x, h, w, c])
  return <canvas ref={ref} width={w} height={h} className="sample-image" />
}
