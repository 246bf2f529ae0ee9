import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { InspectRun } from '../../../engine/app-contract'
import { ActivationsView } from '../inspect/ActivationsView'
import { AttentionView } from '../inspect/AttentionView'
import { BoundaryView } from '../inspect/BoundaryView'
import { FiltersView } from '../inspect/FiltersView'
import { HistogramsView } from '../inspect/HistogramsView'
import '../inspect/inspect.css'
import { useInspect } from '../store/inspect'

type View = 'histograms' | 'activations' | 'filters' | 'boundary' | 'attention'

/** The views a run's graph makes meaningful: filters need a convolution, a boundary 2 inputs. */
export function viewsFor(run: InspectRun): View[] {
  const views: View[] = ['histograms', 'activations']
  if (run.conv) views.push('filters')
  if (run.inputShape.length === 1 && run.inputShape[0] === 2) views.push('boundary')
  if (run.attention) views.push('attention')
  return views
}

/** Looking inside a trained run: histograms over epochs, activations, filters, boundary, attention. */
export function Inspect() {
  const { t } = useTranslation()
  const { runs, runId, error, histograms } = useInspect()
  const [view, setView] = useState<View>('histograms')
  useEffect(() => void useInspect.getState().refreshRuns(), [])
  const run = runs.find((r) => r.runId === runId)
  const views = run ? viewsFor(run) : []
  const shown = views.includes(view) ? view : 'histograms'
  return (
    <div className="inspect" data-testid="inspect">
      <div className="inspect-row">
        <label>
          {t('inspect.run')}{' '}
          <select
            data-testid="inspect-run"
            value={runId ?? ''}
            onChange={(e) => useInspect.getState().select(e.target.value)}
          >
            {runs.map((r) => (
              <option key={r.runId} value={r.runId}>
                {t('inspect.runLabel', {
                  name: r.name,
                  dataset: r.dataset,
                  epoch: r.epoch,
                  time: new Date(r.modified).toLocaleTimeString(),
                })}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => void useInspect.getState().refreshRuns()}>{t('inspect.refresh')}</button>
        {views.map((v) => (
          <button
            key={v}
            className={v === shown ? 'active' : ''}
            data-testid={`inspect-view-${v}`}
            onClick={() => setView(v)}
          >
            {t(`inspect.views.${v}`)}
          </button>
        ))}
      </div>
      {error && <p className="error-text">{error}</p>}
      {!runs.length && <p className="muted">{t('inspect.noRuns')}</p>}
      {run && shown === 'histograms' && <HistogramsView events={histograms[run.runId] ?? []} />}
      {run && shown === 'activations' && <ActivationsView />}
      {run && shown === 'filters' && <FiltersView />}
      {run && shown === 'boundary' && <BoundaryView />}
      {run && shown === 'attention' && <AttentionView />}
    </div>
  )
}
