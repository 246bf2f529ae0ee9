/**
 * Seeded dropout masks. tfjs' Dropout layer either draws from an unseeded generator (a seeded run
 * is then not reproducible) or, given a seed, draws the same mask at every step (the same units
 * dropped forever). A layer here keeps a stream instead: call k uses seed mix(base, k), so each
 * step gets a fresh mask and the same graph, seed and data give the same masks run after run.
 */
export class MaskStream {
  private calls = 0
  constructor(private readonly base: number) {}
  /** The seed of the next mask. */
  next(): number {
    // golden-ratio stride, then a 32-bit avalanche (murmur3's finaliser)
    let h = (this.base ^ Math.imul(++this.calls, 0x9e3779b1)) >>> 0
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
    return (h ^ (h >>> 16)) >>> 0
  }
}
