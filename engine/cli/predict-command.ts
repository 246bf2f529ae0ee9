/**
 * `deepwire predict`: a trained sequence model on text (continue, translate, classify a pair), or
 * a detector on an image (boxes as JSON).
 */
import { Option, type Command } from 'commander'
import { BACKENDS } from '../protocol'
import { num, readGraph, whole } from './input'

export function addPredictCommand(program: Command): void {
  program
    .command('predict <graph>')
    .description(
      'run a trained sequence model on text (continue it, translate it, or classify a pair), or a detector on an image (boxes as JSON)',
    )
    .requiredOption('--checkpoint <path>', 'checkpoint file or the --out folder of a training run')
    .requiredOption(
      '--input <text>',
      'prompt, source sequence, "a|b" for a sentence pair, or an image for a detector',
    )
    .option('--nms <iou>', 'detectors: IoU above which non-maximum suppression drops a box', num, 0.5)
    .option('--min-score <p>', 'detectors: list boxes at least this confident', num, 0.5)
    .option('--beam <n>', 'beam width for encoder–decoder models (1 = greedy)', whole('--beam'), 1)
    .option('--temperature <t>', 'sampling temperature for language models (0 = greedy)', num, 1)
    .option('--top-k <k>', 'language models: sample only from the k likeliest tokens', whole('--top-k'))
    .option('--length <n>', 'tokens to generate for language models', whole('--length'))
    .option('--seed <n>', 'sampling seed', whole('--seed', 0), 0)
    .option('--reference <text>', "encoder–decoder models: the expected answer, scored by the course's BLEU")
    .addOption(new Option('--backend <name>', 'compute backend').choices(BACKENDS).default('auto'))
    .option('--json', 'machine-readable output')
    .action(
      async (
        file: string,
        o: {
          checkpoint: string
          input: string
          beam: number
          temperature: number
          topK?: number
          length?: number
          seed: number
          nms: number
          minScore: number
          reference?: string
          backend: (typeof BACKENDS)[number]
          json?: boolean
        },
      ) => {
        const graph = await readGraph(file)
        const { predictFromCheckpoint } = await import('../infer/run')
        const r = await predictFromCheckpoint(o.checkpoint, { ...o, graph })
        if (o.json) return console.log(JSON.stringify(r))
        if (r.boxes) return console.log(JSON.stringify(r.boxes, null, 2))
        if (r.layout === 'language-model') console.log(r.input + r.output)
        else console.log(r.output)
        if (r.bleu !== undefined)
          console.log(`BLEU ${r.bleu.toFixed(3)} against ${JSON.stringify(o.reference)}`)
        for (const c of r.candidates ?? [])
          console.log(`  ${c.text.padEnd(24)} log p ${c.logProb.toFixed(3)}  score ${c.score.toFixed(3)}`)
        for (const c of r.probabilities ?? []) console.log(`  ${c.label.padEnd(12)} ${c.p.toFixed(3)}`)
      },
    )
}
