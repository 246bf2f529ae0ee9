/** `deepwire neighbours`: the words nearest a given word in a trained embedding (skip-gram). */
import type { Command } from 'commander'
import { readGraph, whole } from './input'

export function addNeighboursCommand(program: Command): void {
  program
    .command('neighbours <graph>')
    .description(
      "list the words whose trained vectors are nearest a word's (cosine similarity), e.g. after skip-gram",
    )
    .requiredOption('--checkpoint <path>', 'checkpoint file or the --out folder of a training run')
    .requiredOption('--word <word>', 'the word to find neighbours of')
    .option('--k <n>', 'how many neighbours to list', whole('--k'), 5)
    .option('--json', 'machine-readable output')
    .action(async (file: string, o: { checkpoint: string; word: string; k: number; json?: boolean }) => {
      const graph = await readGraph(file)
      const { neighboursFromCheckpoint } = await import('../infer/neighbours')
      const r = await neighboursFromCheckpoint(o.checkpoint, { word: o.word, k: o.k, graph })
      if (o.json) return console.log(JSON.stringify(r))
      console.log(`nearest ${JSON.stringify(r.word)}:`)
      for (const n of r.neighbours) console.log(`  ${n.word.padEnd(16)} ${n.similarity.toFixed(3)}`)
    })
}
