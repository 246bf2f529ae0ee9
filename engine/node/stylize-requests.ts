/**
 * The app's style transfer requests: images named as shipped samples or as files the user
 * uploaded or chose (never an arbitrary path from the page), the feature network with the
 * given run's checkpoint when it has one, one job at a time, and the result PNG written under
 * exports/ so web mode can offer it as a download.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SAMPLE_PREFIX, STYLE_SAMPLES, type Args, type Pushes } from '../app-contract'
import { admitGraph } from '../budget'
import { quote } from '../budget/untrusted'
import type { TrainEvent } from '../protocol'
import { startStylize, type StylizeHandle } from './host'
import { RequestError } from './request-error'
import { CHECKPOINT_FILE } from './run'
import type { UserFiles } from './user-files'

export const SAMPLES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../resources/stylize',
)

export function stylizeHandlers(opts: {
  dataDir: string
  runDir: (runId: string) => string
  userFiles: UserFiles
  push: (channel: 'stylize:event', payload: Pushes['stylize:event']) => void
}) {
  const jobs = new Map<string, StylizeHandle>()

  function image(ref: string, where: string): string {
    if (ref.startsWith(SAMPLE_PREFIX)) {
      const name = ref.slice(SAMPLE_PREFIX.length)
      if (!(STYLE_SAMPLES as readonly string[]).includes(name))
        throw new RequestError(
          `${where}: there is no sample image ${quote(name)}; the samples are ${STYLE_SAMPLES.join(', ')}`,
        )
      return path.join(SAMPLES_DIR, `${name}.png`)
    }
    return opts.userFiles.resolveFile(ref, where)
  }

  return {
    handlers: {
      'stylize:start': async (args: Args<'stylize:start'>) => {
        const [busy] = jobs
        if (busy)
          throw new RequestError('a style transfer is already running: stop it or wait for it to finish')
        const { graph, runId, content, style, ...settings } = args
        const request = {
          ...(settings as Required<typeof settings>),
          graph,
          content: image(content, 'the content image'),
          style: image(style, 'the style image'),
        }
        // sized and validated before a process exists: a refusal is the request's answer
        admitGraph(graph)
        const ckpt = runId ? path.join(opts.runDir(runId), CHECKPOINT_FILE) : undefined
        const checkpoint = ckpt && existsSync(ckpt) ? ckpt : undefined
        const stamp = new Date().toISOString().replace(/[:.]/g, '-')
        const out = path.join(opts.dataDir, 'exports', `stylized-${stamp}.png`)
        const jobId = randomUUID()
        const forward = (event: TrainEvent) => {
          if (event.type === 'stylize-step' || event.type === 'stylize-preview' || event.type === 'failed')
            opts.push('stylize:event', {
              jobId,
              event:
                event.type === 'failed'
                  ? { ...event, message: opts.userFiles.hidePaths(event.message) }
                  : event,
            })
          else if (event.type === 'stylized') {
            // the job is over before the page hears it, so its next Start is accepted
            jobs.delete(jobId)
            opts.push('stylize:event', {
              jobId,
              event: { type: 'stylized', result: { ...event.result, downloads: [path.basename(out)] } },
            })
          }
          if (event.type === 'failed') jobs.delete(jobId)
        }
        let handle: StylizeHandle
        try {
          handle = startStylize({ ...request, checkpoint, out }, forward)
        } catch (e) {
          throw new RequestError((e as Error).message)
        }
        jobs.set(jobId, handle)
        void handle.done.catch(() => {}).finally(() => jobs.delete(jobId))
        return { jobId, trained: !!checkpoint }
      },
      'stylize:stop': async ({ jobId }: Args<'stylize:stop'>) => {
        const job = jobs.get(jobId)
        if (!job) return { ok: false }
        job.stop()
        return { ok: true }
      },
    },
    async dispose() {
      await Promise.all([...jobs.values()].map((j) => j.kill()))
      jobs.clear()
    },
  }
}
