import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ExportPhase, ExportResult } from '../../../engine/protocol'
import { EXPORT_FORMATS } from '../../../engine/protocol'
import { api } from '../api'
import { useGraph } from '../store/graph'
import { useTraining } from '../store/training'
import { RevealActions } from './RevealActions'

/**
 * A download URL for an exported file in web mode (the server's exports folder is out of the
 * browser's reach); null in the desktop app, where the files are on the user's own disk already.
 */
export function downloadUrl(rel: string): string | null {
  if (window.api) return null
  const token = new URLSearchParams(location.search).get('token') ?? ''
  return `/exports/${rel.split('/').map(encodeURIComponent).join('/')}?token=${encodeURIComponent(token)}`
}

/**
 * Export the graph with the last run's weights; says what it is doing, which run's weights and
 * settings went in, where the files are (with download links in a browser) and the parity check.
 */
export function Export() {
  const { t } = useTranslation()
  const doc = useGraph((s) => s.doc)
  const runId = useTraining((s) => s.runId)
  const [format, setFormat] = useState<(typeof EXPORT_FORMATS)[number]>('onnx')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ExportResult | null>(null)
  const [error, setError] = useState('')
  const [phase, setPhase] = useState<ExportPhase | 'start'>('start')
  useEffect(() => api.on('export:progress', (p) => setPhase(p.phase)), [])
  const run = async () => {
    setPhase('start')
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
      {busy && (
        <p data-testid="export-phase" data-phase={phase}>
          {t(`files.phase.${phase}`)}
        </p>
      )}
      {error && <p className="error-text">{error}</p>}
      {result && (
        <div data-testid="export-result">
          <p>
            {t('export.written')} <code>{result.path}</code>
          </p>
          {result.run ? (
            <p data-testid="export-weights">
              {t('files.weightsOf', {
                run: result.run.id?.slice(0, 8) ?? '',
                epoch: result.run.epoch,
                epochs: result.run.epochs,
              })}
              {result.format === 'pytorch' &&
                ' ' +
                  t('files.settingsOf', {
                    epochs: result.run.epochs,
                    batch: result.run.batchSize,
                    lr: result.run.lr,
                  })}
            </p>
          ) : (
            !result.trained && <p data-testid="export-weights">{t('export.untrained')}</p>
          )}
          {window.api ? (
            <RevealActions paths={result.downloads ?? []} />
          ) : (
            <DownloadLinks paths={result.downloads ?? []} />
          )}
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

function DownloadLinks({ paths }: { paths: string[] }) {
  const { t } = useTranslation()
  const links = paths.flatMap((p) => {
    const url = downloadUrl(p)
    return url ? [{ p, url }] : []
  })
  if (!links.length) return null
  return (
    <p className="export-downloads" data-testid="export-downloads">
      {t('files.downloadAll')}{' '}
      {links.map(({ p, url }) => (
        <a key={p} href={url} download={p.split('/').pop()} data-testid="export-download">
          {p.split('/').pop()}
        </a>
      ))}
    </p>
  )
}
