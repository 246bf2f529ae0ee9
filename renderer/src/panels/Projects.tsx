import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api'
import { useGraph } from '../store/graph'
import { openProject, openProjectFile, saveProject, useProject } from '../store/project'

/** Save and open projects (the graph with its training settings) by name. */
export function Projects() {
  const { t } = useTranslation()
  const docName = useGraph((s) => s.doc.name)
  const project = useProject((s) => s.name)
  const [name, setName] = useState(project ?? docName)
  const [list, setList] = useState<{ name: string; modified: number }[]>([])
  const [note, setNote] = useState('')
  const refresh = () => api.invoke('projects:list', {}).then(setList, (e: Error) => setNote(e.message))
  useEffect(() => void refresh(), [])
  const save = async () => {
    try {
      await saveProject(name)
      setNote(t('projects.saved', { name }))
      void refresh()
    } catch (e) {
      setNote((e as Error).message)
    }
  }
  const open = async (n: string) => {
    try {
      if (await openProject(n)) setName(n)
    } catch (e) {
      setNote((e as Error).message)
    }
  }
  const openFile = async (file: File | undefined) => {
    if (!file) return
    try {
      if (await openProjectFile(file)) setName(useProject.getState().name ?? file.name)
      setNote('')
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
      <p>
        <label>
          {t('files.openFile')}{' '}
          <input
            type="file"
            accept=".json,application/json"
            data-testid="project-file"
            onChange={(e) => {
              void openFile(e.target.files?.[0])
              // the same file chosen again (after fixing it) must fire again
              e.target.value = ''
            }}
          />
        </label>
      </p>
      <h3>{t('shell.recent')}</h3>
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
