import { useTranslation } from 'react-i18next'
import type { AppCommand } from '../../engine/app-contract'
import { runCommand } from './commands'
import { ImportModelButton } from './ImportModelButton'
import { setLanguage } from './i18n'
import { useFlow, type FlowDirection } from './store/flow'
import { useGraph } from './store/graph'
import { useDirty, useProject } from './store/project'
import { useTheme, type Theme } from './store/theme'
import { useUi } from './store/ui'

export function TopBar() {
  const { t, i18n } = useTranslation()
  const name = useGraph((s) => s.doc.name)
  const project = useProject((s) => s.name)
  const dirty = useDirty()
  const savedAt = useProject((s) => s.savedAt)
  const notice = useUi((s) => s.notice)
  const { theme, setTheme } = useTheme()
  const { direction, setDirection } = useFlow()
  const run = (c: AppCommand) => () => {
    useUi.getState().notify('')
    void runCommand(c).catch((e: Error) => useUi.getState().notify(e.message))
  }
  return (
    <header className="topbar">
      <b>{t('app.title')}</b>
      <span className="doc-name" data-testid="doc-name" title={dirty ? t('shell.unsaved') : t('shell.saved')}>
        {project ?? name}
        {dirty && <span data-testid="dirty"> •</span>}
      </span>
      <button data-testid="cmd-new" onClick={run('new')}>
        {t('shell.new')}
      </button>
      <button data-testid="cmd-save" onClick={run('save')} title="Ctrl+S">
        {t('shell.save')}
      </button>
      {savedAt && !dirty && (
        <span className="save-status" data-testid="save-status">
          {t('files.savedAt', {
            name: project ?? name,
            time: new Date(savedAt).toLocaleTimeString(i18n.language),
          })}
        </span>
      )}
      <button onClick={run('undo')}>{t('canvas.undo')}</button>
      <button onClick={run('redo')}>{t('canvas.redo')}</button>
      <button onClick={run('layout')}>{t('canvas.layout')}</button>
      <select
        data-testid="flow-direction"
        aria-label={t('canvas.flow')}
        value={direction}
        onChange={(e) => {
          setDirection(e.target.value as FlowDirection)
          run('layout')()
        }}
      >
        <option value="down">{t('canvas.flowDown')}</option>
        <option value="right">{t('canvas.flowRight')}</option>
      </select>
      <ImportModelButton />
      {notice && (
        <span className="error-text" data-testid="notice">
          {notice}
        </span>
      )}
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
        <select data-testid="theme" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
          <option value="light">{t('app.light')}</option>
          <option value="dark">{t('app.dark')}</option>
        </select>
      </label>
    </header>
  )
}
