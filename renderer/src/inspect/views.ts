import type { InspectRun } from '../../../engine/app-contract'

export type View = 'histograms' | 'activations' | 'filters' | 'boundary' | 'attention' | 'generate'

/** The views a run's graph makes meaningful: filters need a convolution, a boundary 2 inputs. */
export function viewsFor(run: InspectRun): View[] {
  const views: View[] = ['histograms', 'activations']
  if (run.conv) views.push('filters')
  if (run.inputShape.length === 1 && run.inputShape[0] === 2) views.push('boundary')
  if (run.attention) views.push('attention')
  if (run.languageModel) views.push('generate')
  return views
}
