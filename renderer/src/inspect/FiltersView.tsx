import { useTranslation } from 'react-i18next'
import { useRunActivations } from './useRunActivations'
import { PixelCanvas } from './PixelCanvas'
import { filterPixels } from './pixels'

/** The first convolution's kernels, one small image per output channel. */
export function FiltersView() {
  const { t } = useTranslation()
  const a = useRunActivations()
  const f = a.result?.filters
  const scale = f ? Math.max(4, Math.round(40 / Math.max(f.kh, f.kw))) : 1
  return (
    <div className="inspect-filters" data-testid="inspect-filters" data-count={f?.kernels.length ?? 0}>
      {a.loading && <p className="muted">{t('inspect.computing')}</p>}
      {a.error && <p className="error-text">{a.error}</p>}
      {a.result && !f && <p className="muted">{t('inspect.noConv')}</p>}
      {f && (
        <>
          <p className="muted">
            {t(f.rgb ? 'inspect.filtersRgb' : 'inspect.filtersGrey', {
              node: f.node,
              kh: f.kh,
              kw: f.kw,
              inChannels: f.inChannels,
            })}
          </p>
          <div className="inspect-filter-grid">
            {f.kernels.map((k, i) => (
              <figure key={i}>
                <PixelCanvas
                  width={f.kw}
                  height={f.kh}
                  rgba={filterPixels(k, f.kh, f.kw, f.rgb, f.min, f.max)}
                  scale={scale}
                  testId={`filter-${i}`}
                />
                <figcaption>{i}</figcaption>
              </figure>
            ))}
          </div>
        </>
      )}
    </div>
  )
}
