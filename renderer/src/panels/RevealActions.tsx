import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api'

/**
 * The desktop app's counterpart of web mode's download links: an export just written can be
 * opened (its .onnx file, or its folder) and shown in its folder, each file of a folder export
 * too. The main process checks each request names a file this app wrote.
 */
export function RevealActions({ paths }: { paths: string[] }) {
  const { t } = useTranslation()
  const [error, setError] = useState('')
  if (!paths.length) return null
  const entry = paths[0].split('/')[0]
  const folder = paths[0].includes('/')
  const act = (file: string, action: 'show' | 'open') => {
    setError('')
    api.invoke('files:reveal', { file, action }).catch((e: Error) => setError(e.message))
  }
  const show = (file: string) => (
    <button
      data-testid="export-show"
      title={t('reveal.showTitle', { name: file.split('/').pop() })}
      onClick={() => act(file, 'show')}
    >
      {t('reveal.show')}
    </button>
  )
  return (
    <div className="export-reveal" data-testid="export-reveal">
      <p>
        {t('reveal.files')} <code>{entry}</code>{' '}
        <button
          data-testid="export-open"
          title={t(folder ? 'reveal.openFolderTitle' : 'reveal.openFileTitle', { name: entry })}
          onClick={() => act(entry, 'open')}
        >
          {t('reveal.open')}
        </button>{' '}
        {show(entry)}
      </p>
      {folder && (
        <ul>
          {paths.map((p) => (
            <li key={p}>
              <code>{p.split('/').pop()}</code> {show(p)}
            </li>
          ))}
        </ul>
      )}
      {error && <p className="error-text">{error}</p>}
    </div>
  )
}
