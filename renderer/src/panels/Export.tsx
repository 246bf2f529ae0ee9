import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ExportResult } from '../../../engine/protocol'
import { EXPORT_FORMATS } from '../../../engine/protocol'
import { api } from '../api'
import { useGraph } from '../store/graph'
import { useTraining } from '../store/training'

/** Export the graph with the last run's weights; shows where it went and the parity check. */
export function Export() {
  const { t } = useTranslation()
  const doc = useGraph((s) => s.doc)
  const runId = useTraining((s) => s.runId)
  const [format, setFormat] = useState<(typeof EXPORT_FORMATS)[number]>('onnx')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ExportResult | null>(null)
  const [error, setError] = useState('')
  const run = async () => {
    setBusy(true)
    setError('')
    setResult(null)
    try {
      setResult(await api.invoke('export:run', { graph: doc, format, ...(runId ? { runId } : {}) }))
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="export" data-testid="export">
      <label>
        {t('export.format')}{' '}
        <select
          data-testid="export-format"
          value={format}
          onChange={(e) => setFormat(e.target.value as typeof format)}
        >
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`export.${f}`)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button className="primary" data-testid="export-run" disabled={busy} onClick={() => void run()}>
        {busy ? t('export.busy') : t('export.run')}
      </button>
      {error && <p className="error-text">{error}</p>}
      {result && (
        <div data-testid="export-result">
          <p>
            {t('export.written')} <code>{result.path}</code>
          </p>
          {!result.trained && <p>{t('export.untrained')}</p>}
          {result.parity && (
            <p data-testid="export-parity">
              {t('export.parity', {
                diff: result.parity.maxDiff.toExponential(2),
                ms: result.parity.latencyMs.toFixed(2),
                engine: result.parity.engineLatencyMs.toFixed(2),
              })}
            </p>
          )}
          {result.parity?.gpuLatencyMs !== undefined && (
            <p data-testid="export-parity-gpu">
              {t('export.parityGpu', {
                ms: result.parity.gpuLatencyMs.toFixed(2),
                diff: result.parity.gpuMaxDiff?.toExponential(2),
              })}
            </p>
          )}
          {result.parity?.gpuNote && (
            <p className="muted" data-testid="export-parity-gpu">
              {t('export.gpuNote', { note: result.parity.gpuNote })}
            </p>
          )}
          {result.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
    </div>
  )
}
