import { useTranslation } from 'react-i18next'
import { autoLayout } from './canvas/layout'
import { setLanguage } from './i18n'
import { movePositions } from './store/doc-ops'
import { redo, undo, useGraph } from './store/graph'

export function TopBar(props: { theme: string; onTheme(t: string): void }) {
  const { t, i18n } = useTranslation()
  const name = useGraph((s) => s.doc.name)
  return (
    <header className="topbar">
      <b>{t('app.title')}</b>
      <span className="doc-name">{name}</span>
      <button onClick={undo}>{t('canvas.undo')}</button>
      <button onClick={redo}>{t('canvas.redo')}</button>
      <button
        onClick={async () => {
          const positions = await autoLayout(useGraph.getState().doc)
          useGraph.getState().apply((d) => movePositions(d, positions))
        }}
      >
        {t('canvas.layout')}
      </button>
      <span className="spacer" />
      <label>
        {t('app.language')}{' '}
        <select
          data-testid="language"
          value={i18n.language}
          onChange={(e) => setLanguage(e.target.value as 'en' | 'zh-CN')}
        >
          <option value="en">English</option>
          <option value="zh-CN">中文</option>
        </select>
      </label>
      <label>
        {t('app.theme')}{' '}
        <select value={props.theme} onChange={(e) => props.onTheme(e.target.value)}>
          <option value="light">{t('app.light')}</option>
          <option value="dark">{t('app.dark')}</option>
        </select>
      </label>
    </header>
  )
}
