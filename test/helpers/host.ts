import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Pushes } from '../../engine/app-contract'
import { createEngineHost } from '../../engine/node/engine-host'
import type { TrainEvent } from '../../engine/protocol'

/**
 * The app's engine host in a fresh data folder, recording every training event; `train` starts a
 * run as the page does and resolves with its id once the run has finished or failed.
 */
export function recordingHost(prefix: string) {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix))
  const events: TrainEvent[] = []
  let onDone = () => {}
  const host = createEngineHost({
    dataDir,
    push: (channel, payload) => {
      if (channel !== 'train:event') return
      const { event } = payload as Pushes['train:event']
      events.push(event)
      if (event.type === 'finished' || event.type === 'failed') onDone()
    },
  })
  const train = async (args: Record<string, unknown>) => {
    const done = new Promise<void>((resolve) => (onDone = resolve))
    const { runId } = (await host.handle('train:start', args)) as { runId: string }
    await done
    return runId
  }
  return { dataDir, host, events, train }
}
