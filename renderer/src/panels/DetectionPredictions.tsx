import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { nms } from '../../../engine/detect/nms'
import type { SamplePrediction } from '../../../engine/protocol'
import { PixelCanvas } from './PixelCanvas'
import './detection.css'

type Detected = Extract<SamplePrediction, { kind: 'detection' }>

const SIZE = 128
const COLOURS = ['#ef4444', '#3b82f6', '#22c55e', '#eab308', '#a855f7', '#14b8a6', '#f97316']

/** The candidates NMS keeps at `threshold` among those at least `minScore` confident. */
function kept(s: Detected, threshold: number, minScore: number) {
  const c = s.candidates.filter((b) => b.score >= minScore)
  return nms(
    c.flatMap((b) => b.box),
    c.map((b) => b.score),
    threshold,
  ).map((i) => c[i])
}

/**
 * The fixed validation images with their true boxes (dashed) and the predicted ones (class and
 * score), suppressed in the app at the NMS threshold and minimum score the sliders set, so a
 * learner sees what each does to the same predictions.
 */
export function DetectionPredictions({ samples }: { samples: Detected[] }) {
  const { t } = useTranslation()
  const [threshold, setThreshold] = useState(0.5)
  const [minScore, setMinScore] = useState(0.5)
  const name = (s: Detected, c: number) => s.classNames?.[c] ?? String(c)
  return (
    <div>
      <h4>{t('detect.samples')}</h4>
      <div className="detect-sliders">
        <label>
          {t('detect.nms', { v: threshold.toFixed(2) })}
          <input
            type="range"
            min={0.05}
            max={1}
            step={0.05}
            value={threshold}
            data-testid="nms-threshold"
            onChange={(e) => setThreshold(Number(e.target.value))}
          />
        </label>
        <label>
          {t('detect.minScore', { v: minScore.toFixed(2) })}
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={minScore}
            data-testid="min-score"
            onChange={(e) => setMinScore(Number(e.target.value))}
          />
        </label>
      </div>
      <div className="hint">{t('detect.legend')}</div>
      <div className="prediction-grid" data-testid="detection-predictions">
        {samples.map((s) => (
          <figure key={s.index} className="detect-figure" data-testid="detection-sample">
            <PixelCanvas image={s.input} size={SIZE} />
            <svg viewBox="0 0 1 1" preserveAspectRatio="none" width={SIZE} height={SIZE}>
              {s.truth.map((b, i) => (
                <rect
                  key={`t${i}`}
                  data-testid="truth-box"
                  className="truth-box"
                  x={b.box[0]}
                  y={b.box[1]}
                  width={b.box[2] - b.box[0]}
                  height={b.box[3] - b.box[1]}
                />
              ))}
              {kept(s, threshold, minScore).map((b, i) => (
                <g key={`p${i}`} data-testid="predicted-box" data-class={name(s, b.cls)} data-score={b.score}>
                  <rect
                    className="predicted-box"
                    stroke={COLOURS[b.cls % COLOURS.length]}
                    x={b.box[0]}
                    y={b.box[1]}
                    width={b.box[2] - b.box[0]}
                    height={b.box[3] - b.box[1]}
                  />
                  <text x={b.box[0]} y={Math.max(0.07, b.box[1])} fill={COLOURS[b.cls % COLOURS.length]}>
                    {`${name(s, b.cls)} ${b.score.toFixed(2)}`}
                  </text>
                </g>
              ))}
            </svg>
          </figure>
        ))}
      </div>
    </div>
  )
}
