/**
 * The `deepwire` command: inspect, train and benchmark graph files from a terminal. Errors are
 * one line on stderr and exit code 1 (`--debug` adds the stack).
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, Option } from 'commander'
import { listDatasets } from './data/registry'
import type { Analysis } from './graph/analyze'
import { formatIssue, formatIssues } from './graph/issues'
import { parseGraph } from './graph/parse'
import { OPTIMIZERS, SPLITS } from './graph/schema'
import { BACKENDS, EXPORT_FORMATS, type Confusion, type TrainEvent } from './protocol'
import { runExport, startTraining } from './node/host'
import { formatConfusion } from './node/confusion-text'
import { CHECKPOINT_FILE } from './node/run'
import { listPresets } from './node/presets'
import { progressPrinter } from './node/progress'
import { startWebServer } from './node/server'
import { admitGraph, GraphRefusal } from './budget'
import { exportRefusal } from './budget/export-size'
import { quote } from './budget/untrusted'
import { CliError, positive, readAdmitted, readGraph, whole } from './cli/input'
import { crossValidate } from './cli/folds'
import { parseNormalize, type NormalizeSetting } from './data/normalize'
import { addFinetuneCommand, checkpointIn } from './cli/finetune-command'
import { addModelCommands } from './cli/model-commands'
import { addNeighboursCommand } from './cli/neighbours-command'
import { addPredictCommand } from './cli/predict-command'
import { addStylizeCommand } from './cli/stylize-command'
import { presetTable } from './cli/preset-table'

const program = new Command('deepwire')
  .description('Build, train and export neural networks (Deepwire engine)')
  .option('--debug', 'show stack traces on errors')

program
  .command('info <graph>')
  .description('validate a graph and print per-node output shapes and parameter counts')
  .option('--json', 'machine-readable output')
  .action(async (file: string, o: { json?: boolean }) => {
    let a: Analysis
    try {
      a = admitGraph(await readGraph(file), file).analysis
    } catch (e) {
      if (!(e instanceof GraphRefusal)) throw e
      const errors = e.issues
      if (o.json)
        console.log(
          JSON.stringify({
            ok: false,
            errors: errors.map((e) => ({ nodeId: e.nodeId ?? null, message: formatIssue(e) })),
          }),
        )
      else for (const line of formatIssues(errors)) console.error(line)
      process.exitCode = 1
      return
    }
    const types = new Map(a.flat.nodes.map((n) => [n.id, n.type]))
    const nodes = [...a.summary].map(([id, s]) => ({
      id,
      type: types.get(id) ?? 'Block',
      outputShape: s.outputShape,
      trainableParams: s.trainableParams,
    }))
    const total = a.totals.trainableParams + a.totals.stateParams
    if (o.json) {
      console.log(
        JSON.stringify({
          ok: true,
          trainableParams: a.totals.trainableParams,
          frozenParams: a.totals.frozenParams,
          totalParams: total,
          macs: a.totals.macs,
          nodes,
        }),
      )
      return
    }
    for (const n of nodes)
      console.log(
        `${n.id.padEnd(20)} ${n.type.padEnd(16)} ${JSON.stringify(n.outputShape).padEnd(18)} ${n.trainableParams.toLocaleString('en')}`,
      )
    console.log(
      `trainable parameters: ${a.totals.trainableParams.toLocaleString('en')}${a.totals.frozenParams ? `, frozen ${a.totals.frozenParams.toLocaleString('en')}` : ''} (total ${total.toLocaleString('en')})`,
    )
  })

program
  .command('train <graph>')
  .description('train a graph on its dataset (or --dataset) in a worker thread')
  .option('--dataset <name>', 'dataset name (see `deepwire datasets`)')
  .option('--data-path <path>', 'file or folder for csv/images/idx/text datasets')
  .option(
    '--normalize <stats>',
    "images: per-channel (x − mean) / std, 'imagenet' or 'm1,m2,m3/s1,s2,s3'",
    (v) => {
      const s = parseNormalize(v)
      if (!s)
        throw new CliError(
          `--normalize takes 'imagenet' or means and stds such as 0.5,0.5,0.5/0.25,0.25,0.25, not ${quote(v)}`,
        )
      return s
    },
  )
  .option('--epochs <n>', 'epochs', whole('--epochs'))
  .option('--limit <n>', 'use only the first N samples', whole('--limit'))
  .option('--batch-size <n>', 'batch size', whole('--batch-size'))
  .option('--lr <x>', 'learning rate', positive('--lr'))
  .option('--optimizer <name>', OPTIMIZERS.join(' | '))
  .addOption(
    new Option('--split <kind>', "validate on the dataset's official test set, or hold out a share").choices(
      SPLITS,
    ),
  )
  .option('--seed <n>', 'random seed', whole('--seed', 0))
  .option(
    '--workers <n|auto>',
    'threads training data-parallel (auto: the cores, at most 4, on wasm)',
    (v) => {
      if (v === 'auto') return v
      const n = Number(v)
      if (!Number.isInteger(n) || n < 1 || n > 16)
        throw new CliError(`--workers takes a whole number from 1 to 16 or 'auto', not ${quote(v)}`)
      return n
    },
  )
  .addOption(new Option('--backend <name>', 'compute backend').choices(BACKENDS).default('auto'))
  .option('--out <dir>', 'write a checkpoint after every epoch to this folder')
  .option('--resume <file>', 'resume from a checkpoint file')
  .option(
    '--folds <k>',
    'k-fold cross-validation: K runs, each validating on one fold; mean ± std per metric',
    whole('--folds', 2),
  )
  .option(
    '--init-from <path>',
    "start from a checkpoint's weights (a file, a run's --out folder or an import's folder), matched by node name and shape; fresh optimizer, epoch 0",
  )
  .option('--json', 'one JSON object per epoch on stdout')
  .action(async (file: string, o: Record<string, string | number | boolean | undefined>) => {
    const graph = await readAdmitted(file, o.resume as string | undefined)
    const parsed = parseGraph(graph)
    if (!parsed.ok) throw new CliError(formatIssues(parsed.errors).join('\n'))
    const ds = parsed.doc.training.dataset
    const overrides: Record<string, unknown> = {}
    if (o.dataset || o.limit || o.dataPath || o.normalize)
      overrides.dataset = {
        ...(o.dataset && o.dataset !== ds.name ? { name: o.dataset } : ds),
        ...(o.limit ? { limit: o.limit } : {}),
        ...(o.dataPath ? { path: o.dataPath } : {}),
        // --normalize's parser gives the parsed statistics, not the string
        ...(o.normalize ? { normalize: o.normalize as unknown as NormalizeSetting } : {}),
      }
    if (o.epochs !== undefined) overrides.epochs = o.epochs
    if (o.batchSize !== undefined) overrides.batchSize = o.batchSize
    if (o.seed !== undefined) overrides.seed = o.seed
    if (o.split !== undefined) overrides.split = o.split
    if (o.workers !== undefined) overrides.workers = o.workers
    if (o.lr || o.optimizer)
      overrides.optimizer = {
        ...parsed.doc.training.optimizer,
        ...(o.lr ? { lr: o.lr } : {}),
        ...(o.optimizer ? { type: o.optimizer } : {}),
      }
    const folds = (o.folds as number | undefined) ?? parsed.doc.training.folds
    if (folds !== undefined && o.resume)
      throw new CliError('--folds cannot resume a checkpoint: start the folds afresh')
    const runOnce = async (more: Record<string, unknown>, outDir: string | undefined) => {
      let backend = ''
      let confusion: Confusion | undefined
      let lastEpoch: Extract<TrainEvent, { type: 'epoch-end' }> | undefined
      const progress = progressPrinter()
      const handle = startTraining(
        {
          graph,
          overrides: { ...overrides, ...more },
          backend: o.backend as (typeof BACKENDS)[number],
          outDir,
          resumeFrom: o.resume as string | undefined,
          initFrom: o.initFrom ? checkpointIn(o.initFrom as string) : undefined,
        },
        (e: TrainEvent) => {
          if (e.type === 'run-started') backend = e.backend
          if (e.type === 'epoch-end') {
            confusion = e.confusion
            lastEpoch = e
          }
          if (!o.json || e.type !== 'batch-end') progress(e)
          if (o.json && e.type === 'epoch-end')
            console.log(
              JSON.stringify({
                ...(more.fold !== undefined ? { fold: more.fold } : {}),
                epoch: e.epoch,
                loss: e.loss,
                valLoss: e.valLoss,
                metrics: e.metrics,
                valMetrics: e.valMetrics,
                samplesPerSec: e.samplesPerSec,
                backend,
              }),
            )
        },
      )
      const onInt = () => handle.stop()
      process.once('SIGINT', onInt)
      const last = await handle.done
      process.off('SIGINT', onInt)
      if (last.type === 'failed') throw new CliError(last.message)
      if (confusion && !o.json && folds === undefined) console.log(formatConfusion(confusion))
      return lastEpoch
    }
    const out = o.out as string | undefined
    if (folds === undefined) await runOnce({}, out)
    else
      await crossValidate(
        folds,
        (fold) => runOnce({ folds, fold }, out && path.join(out, `fold-${fold + 1}`)),
        !!o.json,
      )
    // a run without --out keeps nothing: say so while the user can still choose
    if (!out && !o.json) console.error('no checkpoint was written: add --out DIR to keep the trained weights')
  })

program
  .command('bench <graph>')
  .description('measure training throughput (samples/s) after a warm-up')
  .option('--batch-size <n>', 'batch size', whole('--batch-size'), 256)
  .option('--steps <n>', 'timed steps', whole('--steps'), 20)
  .option('--warmup <n>', 'untimed steps first', whole('--warmup', 0), 3)
  .addOption(new Option('--backend <name>', 'compute backend').choices(BACKENDS).default('auto'))
  .option('--json', 'machine-readable output')
  .action(
    async (
      file: string,
      o: {
        batchSize: number
        steps: number
        warmup: number
        backend: (typeof BACKENDS)[number]
        json?: boolean
      },
    ) => {
      const graph = await readAdmitted(file)
      let backend = ''
      let detail = ''
      let t0 = 0
      let samples = 0
      let step = 0
      const handle = startTraining(
        {
          graph,
          backend: o.backend,
          overrides: { batchSize: o.batchSize, epochs: 1000, split: 'holdout', validationSplit: 0 },
          maxBatches: o.warmup + o.steps,
        },
        (e) => {
          if (e.type === 'run-started') ({ backend, backendDetail: detail } = e)
          if (e.type !== 'batch-end') return
          step++
          if (step === o.warmup) t0 = performance.now()
          else if (step > o.warmup) samples += o.batchSize
        },
      )
      const last = await handle.done
      if (last.type === 'failed') throw new CliError(last.message)
      const samplesPerSec = samples / ((performance.now() - t0) / 1000)
      if (o.json)
        console.log(
          JSON.stringify({
            samplesPerSec,
            backend,
            backendDetail: detail,
            batchSize: o.batchSize,
            steps: o.steps,
          }),
        )
      else
        console.log(
          `${Math.round(samplesPerSec)} samples/s on ${detail || backend} (batch ${o.batchSize}, ${o.steps} steps)`,
        )
    },
  )

program
  .command('devices')
  .description('list the compute backends and GPU adapters, which one auto picks, and why others are skipped')
  .option('--json', 'machine-readable output')
  .action(async (o: { json?: boolean }) => {
    const { formatDevices, listDevices } = await import('./backend/devices')
    const r = await listDevices()
    console.log(o.json ? JSON.stringify(r) : formatDevices(r))
  })

program
  .command('datasets')
  .description('list the datasets')
  .option('--json', 'machine-readable output')
  .action((o: { json?: boolean }) => {
    const list = listDatasets()
    if (o.json) console.log(JSON.stringify(list))
    else for (const d of list) console.log(`${d.name.padEnd(16)} ${d.task.padEnd(16)} ${d.description}`)
  })

program
  .command('presets')
  .description('list the preset architectures')
  .option('--json', 'machine-readable output')
  .action(async (o: { json?: boolean }) => {
    const list = await listPresets()
    if (o.json) console.log(JSON.stringify(list))
    else console.log(presetTable(list))
  })

program
  .command('export <graph>')
  .description('export a graph (with trained weights from a checkpoint) to ONNX, PyTorch or tfjs')
  .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).makeOptionMandatory())
  .requiredOption('--out <path>', 'the .onnx file, or the folder for PyTorch / tfjs')
  .option('--checkpoint <path>', 'checkpoint file or the --out folder of a training run')
  .option('--data', 'PyTorch: also write data.npz with the dataset for train.py')
  .option('--json', 'machine-readable output')
  .action(
    async (
      file: string,
      o: {
        format: (typeof EXPORT_FORMATS)[number]
        out: string
        checkpoint?: string
        data?: boolean
        json?: boolean
      },
    ) => {
      const graph = await readGraph(file)
      const tooBig = exportRefusal(admitGraph(graph, file).analysis, o.format)
      if (tooBig) throw new CliError(tooBig)
      let checkpoint = o.checkpoint
      if (checkpoint && existsSync(checkpoint) && statSync(checkpoint).isDirectory())
        checkpoint = path.join(checkpoint, CHECKPOINT_FILE)
      const r = await runExport({ graph, format: o.format, out: o.out, checkpoint, data: o.data })
      if (o.json) return console.log(JSON.stringify(r))
      console.log(
        `${r.format} export written to ${r.path}${r.trained ? '' : ' (untrained initial weights: pass --checkpoint)'}`,
      )
      if (r.parity)
        console.log(
          `onnxruntime vs engine: max difference ${r.parity.maxDiff.toExponential(2)}; one batch takes ${r.parity.latencyMs.toFixed(2)} ms in onnxruntime, ${r.parity.engineLatencyMs.toFixed(2)} ms in the engine`,
        )
      if (r.parity?.gpuLatencyMs !== undefined)
        console.log(
          `onnxruntime on the GPU (WebGPU): ${r.parity.gpuLatencyMs.toFixed(2)} ms a batch, max difference ${r.parity.gpuMaxDiff!.toExponential(2)}`,
        )
      else if (r.parity?.gpuNote) console.log(`note: onnxruntime ${r.parity.gpuNote}`)
      for (const w of r.warnings) console.log(`note: ${w}`)
    },
  )

addModelCommands(program)
addStylizeCommand(program)
addFinetuneCommand(program)

addPredictCommand(program)
addNeighboursCommand(program)

program
  .command('serve')
  .description('run the app in web mode: the built UI and the engine on 127.0.0.1')
  .option('--port <n>', 'port (default: any free port)', whole('--port', 0))
  .option('--data-dir <dir>', 'folder for projects, run checkpoints and exports (default ~/Deepwire)')
  .action(async (o: { port?: number; dataDir?: string }) => {
    const staticDir = fileURLToPath(new URL('../out/renderer', import.meta.url))
    if (!existsSync(path.join(staticDir, 'index.html')))
      throw new CliError('the UI is not built yet: run `npm run build` first')
    const server = await startWebServer({ staticDir, port: o.port, dataDir: o.dataDir })
    console.log(`Deepwire is running at ${server.url}`)
    const stop = () => void server.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })

try {
  await program.parseAsync(process.argv)
} catch (e) {
  if (program.opts().debug) console.error(e)
  else console.error(`deepwire: ${e instanceof Error ? e.message : String(e)}`)
  process.exitCode = 1
}
