/**
 * Tokenisers for text data and for prompts at prediction time. The vocabulary is built from the
 * training text, stored in the dataset's meta and saved in every checkpoint, so a prompt is
 * encoded exactly as the training text was.
 */
/**
 * 'letters' is the course's character setup for its recurrent chapter: every run of non-letters
 * becomes one space, lines are trimmed, lower-cased and joined without a break, leaving 26 letters
 * and the space (plus <unk>: a 28-token vocabulary).
 */
export type TokenizerKind = 'char' | 'word' | 'letters'

/** Word vocabularies start with this token; unseen words in a prompt map to it. */
export const UNK = '<unk>'

// words (with inner apostrophes: don't, time-traveller's) and single punctuation marks
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu

/** Characters are code points; words are lower-cased, punctuation marks are tokens of their own. */
export function tokenize(text: string, kind: TokenizerKind): string[] {
  if (kind === 'char') return Array.from(text)
  if (kind === 'letters')
    return Array.from(
      text
        .split('\n')
        .map((l) =>
          l
            .replace(/[^A-Za-z]+/g, ' ')
            .trim()
            .toLowerCase(),
        )
        .join(''),
    )
  return Array.from(text.toLowerCase().matchAll(WORD), (m) => m[0])
}

/**
 * Characters: every distinct one, sorted (the same text always gives the same ids). Words and the
 * course's letters: <unk> first, then by falling frequency, ties alphabetical (the course's Vocab
 * order), so the common tokens get small ids.
 *
 * `minFreq` is the course's `min_freq`: a token seen fewer times than it is left out of the
 * vocabulary and read as <unk>, which keeps a word vocabulary from spending an output class on
 * every word the text uses once. A character vocabulary gains <unk> (first) only when something
 * was left out, so the default keeps its ids.
 */
export function buildVocab(tokens: string[], kind: TokenizerKind, minFreq = 1): string[] {
  const counts = tokenCounts(tokens)
  const kept = (t: string) => (counts.get(t) ?? 0) >= minFreq
  if (kind === 'char') {
    const chars = [...counts.keys()].sort()
    const common = chars.filter(kept)
    return common.length < chars.length ? [UNK, ...common.filter((c) => c !== UNK)] : chars
  }
  counts.delete(UNK)
  const words = [...counts]
    .filter(([, n]) => n >= minFreq)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return [UNK, ...words.map(([w]) => w)]
}

/** How many times each token occurs. */
export function tokenCounts(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1)
  return counts
}

/** Token ids of `text`; a character the vocabulary lacks is an error naming it, a word becomes <unk>. */
export function encode(text: string, vocab: string[], kind: TokenizerKind): number[] {
  const id = new Map(vocab.map((t, i) => [t, i]))
  const unk = id.get(UNK)
  return tokenize(text, kind).map((t) => {
    const i = id.get(t) ?? unk
    if (i === undefined)
      throw new Error(
        `the character ${JSON.stringify(t)} is not in the model's vocabulary of ${vocab.length} characters (the training text never used it)`,
      )
    return i
  })
}

const NO_SPACE_BEFORE = /^[.,;:!?)\]}'’]$/

/** Text of token ids: characters joined as they are, words with spaces (none before punctuation). */
export function detokenize(ids: ArrayLike<number>, vocab: string[], kind: TokenizerKind): string {
  const tokens = Array.from(ids, (i) => vocab[i] ?? UNK)
  if (kind !== 'word') return tokens.join('')
  let s = ''
  for (const t of tokens) s += s && !NO_SPACE_BEFORE.test(t) ? ' ' + t : t
  return s
}
