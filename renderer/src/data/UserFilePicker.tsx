import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppInfo, FilePurpose } from '../../../engine/app-contract'
import { api } from '../api'
import { uploadFiles } from './upload'

export interface DatasetFiles {
  path?: string
  target?: string
}

let info: Promise<AppInfo> | undefined
const appInfo = () => (info ??= api.invoke('app:info', {}))

const FOLDER_KINDS = new Set(['images', 'masks'])

/**
 * Where a dataset that reads the user's files gets them: a native dialog in the desktop app (the
 * engine then trusts that path), an upload into the app's imported folder in a browser.
 */
export function UserFilePicker(props: {
  kind: string
  value: DatasetFiles
  onChange(files: DatasetFiles): void
}) {
  const { t } = useTranslation()
  const [canChoose, setCanChoose] = useState(false)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  useEffect(() => void appInfo().then((i) => setCanChoose(i.canChooseFiles)), [])
  const folder = FOLDER_KINDS.has(props.kind)
  const idx = props.kind === 'idx'
  const hint = folder
    ? t(props.kind === 'masks' ? 'shell.masksHint' : 'shell.folderHint')
    : t('shell.fileHint')

  const choose = (purpose: FilePurpose, field: keyof DatasetFiles) => async () => {
    setNote('')
    try {
      const { path } = await api.invoke('files:choose', { purpose })
      if (path) props.onChange({ ...props.value, [field]: path })
    } catch (e) {
      setNote((e as Error).message)
    }
  }

  const upload = async (files: FileList | null) => {
    if (!files?.length) return
    setBusy(true)
    setNote('')
    try {
      const r = await uploadFiles(props.kind, files)
      props.onChange(r.files)
      setNote(t('shell.imported', { files: r.count, folder: r.folder }))
    } catch (e) {
      setNote((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <fieldset className="user-files" data-testid="user-files">
      <legend>{t('shell.import')}</legend>
      <small>{hint}</small>
      {canChoose ? (
        <>
          <button onClick={choose(purposeOf(props.kind), 'path')}>
            {t(idx ? 'shell.images' : 'shell.choose')}
          </button>
          {idx && <button onClick={choose('idx-labels', 'target')}>{t('shell.labels')}</button>}
        </>
      ) : (
        <FileInput folder={folder} multiple={idx} disabled={busy} onFiles={(f) => void upload(f)} />
      )}
      {props.value.path && <code data-testid="dataset-path">{props.value.path}</code>}
      {note && <p data-testid="import-note">{note}</p>}
    </fieldset>
  )
}

function purposeOf(kind: string): FilePurpose {
  return kind === 'idx' ? 'idx-images' : (kind as FilePurpose)
}

function FileInput(props: {
  folder: boolean
  multiple: boolean
  disabled: boolean
  onFiles(f: FileList | null): void
}) {
  const ref = useRef<HTMLInputElement>(null)
  // React has no prop for folder picking; the attribute is what browsers understand
  useEffect(() => {
    if (props.folder) ref.current?.setAttribute('webkitdirectory', '')
    else ref.current?.removeAttribute('webkitdirectory')
  }, [props.folder])
  return (
    <input
      ref={ref}
      type="file"
      data-testid="dataset-file"
      multiple={props.multiple || props.folder}
      disabled={props.disabled}
      onChange={(e) => props.onFiles(e.target.files)}
    />
  )
}
