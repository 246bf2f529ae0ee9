import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ActivationsResult, LayerActivation } from '../../../engine/protocol'
import { useInspect } from '../store/inspect'
import { PixelCanvas } from './PixelCanvas'
import { decodeBase64, diverging, tileChannels } from './pixels'

/** Screen pixels per map pixel: small maps are blown up, large ones shown 1:1. */
const scaleFor = (side: number) => Math.max(1, Math.min(8, Math.round(48 / side)))

function SampleInput({ sample }: { sample: ActivationsResult['sample'] }) {
  const { t } = useTranslation()
  const [h, w, c] = sample.shape
  const rgba = useMemo(() => {
    if (sample.shape.length !== 3) return null
    const out = new Uint8ClampedArray(h * w * 4)
    for (let i = 0; i < h * w; i++) {
      for (let k = 0; k < 3; k++) out[i * 4 + k] = Math.round(255 * sample.x[i * c + (c === 3 ? k : 0)])
      out[i * 4 + 3] = 255
    }
    return out
  }, [sample, h, w, c])
  // class probabilities when the output is one per class; a short output as numbers; else nothing
  const classes = sample.classNames?.length === sample.output.length ? sample.classNames : null
  const top = classes
    ? sample.output
        .map((p, i) => ({ p, name: classes[i] }))
        .sort((a, b) => b.p - a.p)
        .slice(0, 3)
    : null
  return (
    <div className="inspect-sample" data-testid="inspect-sample">
      {rgba ? (
        <PixelCanvas width={w} height={h} rgba={rgba} scale={scaleFor(Math.max(h, w)) * 1.5} />
      ) : (
        <code>[{sample.x.map((v) => +v.toFixed(3)).join(', ')}]</code>
      )}
      <div>
        <div>{t('inspect.label', { label: sample.label })}</div>
        <div data-testid="inspect-prediction">
          {top
            ? top.map((x) => `${x.name} ${(100 * x.p).toFixed(1)}%`).join(' · ')
            : sample.output.length <= 16 && sample.output.map((v) => +v.toFixed(4)).join(', ')}
        </div>
      </div>
    </div>
  )
}

function Maps({ layer }: { layer: LayerActivation }) {
  const m = layer.maps!
  const tiles = useMemo(() => tileChannels(decodeBase64(m.data), m.h, m.w, m.channels, 16), [m])
  return (
    <PixelCanvas
      width={tiles.width}
      height={tiles.height}
      rgba={tiles.rgba}
      scale={scaleFor(Math.max(m.h, m.w))}
      testId={`maps-${layer.node}`}
    />
  )
}

/** A dense layer's values as one coloured strip: red positive, blue negative. */
function Strip({ layer }: { layer: LayerActivation }) {
  const v = layer.vector!.values
  const rgba = useMemo(() => {
    const amp = Math.max(1e-12, ...v.map(Math.abs))
    const out = new Uint8ClampedArray(v.length * 4)
    v.forEach((x, i) => out.set([...diverging(x / amp), 255], i * 4))
    return out
  }, [v])
  const scale = Math.max(1, Math.min(24, Math.floor(640 / v.length)))
  const title = v
    .slice(0, 64)
    .map((x) => +x.toFixed(3))
    .join(', ')
  return (
    <PixelCanvas
      width={v.length}
      height={1}
      rgba={rgba}
      scale={scale}
      cssHeight={18}
      title={title}
      testId={`strip-${layer.node}`}
    />
  )
}

/** Every layer's output for one chosen validation sample. */
export function ActivationsView() {
  const { t } = useTranslation()
  const a = useInspect((s) => s.activations)
  const runId = useInspect((s) => s.runId)
  const [index, setIndex] = useState(0)
  useEffect(() => void useInspect.getState().loadActivations(index), [index, runId])
  const r = a.result
  const count = r?.sample.count ?? 1
  return (
    <div className="inspect-activations" data-testid="inspect-activations" data-loaded={!!r && !a.loading}>
      <div className="inspect-row">
        <button disabled={index <= 0} onClick={() => setIndex(index - 1)}>
          ◀
        </button>
        <label>
          {t('inspect.sample')}{' '}
          <input
            type="number"
            data-testid="sample-index"
            min={0}
            max={count - 1}
            value={index}
            onChange={(e) => setIndex(Math.max(0, Math.min(count - 1, Number(e.target.value) || 0)))}
          />
        </label>
        <button data-testid="sample-next" disabled={index >= count - 1} onClick={() => setIndex(index + 1)}>
          ▶
        </button>
        {r && (
          <span className="muted">
            {t('inspect.of', { count, split: t(`inspect.split.${r.sample.split}`) })}
          </span>
        )}
        {a.loading && <span className="muted">{t('inspect.computing')}</span>}
      </div>
      {a.error && <p className="error-text">{a.error}</p>}
      {r && <SampleInput sample={r.sample} />}
      {r && (
        <table className="inspect-layers">
          <tbody>
            {r.layers.map((l) => (
              <tr key={l.node} data-testid={`act-layer-${l.node}`}>
                <th>
                  <b>{l.node}</b>
                  <div className="muted">
                    {l.kind} [{l.shape.join('×')}]
                  </div>
                  {l.maps && l.maps.channels < l.maps.totalChannels && (
                    <div className="muted">
                      {t('inspect.firstChannels', { n: l.maps.channels, of: l.maps.totalChannels })}
                    </div>
                  )}
                </th>
                <td>{l.maps ? <Maps layer={l} /> : <Strip layer={l} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
