import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PresetEntry } from '../../../engine/app-contract'
import { parseGraph } from '../../../engine/graph/parse'
import { api } from '../api'
import type { GraphDoc } from '../../../engine/graph/schema'
import { OPEN_SIZE, usesHints, withHintedPositions } from '../canvas/hinted-layout'
import { autoLayout } from '../canvas/layout'
import { movePositions } from '../store/doc-ops'
import { useFlow } from '../store/flow'
import { loadDocument } from '../store/project'
import { PRESET_VIEWS, presetsInView, type PresetView } from './preset-filter'

/**
 * Loads a preset in the chosen direction: one with layout hints in its own drawing (a U, a grid);
 * one without, saved top to bottom, laid out again when the graph flows left to right. One load,
 * one history entry.
 */
async function openPreset(doc: GraphDoc) {
  const direction = useFlow.getState().direction
  if (usesHints(doc) || direction === 'down') return loadDocument(withHintedPositions(doc, direction))
  // nothing is drawn yet: every card taken at the largest it gets
  const sizes = new Map(doc.nodes.map((n) => [n.id, OPEN_SIZE]))
  loadDocument(movePositions(doc, await autoLayout(doc, sizes, direction)))
}

/** The preset gallery: one card per architecture; loading replaces the canvas. */
export function Presets() {
  const { t } = useTranslation()
  const [list, setList] = useState<PresetEntry[]>([])
  const [error, setError] = useState('')
  const [view, setView] = useState<PresetView>('all')
  useEffect(() => {
    api.invoke('presets:list', {}).then(setList, (e: Error) => setError(e.message))
  }, [])
  return (
    <div className="presets" data-testid="presets">
      <div
        className="preset-views"
        role="radiogroup"
        aria-label={t('presetView.label')}
        title={t('presetView.hint')}
      >
        {PRESET_VIEWS.map((v) => (
          <button
            key={v}
            role="radio"
            aria-checked={view === v}
            className={view === v ? 'active' : undefined}
            data-testid={`preset-view-${v}`}
            onClick={() => setView(v)}
          >
            {t(`presetView.${v}`)}
          </button>
        ))}
      </div>
      {error && <p className="error-text">{error}</p>}
      {presetsInView(list, view).map((p) => (
        <button
          key={p.file}
          className="preset-card"
          data-testid={`preset-${p.name}`}
          onClick={() => {
            const parsed = parseGraph(p.doc)
            if (!parsed.ok) return setError(parsed.errors[0].message)
            void openPreset(parsed.doc).catch((e: Error) => setError(e.message))
          }}
        >
          <b>{p.name}</b>
          {p.settings && (
            <span className={`preset-settings ${p.settings}`} data-testid="preset-settings">
              {t(`presetView.${p.settings}Badge`)}
            </span>
          )}
          {p.courseSection && (
            <span data-testid="preset-section">
              {t(p.settings === 'quick' ? 'presetView.sectionQuick' : 'presetView.section', {
                section: p.courseSection,
              })}
            </span>
          )}
          <span className="preset-task">{t(`task.${p.task}`, { defaultValue: p.task })}</span>
          <span>{t('presets.params', { n: p.trainableParams.toLocaleString('en') })}</span>
          <span>{t('presets.input', { shape: p.inputShape.join('×') })}</span>
        </button>
      ))}
    </div>
  )
}
