import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { IMAGENET_STATS, type NormalizeSetting } from '../../../engine/data/normalize'
import { useGraph } from '../store/graph'
import '../panels/finetune.css'

const listText = (v: readonly number[]) => v.join(', ')
const parseList = (text: string) => text.split(',').map((s) => Number(s.trim()))

/**
 * Per-channel mean/std of image datasets, which a pretrained network needs its inputs to match:
 * none, ImageNet's values in one click, or the user's own numbers.
 */
export function NormalizeSettings() {
  const { t } = useTranslation()
  const dataset = useGraph((s) => s.doc.training.dataset)
  const setting = dataset.normalize
  const stats = setting === 'imagenet' ? IMAGENET_STATS : setting
  const [bad, setBad] = useState(false)
  const set = (normalize: NormalizeSetting | undefined) => {
    setBad(false)
    useGraph.getState().apply((d) => ({
      ...d,
      training: { ...d.training, dataset: { ...d.training.dataset, normalize } },
    }))
  }
  const commit = (mean: string, std: string) => {
    const m = parseList(mean)
    const s = parseList(std)
    const ok =
      m.length === s.length && m.length <= 4 && [...m, ...s].every(Number.isFinite) && s.every((v) => v > 0)
    if (!ok) return setBad(true)
    set({ mean: m, std: s })
  }
  return (
    <div className="normalize-settings" title={t('finetune.normalizeHint')}>
      <span>{t('finetune.normalize')}</span>{' '}
      <button data-testid="normalize-none" aria-pressed={!setting} onClick={() => set(undefined)}>
        {t('finetune.normalizeNone')}
      </button>{' '}
      <button
        data-testid="normalize-imagenet"
        aria-pressed={setting === 'imagenet'}
        onClick={() => set('imagenet')}
      >
        {t('finetune.normalizeImagenet')}
      </button>{' '}
      <StatsFields key={JSON.stringify(setting ?? null)} stats={stats} onCommit={commit} />
      {bad && (
        <p className="error-text" data-testid="normalize-error">
          {t('finetune.normalizeBad')}
        </p>
      )}
    </div>
  )
}

/** The mean and std fields, committed together when either loses focus with both filled in. */
function StatsFields(props: {
  stats: { mean: readonly number[]; std: readonly number[] } | undefined
  onCommit(mean: string, std: string): void
}) {
  const { t } = useTranslation()
  const [mean, setMean] = useState(props.stats ? listText(props.stats.mean) : '')
  const [std, setStd] = useState(props.stats ? listText(props.stats.std) : '')
  const blur = () => {
    if (mean.trim() && std.trim()) props.onCommit(mean, std)
  }
  return (
    <>
      <label>
        {t('finetune.mean')}{' '}
        <input
          data-testid="normalize-mean"
          placeholder="0.5, 0.5, 0.5"
          value={mean}
          onChange={(e) => setMean(e.target.value)}
          onBlur={blur}
        />
      </label>{' '}
      <label>
        {t('finetune.std')}{' '}
        <input
          data-testid="normalize-std"
          placeholder="0.25, 0.25, 0.25"
          value={std}
          onChange={(e) => setStd(e.target.value)}
          onBlur={blur}
        />
      </label>
    </>
  )
}
