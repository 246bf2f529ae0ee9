import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ActivationsView } from '../inspect/ActivationsView'
import { AttentionView } from '../inspect/AttentionView'
import { BoundaryView } from '../inspect/BoundaryView'
import { FiltersView } from '../inspect/FiltersView'
import { GenerateView } from '../inspect/GenerateView'
import { HistogramsView } from '../inspect/HistogramsView'
import { viewsFor, type View } from '../inspect/views'
import '../inspect/inspect.css'
import { useInspect } from '../store/inspect'

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
      {run && shown === 'generate' && <GenerateView runId={run.runId} />}
    </div>
  )
}
