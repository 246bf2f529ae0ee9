/**
 * Nearest words in a trained embedding: the words whose vectors point most nearly the same way
 * as a given word's (cosine similarity), the usual way to see what word2vec has learnt.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { admitGraph } from '../budget'
import { uniqueNames } from '../compile/compile'
import { UNK } from '../data/tokenize'
import { CHECKPOINT_FILE, loadCheckpointFile } from '../node/run'
import type { Checkpoint } from '../train/checkpoint'

export interface Neighbour {
  word: string
  /** Cosine similarity with the asked word, in [−1, 1]. */
  similarity: number
}

export interface EmbeddingTable {
  /** vocab.length × dim values, row-major: row i is the vector of vocab[i]. */
  matrix: Float32Array
  dim: number
  vocab: string[]
}

/**
 * The k words most similar to `word` by cosine, most similar first (ties by vocabulary order).
 * The word itself and <unk> (not a word, and never trained by skip-gram) are left out.
 */
export function nearestWords(table: EmbeddingTable, word: string, k = 5): Neighbour[] {
  const { matrix, dim, vocab } = table
  if (matrix.length !== vocab.length * dim)
    throw new Error(
      `the embedding holds ${matrix.length} values, not ${vocab.length} words × ${dim} dimensions`,
    )
  const at = vocab.indexOf(word)
  if (at < 0 || word === UNK)
    throw new Error(
      `the word ${JSON.stringify(word)} is not in the model's vocabulary of ${vocab.length} words`,
    )
  const norm = (i: number) => {
    let s = 0
    for (let j = 0; j < dim; j++) s += matrix[i * dim + j] ** 2
    return Math.sqrt(s)
  }
  const q = norm(at)
  const scored: Neighbour[] = []
  vocab.forEach((w, i) => {
    if (i === at || w === UNK) return
    let dot = 0
    for (let j = 0; j < dim; j++) dot += matrix[at * dim + j] * matrix[i * dim + j]
    // a zero vector points nowhere: it is unlike everything
    const d = q * norm(i)
    scored.push({ word: w, similarity: d > 0 ? Math.max(-1, Math.min(1, dot / d)) : 0 })
  })
  return scored.sort((a, b) => b.similarity - a.similarity).slice(0, Math.max(0, k))
}

/**
 * The word vectors of a trained model: the table of the Embedding that the graph's first Input
 * (the center word, in skip-gram) feeds, with the vocabulary saved in the checkpoint.
 */
export function embeddingOf(ckpt: Checkpoint, graph?: unknown): EmbeddingTable {
  const vocab = ckpt.meta.dataset?.vocab
  if (!vocab?.length)
    throw new Error(
      'this checkpoint records no vocabulary: it was not trained on words (train a word dataset such as time-machine-skipgram)',
    )
  const { analysis } = admitGraph(graph ?? ckpt.meta.graph)
  const first = analysis.inputs[0]
  const node = analysis.order.find((n) => n.type === 'Embedding' && n.inputs.includes(first))
  if (!node)
    throw new Error(
      `the graph has no Embedding fed by its first Input '${first}': nothing holds word vectors`,
    )
  const name = `${uniqueNames(analysis.order.map((n) => n.id)).get(node.id)}/embeddings`
  const i = ckpt.meta.weights.findIndex((w) => w.name === name)
  if (i < 0)
    throw new Error(
      `the checkpoint has no weights for Embedding '${node.id}': was it trained with this graph?`,
    )
  const [rows, dim] = ckpt.meta.weights[i].shape
  if (rows !== vocab.length)
    throw new Error(
      `Embedding '${node.id}' has ${rows} rows but the checkpoint's vocabulary has ${vocab.length} words`,
    )
  return { matrix: ckpt.weights[i], dim, vocab }
}

/** `deepwire neighbours` in one call: a checkpoint file or a run's folder, a word, k. */
export async function neighboursFromCheckpoint(
  checkpoint: string,
  o: { word: string; k?: number; graph?: unknown },
): Promise<{ word: string; neighbours: Neighbour[] }> {
  const file =
    existsSync(checkpoint) && statSync(checkpoint).isDirectory()
      ? path.join(checkpoint, CHECKPOINT_FILE)
      : checkpoint
  const table = embeddingOf(await loadCheckpointFile(file), o.graph)
  const word = o.word.trim().toLowerCase()
  return { word, neighbours: nearestWords(table, word, o.k) }
}
