import type { Dataset, Task } from '../data/types'
import type { TokenizerKind } from '../data/tokenize'

/**
 * What a checkpoint keeps of its dataset so the model can be used without it: the vocabulary and
 * tokeniser (a prompt must be encoded exactly as the training text was), the special token ids and
 * the sample layout that tells prediction how to feed the model.
 */
export interface SavedDataset {
  name: string
  task: Task
  inputShape: number[]
  targetShape: number[]
  classNames?: string[]
  /** 'language-model' | 'answer-after-eos' | 'encoder-decoder' | 'sentence-pair' */
  layout?: string
  vocab?: string[]
  tokenizer?: TokenizerKind
  padId?: number
  bosId?: number
  eosId?: number
  clsId?: number
  sepId?: number
  /** Names and shapes of the inputs after the first (decoder tokens, segments). */
  moreInputs?: { name: string; shape: number[] }[]
}

const KEYS = ['layout', 'vocab', 'tokenizer', 'padId', 'bosId', 'eosId', 'clsId', 'sepId'] as const

export function savedDataset(ds: Dataset): SavedDataset {
  const out: SavedDataset = {
    name: ds.name,
    task: ds.task,
    inputShape: ds.inputShape,
    targetShape: ds.targetShape,
  }
  if (ds.classNames && ds.classNames.length <= 1000) out.classNames = ds.classNames
  const meta = ds.meta ?? {}
  for (const k of KEYS) if (meta[k] !== undefined) Object.assign(out, { [k]: meta[k] })
  if (ds.moreInputs?.length) out.moreInputs = ds.moreInputs.map((m) => ({ name: m.name, shape: m.shape }))
  return out
}
