import { useEffect } from 'react'
import { useInspect } from '../store/inspect'

/**
 * The chosen run's activations. Views that need only what any sample carries (kernels,
 * attention layers) ask for the first sample when nothing of this run is loaded yet.
 */
export function useRunActivations() {
  const a = useInspect((s) => s.activations)
  const runId = useInspect((s) => s.runId)
  useEffect(() => {
    if (!a.key.startsWith(`${runId}/`)) void useInspect.getState().loadActivations(0)
  }, [a.key, runId])
  return a
}
