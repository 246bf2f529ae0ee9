/**
 * A style transfer for the app, run in the engine's process: the images and the feature network
 * (the graph, with a run's checkpoint when there is one) are loaded here, each step's losses and
 * a PNG preview every few steps go back as events, and the result is written atomically.
 */
import type * as tfTypes from '@tensorflow/tfjs'
import { admitGraph } from '../budget'
import { readImage } from '../data/images'
import type { StylizedResult, StylizeRequest, TrainEvent } from '../protocol'
import { stylizeRequestSchema } from '../protocol'
import { defaultSize, encodePng } from '../stylize/images'
import { stylize } from '../stylize/run'
import type { Control } from '../train/loop'
import { writeFileAtomic } from './atomic'
import { loadCheckpointFile } from './run'

const base64 = (png: Uint8Array) => Buffer.from(png).toString('base64')

export async function executeStylize(
  tf: typeof tfTypes,
  raw: StylizeRequest,
  emit: (e: TrainEvent) => void,
  control: Pick<Control, 'stopRequested'>,
): Promise<StylizedResult> {
  const r = stylizeRequestSchema.parse(raw)
  const { analysis } = admitGraph(r.graph)
  const [content, style] = await Promise.all([readImage(r.content), readImage(r.style)])
  const checkpoint = r.checkpoint ? await loadCheckpointFile(r.checkpoint) : undefined
  const result = await stylize(
    tf,
    {
      analysis,
      checkpoint,
      content,
      style,
      size: defaultSize(content, r.size),
      steps: r.steps,
      contentWeight: r.contentWeight,
      styleWeight: r.styleWeight,
      tvWeight: r.tvWeight,
    },
    {
      onStep: (losses) => emit({ type: 'stylize-step', losses }),
      previewEvery: r.previewEvery,
      onPreview: (img, step) =>
        emit({
          type: 'stylize-preview',
          step,
          png: base64(encodePng(img.data, img.height, img.width, img.channels)),
        }),
      stopped: () => control.stopRequested,
    },
  )
  await writeFileAtomic(r.out, encodePng(result.data, result.height, result.width, result.channels))
  return {
    path: r.out,
    width: result.width,
    height: result.height,
    steps: result.last.step,
    stopped: result.last.step < r.steps,
    trained: !!checkpoint,
    layers: result.layers,
    first: result.first,
    last: result.last,
  }
}
