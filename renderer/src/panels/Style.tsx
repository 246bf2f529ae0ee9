import { useMemo, useState, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { STYLE_SAMPLES } from '../../../engine/app-contract'
import { StyleLossChart } from '../charts/StyleLossChart'
import { uploadFiles } from '../data/upload'
import { useGraph } from '../store/graph'
import { useStylize, type StyleSettings } from '../store/stylize'
import { useTraining } from '../store/training'
import { downloadUrl } from './Export'
import './style.css'

/**
 * Neural style transfer on the canvas's network: pick the content and style pictures (samples or
 * uploads) and the weights, watch the image form and the losses fall, save the result.
 */
export function Style() {
  const { t } = useTranslation()
  const doc = useGraph((s) => s.doc)
  const runId = useTraining((s) => s.runId)
  const s = useStylize()
  const busy = s.status === 'starting' || s.status === 'running' || s.status === 'stopping'
  const last = s.losses.at(-1)
  const names = useMemo(
    () => ({
      total: t('style.loss.total'),
      content: t('style.loss.content'),
      style: t('style.loss.style'),
      tv: t('style.loss.tv'),
    }),
    [t],
  )
  const number = (key: keyof StyleSettings, min: number, max: number, step = 1) => (
    <label className="field">
      <span>{t(`style.${key}`)}</span>
      <input
        type="number"
        data-testid={`style-${key}`}
        min={min}
        max={max}
        step={step}
        value={s.settings[key]}
        disabled={busy}
        onChange={(e) => {
          const v = Number(e.target.value)
          if (Number.isFinite(v))
            s.set({ settings: { ...s.settings, [key]: Math.min(max, Math.max(min, v)) } })
        }}
      />
    </label>
  )
  return (
    <div className="style-view" data-testid="style">
      <div className="style-settings">
        <p className="style-intro">{t('style.intro')}</p>
        <ImagePick which="content" disabled={busy} />
        <ImagePick which="style" disabled={busy} />
        {number('steps', 1, 2000)}
        {number('size', 8, 512)}
        {number('previewEvery', 1, 2000)}
        {number('contentWeight', 0, 1e9, 0.1)}
        {number('styleWeight', 0, 1e9, 100)}
        {number('tvWeight', 0, 1e9, 1)}
        <p>
          {busy ? (
            <button data-testid="style-stop" disabled={s.status !== 'running'} onClick={() => s.stop()}>
              {t('style.stop')}
            </button>
          ) : (
            <button className="primary" data-testid="style-start" onClick={() => void s.start(doc, runId)}>
              {t('style.start')}
            </button>
          )}{' '}
          <span data-testid="style-status" data-status={s.status}>
            {s.status === 'starting' && t('style.starting')}
            {s.status === 'stopping' && t('style.stopping')}
            {s.status === 'running' &&
              last &&
              t('style.running', { step: last.step, steps: s.settings.steps })}
          </span>
        </p>
        {s.trained !== null && (
          <p data-testid="style-network">{s.trained ? t('style.network') : t('style.untrained')}</p>
        )}
        {s.status === 'failed' && <p className="error-text">{s.message}</p>}
      </div>
      <div className="style-preview">
        {s.preview ? (
          <figure>
            <img
              data-testid="style-preview"
              data-step={s.preview.step}
              data-count={s.previews}
              src={`data:image/png;base64,${s.preview.png}`}
              alt={t('style.preview', { step: s.preview.step })}
            />
            <figcaption>{t('style.preview', { step: s.preview.step })}</figcaption>
          </figure>
        ) : (
          <p className="style-empty">{t('style.noPreview')}</p>
        )}
        {s.result && <Result />}
      </div>
      <div className="style-chart">
        <StyleLossChart losses={s.losses} names={names} stepLabel={t('style.stepAxis')} />
      </div>
    </div>
  )
}

function ImagePick({ which, disabled }: { which: 'content' | 'style'; disabled: boolean }) {
  const { t } = useTranslation()
  const value = useStylize((s) => s[which])
  const uploads = useStylize((s) => s.uploads)
  const [uploading, setUploading] = useState(false)
  const [error, setError] = useState('')
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const list = e.target.files
    if (!list?.length) return
    setUploading(true)
    setError('')
    try {
      // one picture: it lands as imported:<name>/<file>, a path the engine accepts as the user's
      const { folder } = await uploadFiles('image', list)
      const img = { ref: `${folder}/${list[0].name}`, label: list[0].name }
      useStylize.getState().addUpload(img)
      useStylize.getState().set({ [which]: img.ref })
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setUploading(false)
      e.target.value = ''
    }
  }
  return (
    <label className="field">
      <span>{t(which === 'content' ? 'style.content' : 'style.styleImage')}</span>
      <span className="style-pick">
        <select
          data-testid={`style-${which}-image`}
          value={value}
          disabled={disabled}
          onChange={(e) => useStylize.getState().set({ [which]: e.target.value })}
        >
          {STYLE_SAMPLES.map((n) => (
            <option key={n} value={`sample:${n}`}>
              {t(`style.sample.${n}`)}
            </option>
          ))}
          {uploads.map((u) => (
            <option key={u.ref} value={u.ref}>
              {u.label}
            </option>
          ))}
        </select>{' '}
        <label className="style-upload">
          {uploading ? t('style.uploading') : t('style.upload')}
          <input
            type="file"
            accept="image/png,image/jpeg"
            data-testid={`style-${which}-upload`}
            disabled={disabled || uploading}
            onChange={(e) => void upload(e)}
          />
        </label>
      </span>
      {error && <small>{error}</small>}
    </label>
  )
}

function Result() {
  const { t } = useTranslation()
  const r = useStylize((s) => s.result)!
  const url = r.downloads?.[0] ? downloadUrl(r.downloads[0]) : null
  return (
    <div data-testid="style-result">
      <p>
        {t('style.result', {
          width: r.width,
          height: r.height,
          steps: r.steps,
          stopped: r.stopped ? t('style.stoppedNote') : '',
          first: r.first.total.toExponential(2),
          last: r.last.total.toExponential(2),
        })}
      </p>
      {url ? (
        <a href={url} download={r.downloads![0]} data-testid="style-download" className="export-downloads">
          {t('style.download')}
        </a>
      ) : (
        <p>
          {t('style.saved')} <code data-testid="style-path">{r.path}</code>
        </p>
      )}
    </div>
  )
}
