import { readFile } from 'node:fs/promises'
import { TIME_MACHINE } from './text'
import { buildVocab, tokenize, UNK } from './tokenize'

/**
 * The Time Machine as BERT's corpus (the course pretrains on WikiText-2, which is not ours to
 * ship; the same public-domain novel its language-model chapters use stands in). Both the
 * pretraining set and the fine-tuning set read it through here, so their vocabularies — and so
 * the pretrained embedding's rows — are the same token for token.
 */

/** Special tokens first, at the ids sentence-pairs.ts lays out ([CLS] 1, [SEP] 2, padding 0). */
export const BERT_SPECIALS = ['<pad>', '[CLS]', '[SEP]', '[MASK]', UNK] as const
export const MASK = 3
const UNK_ID = 4
/** The first id of an ordinary word: the 10% random replacements are drawn from here up. */
export const FIRST_WORD = BERT_SPECIALS.length
/** The course's vocabulary cut-off for BERT: rarer words become <unk>. */
export const MIN_FREQ = 5
/**
 * Every tenth sentence is held back from pretraining and from fine-tuning's training pairs: the
 * fine-tuned model is validated on pairs anchored on sentences no run has seen.
 */
export const heldOut = (sentence: number) => sentence % 10 === 9

export interface BertCorpus {
  vocab: string[]
  /** Token ids of each sentence, in text order. */
  sentences: number[][]
}

const ENDS = new Set(['.', '!', '?'])

/** Splits word tokens into sentences at '.', '!' and '?'; one-token fragments are dropped. */
export function splitSentences(tokens: string[]): string[][] {
  const out: string[][] = []
  let cur: string[] = []
  for (const t of tokens) {
    cur.push(t)
    if (ENDS.has(t)) {
      if (cur.length > 1) out.push(cur)
      cur = []
    }
  }
  if (cur.length > 1) out.push(cur)
  return out
}

/** Vocabulary (specials, then words seen at least `minFreq` times, most frequent first) and sentence ids. */
export function corpusOf(text: string, minFreq = MIN_FREQ): BertCorpus {
  const tokens = tokenize(text.replace(/\r\n?/g, '\n'), 'word')
  const counts = new Map<string, number>()
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1)
  const words = buildVocab(tokens, 'word').filter((w) => w !== UNK && (counts.get(w) ?? 0) >= minFreq)
  const vocab = [...BERT_SPECIALS, ...words]
  const id = new Map(vocab.map((t, i) => [t, i]))
  const sentences = splitSentences(tokens).map((s) => s.map((t) => id.get(t) ?? UNK_ID))
  return { vocab, sentences }
}

let cached: Promise<BertCorpus> | undefined

/** The shipped Time Machine, read and split once per process. */
export function timeMachineCorpus(): Promise<BertCorpus> {
  // a failed read is not kept: the next call tries the file again
  cached ??= readFile(TIME_MACHINE, 'utf8').then(
    (t) => corpusOf(t),
    (e: unknown) => {
      cached = undefined
      throw e
    },
  )
  return cached
}

/**
 * Shortens a pair in place until [CLS] a [SEP] b [SEP] fits `len` positions, always cutting the
 * longer side's tail (BERT's own truncation), so both sentences keep their beginnings.
 */
export function truncatePair(a: number[], b: number[], len: number): [number[], number[]] {
  const x = a.slice()
  const y = b.slice()
  while (x.length + y.length + 3 > len) (x.length >= y.length ? x : y).pop()
  return [x, y]
}
