/**
 * `deepwire predict` in one call: read the checkpoint (a file or a training run's folder), build
 * the model on the best backend, predict from text. Runs in the calling process: one forward pass
 * per generated token is far too little work to be worth a worker thread.
 */
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { BackendPreference } from '../backend/select'
import { CHECKPOINT_FILE, loadCheckpointFile } from '../node/run'
import { predictorFromCheckpoint } from './load'
import { detectImage, type DetectOptions } from './detect'
import { predict, type PredictOptions, type Prediction } from './predict'

export async function predictFromCheckpoint(
  checkpoint: string,
  o: PredictOptions & Omit<DetectOptions, 'input'> & { graph?: unknown; backend?: BackendPreference },
): Promise<Prediction & { backend: string }> {
  const file =
    existsSync(checkpoint) && statSync(checkpoint).isDirectory()
      ? path.join(checkpoint, CHECKPOINT_FILE)
      : checkpoint
  const ckpt = await loadCheckpointFile(file)
  const tf = await import('@tensorflow/tfjs')
  const { initBackend } = await import('../backend/select')
  const backend = await initBackend(tf, o.backend ?? 'auto')
  const predictor = await predictorFromCheckpoint(tf, ckpt, o.graph)
  try {
    // a detector reads an image file instead of text
    const r =
      predictor.data.task === 'detection' ? await detectImage(predictor, o) : await predict(predictor, o)
    return { ...r, backend: backend.name }
  } finally {
    predictor.model.dispose()
  }
}
