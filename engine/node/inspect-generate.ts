/**
 * The Inspect tab's text generation: a trained language model continues a prompt, sampled as
 * `deepwire predict` samples (temperature, top-k, seed), in the worker thread that runs the
 * other inspections.
 */
import { predictorFromCheckpoint } from '../infer/load'
import { predict } from '../infer/predict'
import type { Tf } from '../layers/types'
import type { GenerateResult, InspectRequest } from '../protocol'
import { loadCheckpointFile } from './run'

type GenerateRequest = Extract<InspectRequest, { what: 'generate' }>

export async function generateText(tf: Tf, req: GenerateRequest): Promise<GenerateResult> {
  const ckpt = await loadCheckpointFile(req.checkpoint)
  if (ckpt.meta.dataset?.layout !== 'language-model')
    throw new Error(
      `text generation needs a language model; this run was trained on '${ckpt.meta.training.dataset.name}'`,
    )
  const predictor = await predictorFromCheckpoint(tf, ckpt)
  try {
    const r = await predict(predictor, {
      input: req.input,
      temperature: req.temperature ?? 1,
      length: req.length ?? 100,
      seed: req.seed ?? 0,
      ...(req.topK !== undefined ? { topK: req.topK } : {}),
    })
    return { what: 'generate', input: r.input, output: r.output }
  } finally {
    predictor.model.dispose()
  }
}
