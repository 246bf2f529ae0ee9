/**
 * `deepwire stylize`: neural style transfer with any image network as the feature extractor (a
 * preset trained with `deepwire train --out`, or a model brought in with `deepwire import`).
 * Prints the losses as it goes and writes the result as a PNG, atomically.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { Option, type Command } from 'commander'
import { admitGraph } from '../budget'
import { quote } from '../budget/untrusted'
import { BACKENDS } from '../protocol'
import { CliError, positive, readGraph, whole } from './input'

/** Largest side the CLI synthesises: each step runs the network forward and backward at this size. */
const MAX_SIDE = 2048

/** `--size 320x240`: width × height, as image tools write it. */
export function parseSize(v: string): [number, number] {
  const m = /^(\d+)[x×](\d+)$/i.exec(v.trim())
  const [w, h] = m ? [Number(m[1]), Number(m[2])] : [0, 0]
  if (!m || w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE)
    throw new CliError(
      `--size takes WIDTHxHEIGHT with sides from 1 to ${MAX_SIDE}, such as 256x192, not ${quote(v)}`,
    )
  return [h, w]
}

const list = (option: string) => (v: string) => {
  const items = v.split(',').map((s) => s.trim())
  if (items.some((s) => !s))
    throw new CliError(`${option} takes a comma-separated list without empty items, not ${quote(v)}`)
  return items
}

const numbers = (option: string) => (v: string) =>
  list(option)(v).map((s) => {
    const n = Number(s)
    if (!Number.isFinite(n) || n < 0) throw new CliError(`${option} takes numbers from 0 up, not ${quote(s)}`)
    return n
  })

const nonNegative = (option: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new CliError(`${option} takes a number from 0 up, not ${quote(v)}`)
  return n
}

interface StylizeCliOptions {
  graph?: string
  checkpoint?: string
  content: string
  style: string
  out: string
  steps?: number
  size?: [number, number]
  contentLayer?: string
  styleLayers?: string[]
  styleWeights?: number[]
  contentWeight?: number
  styleWeight?: number
  tvWeight?: number
  lr?: number
  normalize: 'none' | 'imagenet'
  previewEvery?: number
  seed: number
  backend: (typeof BACKENDS)[number]
  json?: boolean
}

export function addStylizeCommand(program: Command) {
  program
    .command('stylize')
    .description(
      "neural style transfer: repaint the content image in the style image's textures, optimising the image through a network's features",
    )
    .option('--graph <file>', "the feature network's graph (default: the checkpoint's own)")
    .option('--checkpoint <path>', 'its weights: a checkpoint file or the --out folder of a training run')
    .requiredOption('--content <image>', 'PNG or JPEG whose layout is kept')
    .requiredOption('--style <image>', 'PNG or JPEG whose textures and colours are taken')
    .requiredOption('--out <file.png>', 'where the result is written')
    .option('--steps <n>', 'optimisation steps (default 200)', whole('--steps'))
    .option('--size <WxH>', 'image size (default: the content image, longest side at most 256)', parseSize)
    .option('--content-layer <id>', 'layer whose features the content loss compares')
    .option('--style-layers <ids>', 'comma-separated layers whose Gram matrices the style loss compares')
    .option(
      '--style-weights <list>',
      'one weight per style layer (default 1 each)',
      numbers('--style-weights'),
    )
    .option('--content-weight <x>', 'content loss weight (default 1)', nonNegative('--content-weight'))
    .option('--style-weight <x>', 'style loss weight (default 1000)', nonNegative('--style-weight'))
    .option('--tv-weight <x>', 'total-variation loss weight (default 10)', nonNegative('--tv-weight'))
    .option('--lr <x>', 'Adam learning rate (default 0.3, ×0.8 every 50 steps)', positive('--lr'))
    .addOption(
      new Option(
        '--normalize <kind>',
        "the network's input: [0, 1] pixels, or ImageNet-standardised (torchvision)",
      )
        .choices(['none', 'imagenet'])
        .default('none'),
    )
    .option(
      '--preview-every <n>',
      'also rewrite --out every N steps, to watch the image form',
      whole('--preview-every'),
    )
    .option('--seed <n>', 'seed of the initial weights when no checkpoint is given', whole('--seed', 0), 42)
    .addOption(new Option('--backend <name>', 'compute backend').choices(BACKENDS).default('auto'))
    .option('--json', 'one JSON object per step, then one for the result')
    .action(async (o: StylizeCliOptions) => {
      o.styleLayers = o.styleLayers && list('--style-layers')(o.styleLayers as unknown as string)
      await runStylize(o)
    })
}

