import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { parseGraph } from '../../../engine/graph/parse'
import { api } from '../api'
import { useGraph } from '../store/graph'

/** Save and open projects (the graph with its training settings) by name. */
export function Projects() {
  const { t } = useTranslation()
  const doc = useGraph((s) => s.doc)
  const [name, setName] = useState(doc.name)
  const [list, setList] = useState<{ name: string; modified: number }[]>([])
  const [note, setNote] = useState('')
  const refresh = () => api.invoke('projects:list', {}).then(setList, (e: Error) => setNote(e.message))
  useEffect(() => void refresh(), [])
  const save = async () => {
    try {
      await api.invoke('projects:save', {
        name,
        project: { format: 'deepwire-project', version: 1, graph: { ...doc, name } },
      })
      setNote(t('projects.saved', { name }))
      void refresh()
    } catch (e) {
      setNote((e as Error).message)
    }
  }
  const open = async (n: string) => {
    try {
      const { project } = await api.invoke('projects:open', { name: n })
      const parsed = parseGraph((project as { graph?: unknown }).graph)
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '))
      useGraph.getState().load(parsed.doc)
      setName(n)
    } catch (e) {
      setNote((e as Error).message)
    }
  }
  return (
    <div className="projects" data-testid="projects">
      <label>
        {t('projects.name')}{' '}
        <input data-testid="project-name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button data-testid="project-save" onClick={() => void save()}>
        {t('projects.save')}
      </button>
      <span data-testid="project-note">{note}</span>
      <ul>
        {list.length === 0 && <li>{t('projects.none')}</li>}
        {list.map((p) => (
          <li key={p.name}>
            <button data-testid={`project-open-${p.name}`} onClick={() => void open(p.name)}>
              {t('projects.open')} {p.name}
            </button>{' '}
            <small>{new Date(p.modified).toLocaleString()}</small>
          </li>
        ))}
      </ul>
    </div>
  )
}
