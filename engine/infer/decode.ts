/**
 * Decoding strategies over any model that scores the next token of a prefix: greedy, beam search
 * (D2L 10.8) and sampling with temperature. They see the model only through `NextToken`, so the
 * same code drives an RNN language model, a GRU encoder–decoder and a Transformer, and a test can
 * drive them with a hand-written table of probabilities.
 */
import type { Rng } from '../data/random'

/** Log-probabilities over the vocabulary of the token after each prefix, one row per prefix. */
export type NextToken = (prefixes: number[][]) => Promise<Float32Array[]>

export interface DecodeLimits {
  /** Tokens to generate at most (the end token included). */
  maxLength: number
  /** Generation stops after this token; it is not part of the result. */
  eos?: number
}

export interface Hypothesis {
  /** Generated tokens, without the start prefix and without the end token. */
  tokens: number[]
  /** Sum of the log-probabilities of the generated tokens (the end token included). */
  logProb: number
  /** logProb / length^α, the course's length-normalised score used to rank hypotheses. */
  score: number
  finished: boolean
}

const argmax = (v: Float32Array) => {
  let best = 0
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i
  return best
}

/** Always the most likely next token: fast, but can commit early to a poor sequence. */
export async function greedy(next: NextToken, start: number[], o: DecodeLimits): Promise<Hypothesis> {
  const seq = [...start]
  let logProb = 0
  for (let t = 0; t < o.maxLength; t++) {
    const [lp] = await next([seq])
    const tok = argmax(lp)
    logProb += lp[tok]
    if (tok === o.eos) return done(seq.slice(start.length), logProb, true, 0)
    seq.push(tok)
  }
  return done(seq.slice(start.length), logProb, false, 0)
}

function done(tokens: number[], logProb: number, finished: boolean, alpha: number): Hypothesis {
  const length = tokens.length + (finished ? 1 : 0)
  return { tokens, logProb, score: logProb / Math.max(1, length) ** alpha, finished }
}

/**
 * Keeps the `beamWidth` most likely partial sequences at every step (by summed log-probability);
 * a sequence that emits the end token is set aside. The result is every finished sequence plus
 * the survivors, best first by logProb / L^α (α = lengthPenalty, the course's 0.75 by default, so
 * short answers are not favoured just for having fewer factors). Width 1 is greedy search.
 */
export async function beamSearch(
  next: NextToken,
  start: number[],
  o: DecodeLimits & { beamWidth: number; lengthPenalty?: number },
): Promise<Hypothesis[]> {
  const k = Math.max(1, Math.floor(o.beamWidth))
  const alpha = o.lengthPenalty ?? 0.75
  let beams: { seq: number[]; logProb: number }[] = [{ seq: [...start], logProb: 0 }]
  const finished: Hypothesis[] = []
  for (let t = 0; t < o.maxLength && beams.length && finished.length < k; t++) {
    const rows = await next(beams.map((b) => b.seq))
    const candidates: { from: number; tok: number; logProb: number }[] = []
    rows.forEach((lp, from) => {
      // only a beam's own k best continuations can make the overall top k
      const top = Array.from(lp.keys())
        .sort((a, b) => lp[b] - lp[a])
        .slice(0, k)
      for (const tok of top) candidates.push({ from, tok, logProb: beams[from].logProb + lp[tok] })
    })
    candidates.sort((a, b) => b.logProb - a.logProb)
    const kept: typeof beams = []
    for (const c of candidates.slice(0, k)) {
      const seq = beams[c.from].seq
      if (c.tok === o.eos) finished.push(done(seq.slice(start.length), c.logProb, true, alpha))
      else kept.push({ seq: [...seq, c.tok], logProb: c.logProb })
    }
    beams = kept
  }
  const open = beams.map((b) => done(b.seq.slice(start.length), b.logProb, false, alpha))
  return [...finished, ...open].sort((a, b) => b.score - a.score)
}

/**
 * Draws each next token from softmax(log p / temperature): below 1 sharpens towards the likeliest
 * characters, above 1 flattens towards uniform; 0 is greedy. With `topK`, only the k likeliest
 * tokens can be drawn (their probabilities renormalised), which keeps a rare, garbled token from
 * derailing a long sample; k = 1 is greedy too.
 */
export async function sample(
  next: NextToken,
  start: number[],
  o: DecodeLimits & { temperature: number; rand: Rng; topK?: number },
): Promise<Hypothesis> {
  if (!(o.temperature >= 0)) throw new Error(`temperature must be 0 or more, got ${o.temperature}`)
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 1))
    throw new Error(`top-k must be a whole number of tokens, 1 or more; got ${o.topK}`)
  if (o.temperature === 0 || o.topK === 1) return greedy(next, start, o)
  const seq = [...start]
  let logProb = 0
  for (let t = 0; t < o.maxLength; t++) {
    const [lp] = await next([seq])
    const tok = draw(lp, o.temperature, o.rand, o.topK)
    logProb += lp[tok]
    if (tok === o.eos) return done(seq.slice(start.length), logProb, true, 0)
    seq.push(tok)
  }
  return done(seq.slice(start.length), logProb, false, 0)
}

/**
 * Index drawn from softmax(lp / temperature), computed stably (max subtracted); with `topK`, from
 * the k largest entries only (ties at the k-th value all stay in).
 */
export function draw(lp: Float32Array, temperature: number, rand: Rng, topK?: number): number {
  const scaled = Array.from(lp, (v) => v / temperature)
  const max = Math.max(...scaled)
  const floor = topK !== undefined && topK < scaled.length ? kthLargest(scaled, topK) : -Infinity
  const w = scaled.map((v) => (v >= floor ? Math.exp(v - max) : 0))
  let u = rand() * w.reduce((a, b) => a + b, 0)
  for (let i = 0; i < w.length; i++) {
    u -= w[i]
    if (u < 0) return i
  }
  return w.length - 1
}

function kthLargest(v: number[], k: number): number {
  return [...v].sort((a, b) => b - a)[k - 1]
}
