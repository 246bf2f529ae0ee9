import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PresetEntry } from '../../../engine/app-contract'
import { parseGraph } from '../../../engine/graph/parse'
import { api } from '../api'
import { loadDocument } from '../store/project'

/** The preset gallery: one card per architecture; loading replaces the canvas. */
export function Presets() {
  const { t } = useTranslation()
  const [list, setList] = useState<PresetEntry[]>([])
  const [error, setError] = useState('')
  useEffect(() => {
    api.invoke('presets:list', {}).then(setList, (e: Error) => setError(e.message))
  }, [])
  return (
    <div className="presets" data-testid="presets">
      {error && <p className="error-text">{error}</p>}
      {list.map((p) => (
        <button
          key={p.file}
          className="preset-card"
          data-testid={`preset-${p.name}`}
          onClick={() => {
            const parsed = parseGraph(p.doc)
            if (parsed.ok) loadDocument(parsed.doc)
            else setError(parsed.errors[0].message)
          }}
        >
          <b>{p.name}</b>
          <span className="preset-task">{t(`task.${p.task}`, { defaultValue: p.task })}</span>
          <span>{t('presets.params', { n: p.trainableParams.toLocaleString('en') })}</span>
          <span>{t('presets.input', { shape: p.inputShape.join('×') })}</span>
        </button>
      ))}
    </div>
  )
}