async function runStylize(o: StylizeCliOptions) {
  if (!o.graph && !o.checkpoint)
    throw new CliError('stylize needs a feature network: give --graph, --checkpoint or both')
  if (path.extname(o.out).toLowerCase() !== '.png')
    throw new CliError(`--out must name a .png file, not ${quote(o.out)}`)
  const { loadCheckpointFile, CHECKPOINT_FILE } = await import('../node/run')
  const { readImage } = await import('../data/images')
  const { stylize } = await import('../stylize/run')
  const { encodePng } = await import('../stylize/images')
  const { writeFileAtomic } = await import('../node/atomic')
  let checkpoint = undefined
  if (o.checkpoint) {
    const file =
      existsSync(o.checkpoint) && statSync(o.checkpoint).isDirectory()
        ? path.join(o.checkpoint, CHECKPOINT_FILE)
        : o.checkpoint
    checkpoint = await loadCheckpointFile(file).catch((e: Error) => {
      throw new CliError(e.message)
    })
  }
  const graph = o.graph ? await readGraph(o.graph) : checkpoint!.meta.graph
  const { analysis } = admitGraph(graph, o.graph ?? `${o.checkpoint}'s graph`)
  const [content, style] = await Promise.all([readImage(o.content), readImage(o.style)]).catch((e: Error) => {
    throw new CliError(e.message)
  })
  const tf = await import('@tensorflow/tfjs')
  const { initBackend } = await import('../backend/select')
  const backend = await initBackend(tf, o.backend)
  if (!o.json) {
    if (!checkpoint) console.error('note: no --checkpoint: the network keeps its random initial weights')
    console.error(`stylizing on ${backend.detail || backend.name}`)
  }
  // Ctrl-C ends the optimisation early and still writes the image so far
  let interrupted = false
  process.once('SIGINT', () => (interrupted = true))
  const t0 = performance.now()
  // previews are written one after another, so an older one never lands over a newer one
  let writing = Promise.resolve()
  const r = await stylize(
    tf,
    {
      analysis,
      checkpoint,
      content,
      style,
      size: o.size,
      contentLayer: o.contentLayer,
      styleLayers: o.styleLayers,
      styleLayerWeights: o.styleWeights,
      steps: o.steps,
      contentWeight: o.contentWeight,
      styleWeight: o.styleWeight,
      tvWeight: o.tvWeight,
      lr: o.lr,
      normalize: o.normalize,
      seed: o.seed,
    },
    {
      onStep: (l) => {
        if (o.json) console.log(JSON.stringify(l))
        else if (l.step === 1 || l.step % 10 === 0)
          console.log(
            `step ${String(l.step).padStart(4)}  content ${l.content.toExponential(3)}  style ${l.style.toExponential(3)}  tv ${l.tv.toExponential(3)}  total ${l.total.toExponential(3)}`,
          )
      },
      previewEvery: o.previewEvery,
      stopped: () => interrupted,
      onPreview: (img) => {
        const png = encodePng(img.data, img.height, img.width, img.channels)
        writing = writing.then(() => writeFileAtomic(o.out, png))
      },
    },
  )
  await writing
  await writeFileAtomic(o.out, encodePng(r.data, r.height, r.width, r.channels))
  const seconds = (performance.now() - t0) / 1000
  if (o.json)
    return console.log(
      JSON.stringify({
        out: o.out,
        width: r.width,
        height: r.height,
        layers: r.layers,
        first: r.first,
        last: r.last,
        seconds,
        backend: backend.name,
      }),
    )
  console.log(
    `content layer ${r.layers.content}; style layers ${r.layers.style.join(', ')}; total loss ${r.first.total.toExponential(3)} → ${r.last.total.toExponential(3)} in ${r.last.step} steps (${seconds.toFixed(1)} s)`,
  )
  console.log(`wrote ${r.width}×${r.height} ${o.out}`)
}
