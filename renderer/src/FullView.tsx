import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import './full-view.css'
import { fullViewKey } from './full-view-keys'
import { usePanel } from './store/panel'
import { useUi } from './store/ui'

const setFullView = (on: boolean) => usePanel.getState().setFullView(on, useUi.getState().tab)

/**
 * The tab strip's full-view switch: in the editor it gives the open panel the whole work area
 * (Training, Runs and Inspect charts grow to fill it); in full view it is the way back to the
 * editor, as is Esc. Ctrl+Shift+F toggles either way. The choice, and the tab it was made on,
 * survive a reload.
 */
export function FullViewButton() {
  const { t } = useTranslation()
  const fullView = usePanel((s) => s.fullView)
  const tab = useUi((s) => s.tab)
  // the tab is remembered with full view, so a reload reopens the same panel
  useEffect(() => {
    if (usePanel.getState().fullView) setFullView(true)
  }, [tab])
  // the panel laid out for the whole window is seen from its top, not where the small one was scrolled
  useEffect(() => {
    if (fullView) document.querySelector('.app > .bottom')?.scrollTo({ top: 0 })
  }, [fullView])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      const action = fullViewKey(
        { ...pick(e), inTextField: !!target?.closest?.('input, textarea, select, [contenteditable]') },
        usePanel.getState().fullView,
      )
      if (!action) return
      e.preventDefault()
      setFullView(action === 'toggle' ? !usePanel.getState().fullView : false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <button
      data-testid="panel-max"
      className={fullView ? 'primary' : ''}
      aria-pressed={fullView}
      aria-keyshortcuts={fullView ? 'Escape Control+Shift+F' : 'Control+Shift+F'}
      title={fullView ? t('panel.restoreHint') : t('panel.maximiseHint')}
      onClick={() => setFullView(!fullView)}
    >
      {fullView ? t('panel.restore') : t('panel.maximise')}
    </button>
  )
}

const pick = (e: KeyboardEvent) => ({
  key: e.key,
  ctrlKey: e.ctrlKey,
  metaKey: e.metaKey,
  shiftKey: e.shiftKey,
  altKey: e.altKey,
  defaultPrevented: e.defaultPrevented,
})
