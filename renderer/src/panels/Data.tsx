import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DatasetPreview } from '../../../engine/app-contract'
import type { DatasetInfo } from '../../../engine/data/types'
import type { TrainingConfig } from '../../../engine/graph/schema'
import { api } from '../api'
import { AugmentPreview } from '../data/AugmentPreview'
import { DataSettings } from '../data/DataSettings'
import { SampleImage } from '../data/SampleImage'
import { NormalizeSettings } from '../data/NormalizeSettings'
import { UserFilePicker, type DatasetFiles } from '../data/UserFilePicker'
import { useGraph } from '../store/graph'

/** Pick the training dataset and look at a few of its samples. */
export function Data() {
  const { t } = useTranslation()
  const dataset = useGraph((s) => s.doc.training.dataset)
  const current = dataset.name
  const [list, setList] = useState<DatasetInfo[]>([])
  const [preview, setPreview] = useState<DatasetPreview | null>(null)
  const [error, setError] = useState('')
  const needsPath = list.find((d) => d.name === current)?.needsPath ?? false
  useEffect(() => void api.invoke('datasets:list', {}).then(setList, (e: Error) => setError(e.message)), [])
  useEffect(() => {
    setPreview(null)
    setError('')
    if (list.length === 0 || (needsPath && !dataset.path)) return
    const files = needsPath ? { path: dataset.path, target: dataset.target } : {}
    // a slow preview of the previous choice must not land over this one
    let live = true
    api.invoke('datasets:preview', { name: current, count: 24, ...files }).then(
      (p) => live && setPreview(p),
      (e: Error) => live && setError(e.message),
    )
    return () => {
      live = false
    }
  }, [current, list, needsPath, dataset.path, dataset.target])
  const setDataset = (next: TrainingConfig['dataset']) =>
    useGraph.getState().apply((d) => ({ ...d, training: { ...d.training, dataset: next } }))
  const choose = (name: string) => setDataset({ name })
  const setFiles = (f: DatasetFiles) => setDataset({ ...dataset, path: f.path, target: f.target })
  const isImage = preview && preview.inputShape.length === 3
  const label = (y: number[]) =>
    preview?.classNames ? preview.classNames[y[0]] : y.map((v) => +v.toFixed(3)).join(', ')
  return (
    <div className="data" data-testid="data">
      <label>
        {t('training.dataset')}{' '}
        <select data-testid="dataset" value={current} onChange={(e) => choose(e.target.value)}>
          {list.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name} — {d.description}
            </option>
          ))}
        </select>
      </label>
      {needsPath && (
        <UserFilePicker
          kind={current}
          value={{ path: dataset.path, target: dataset.target }}
          onChange={setFiles}
        />
      )}
      {current === 'csv' && (
        <label>
          {t('shell.target')}{' '}
          <input
            data-testid="dataset-target"
            defaultValue={dataset.target ?? ''}
            onBlur={(e) => setDataset({ ...dataset, target: e.target.value.trim() || undefined })}
          />
        </label>
      )}
      <DataSettings images={preview?.inputShape.length === 3} text={preview?.task === 'language-model'} />
      {preview?.inputShape.length === 3 && <NormalizeSettings />}
      {error && (
        <p className="error-text" data-testid="data-error">
          {error}
        </p>
      )}
      {preview && (
        <p>
          {t('data.summary', {
            size: preview.size.toLocaleString('en'),
            shape: preview.inputShape.join('×'),
            task: preview.task,
          })}
        </p>
      )}
      {preview && isImage && (
        <div className="samples" data-testid="samples">
          {preview.samples.map((s, i) => (
            <figure key={i}>
              <SampleImage x={s.x} shape={preview.inputShape} />
              <figcaption>{label(s.y)}</figcaption>
            </figure>
          ))}
        </div>
      )}
      {preview && isImage && <AugmentPreview preview={preview} />}
      {preview && !isImage && (
        <table data-testid="samples">
          <tbody>
            {preview.samples.slice(0, 10).map((s, i) => (
              <tr key={i}>
                <td>
                  {s.x
                    .slice(0, 8)
                    .map((v) => +v.toFixed(3))
                    .join(', ')}
                  {s.x.length > 8 ? ', …' : ''}
                </td>
                <td>→ {label(s.y)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
