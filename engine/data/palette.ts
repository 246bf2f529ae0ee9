/**
 * Pascal VOC's colour-coded masks: class k is drawn in the k-th colour of VOC's palette (black
 * background, (128, 0, 0) aeroplane, (0, 128, 0) bicycle …) and (224, 224, 192) marks the "void"
 * outlines that no class owns. Indexed PNGs (VOC's own files) and RGB PNGs painted with the same
 * colours read alike: both decode to these colours.
 */

/** VOC's 20 classes after the background, in palette order (the course's VOC_CLASSES). */
export const VOC_CLASSES = [
  'background',
  'aeroplane',
  'bicycle',
  'bird',
  'boat',
  'bottle',
  'bus',
  'car',
  'cat',
  'chair',
  'cow',
  'diningtable',
  'dog',
  'horse',
  'motorbike',
  'person',
  'potted plant',
  'sheep',
  'sofa',
  'train',
  'tv/monitor',
]

/** Palette index of VOC's void outlines; the loss and the metrics skip those pixels. */
export const VOID = 255

/**
 * The k-th palette colour: the bits of k are dealt out in turn to red, green and blue, from each
 * channel's top bit down (the scheme of VOC's devkit, so all 256 colours differ).
 */
export function vocColour(k: number): [number, number, number] {
  const rgb: [number, number, number] = [0, 0, 0]
  for (let bit = 0, c = k; bit < 8; bit++, c >>= 3)
    for (let ch = 0; ch < 3; ch++) rgb[ch] |= ((c >> ch) & 1) << (7 - bit)
  return rgb
}

const pack = (r: number, g: number, b: number) => (r << 16) | (g << 8) | b
const ID_OF = new Map(Array.from({ length: 256 }, (_, k) => [pack(...vocColour(k)), k]))

/** The palette index of a colour, or -1 when the colour is not one of VOC's. */
export function paletteId(r: number, g: number, b: number): number {
  return ID_OF.get(pack(r, g, b)) ?? -1
}

/** Where a mask first leaves the palette, for the message that names the file and the pixel. */
export function firstUnknownColour(data: Uint8Array, width: number): string | null {
  for (let p = 0; p * 4 < data.length; p++) {
    const [r, g, b] = [data[p * 4], data[p * 4 + 1], data[p * 4 + 2]]
    if (paletteId(r, g, b) < 0)
      return `pixel (x ${p % width}, y ${Math.floor(p / width)}) has the colour (${r}, ${g}, ${b}), which is not in VOC's palette (background (0, 0, 0), aeroplane (128, 0, 0), bicycle (0, 128, 0) …, void (224, 224, 192))`
  }
  return null
}

/** A mask painted in colour: any pixel whose channels differ (grey masks hold class ids). */
export function hasColour(data: Uint8Array): boolean {
  for (let p = 0; p < data.length; p += 4) if (data[p] !== data[p + 1] || data[p] !== data[p + 2]) return true
  return false
}
