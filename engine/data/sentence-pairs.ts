import { checkGenerated } from '../budget/data'
import { shuffleAndLimit } from './batches'
import { rng, subSeed, type Rng } from './random'
import type { Dataset, DatasetOptions } from './types'

export const PAIR_SYMBOLS = ['a', 'b', 'c', 'd', 'e', 'f']
/** BERT's layout tokens: <pad> is id 0 so embeddings and attention masks can ignore it. */
export const PAIR_VOCAB = ['<pad>', '[CLS]', '[SEP]', ...PAIR_SYMBOLS]
export const PAIR_PAD = 0
export const CLS = 1
export const SEP = 2
const symbol = (i: number) => 3 + i

/**
 * A sentence-pair classification task for BERT-style models: are two symbol sequences the same
 * multiset (one a reordering of the other)? Each sample uses the course's layout
 *
 *   tokens   = [CLS] a₁ … aₙ [SEP] b₁ … bₘ [SEP] <pad> …
 *   segments =   0   0  …  0   0    1  …  1    1    0   …
 *
 * with x = tokens, moreInputs[0] = segment ids, y = 1 (same multiset) or 0. Half the pairs are
 * shuffles of each other; the rest are shuffles with one symbol changed, so counting (not just
 * comparing lengths or first symbols) is needed. Sequences have 1..L symbols (L = size[0], default 6).
 */
export function sentencePairs(opts: DatasetOptions = {}): Dataset {
  const maxLen = Math.max(1, opts.size?.[0] ?? 6)
  const n = opts.samples ?? 4000
  const len = 2 * maxLen + 3
  checkGenerated('same-multiset', opts, n, (2 * len + 1) * 4, `${len} tokens, ${len} segment ids and a label`)
  const rand = rng(subSeed(opts.seed ?? 0, 'same-multiset'))
  const x = new Int32Array(n * len)
  const seg = new Int32Array(n * len)
  const y = new Int32Array(n)
  for (let s = 0; s < n; s++) {
    const same = s % 2 === 0
    const [a, b] = pair(rand, maxLen, same)
    const row = pairLayout(a, b, len)
    x.set(row.tokens, s * len)
    seg.set(row.segments, s * len)
    y[s] = same ? 1 : 0
  }
  return shuffleAndLimit(
    {
      name: 'same-multiset',
      task: 'classification',
      inputShape: [len],
      inputDtype: 'int32',
      targetShape: [],
      numClasses: 2,
      classNames: ['different', 'same'],
      size: n,
      x,
      xScale: 1,
      y,
      moreInputs: [{ name: 'segments', shape: [len], dtype: 'int32', x: seg }],
      meta: {
        vocab: PAIR_VOCAB,
        padId: PAIR_PAD,
        clsId: CLS,
        sepId: SEP,
        maxLength: maxLen,
        layout: 'sentence-pair',
      },
    },
    opts,
  )
}

/** Token and segment ids of one pair, padded to `len`; a and b are token ids. */
export function pairLayout(a: number[], b: number[], len: number) {
  const tokens = [CLS, ...a, SEP, ...b, SEP]
  if (tokens.length > len)
    throw new Error(
      `a pair of ${a.length} + ${b.length} symbols needs ${tokens.length} positions, the model has ${len}`,
    )
  const segments = tokens.map((_, i) => (i <= a.length + 1 ? 0 : 1))
  const pad = new Array<number>(len - tokens.length).fill(PAIR_PAD)
  return { tokens: [...tokens, ...pad], segments: [...segments, ...pad] }
}

function pair(rand: Rng, maxLen: number, same: boolean): [number[], number[]] {
  const length = 1 + rand.int(maxLen)
  const a = Array.from({ length }, () => symbol(rand.int(PAIR_SYMBOLS.length)))
  const b = a.slice()
  for (let i = b.length - 1; i > 0; i--) {
    const j = rand.int(i + 1)
    ;[b[i], b[j]] = [b[j], b[i]]
  }
  if (!same) {
    const at = rand.int(b.length)
    b[at] = symbol((b[at] - 3 + 1 + rand.int(PAIR_SYMBOLS.length - 1)) % PAIR_SYMBOLS.length)
  }
  return [a, b]
}
