/** `deepwire import` (an ONNX model as a graph and its weights) and `deepwire run` (the engine on a NumPy array). */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { CHECKPOINT_FILE } from '../node/run'
import { readGraph } from './input'

export function addModelCommands(program: Command) {
  program
    .command('import <model>')
    .description(
      'import an ONNX model as an editable graph (DIR/graph.json) with its weights (DIR/<name>.dwckpt)',
    )
    .requiredOption('--out <dir>', 'folder for graph.json and the checkpoint')
    .option('--json', 'machine-readable output')
    .action(async (file: string, o: { out: string; json?: boolean }) => {
      const { importModelFile } = await import('../node/import-model')
      const r = await importModelFile(
        async () => {
          const tf = (await import('@tensorflow/tfjs')) as unknown as import('../layers/types').Tf
          const { initBackend } = await import('../backend/select')
          // cpu: importing only builds the model once, to put its weights in the model's order
          await initBackend(tf, 'cpu')
          return tf
        },
        file,
        o.out,
      )
      if (o.json) return console.log(JSON.stringify(r))
      console.log(
        `imported ${r.nodes} nodes (${r.trainableParams.toLocaleString('en')} trainable parameters) into ${r.graph} and ${r.checkpoint}`,
      )
      for (const w of r.warnings) console.log(`note: ${w}`)
    })

  program
    .command('run <graph>')
    .description("run the engine on a NumPy array (.npy, images channels-last) with a checkpoint's weights")
    .requiredOption('--checkpoint <path>', 'checkpoint file or the --out folder of a training run')
    .requiredOption('--input <file.npy>', 'the input batch: [batch, …input shape] or one sample')
    .option('--output <file>', 'write the outputs to this .npy (one output) or .npz; else print them as JSON')
    .action(async (file: string, o: { checkpoint: string; input: string; output?: string }) => {
      const graph = await readGraph(file)
      const tf = (await import('@tensorflow/tfjs')) as unknown as import('../layers/types').Tf
      const { initHostBackend } = await import('../backend/select')
      await initHostBackend(tf)
      let checkpoint = o.checkpoint
      if (existsSync(checkpoint) && statSync(checkpoint).isDirectory())
        checkpoint = path.join(checkpoint, CHECKPOINT_FILE)
      const { runOnArray } = await import('../node/run-array')
      console.log(JSON.stringify(await runOnArray(tf, { ...o, graph, checkpoint })))
    })
}
