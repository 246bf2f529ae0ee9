import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api'

const clamp = (text: string, min: number, max: number, fallback: number) => {
  const n = Number(text)
  return Number.isFinite(n) && text !== '' ? Math.min(max, Math.max(min, n)) : fallback
}

/** A trained language model continues a prompt, sampled with temperature, top-k and a seed. */
export function GenerateView({ runId }: { runId: string }) {
  const { t } = useTranslation()
  const [input, setInput] = useState('The Time Traveller ')
  const [temperature, setTemperature] = useState(0.8)
  const [topK, setTopK] = useState<number | undefined>(undefined)
  const [length, setLength] = useState(100)
  const [seed, setSeed] = useState(0)
  const [busy, setBusy] = useState(false)
  const [output, setOutput] = useState<{ input: string; output: string } | null>(null)
  const [error, setError] = useState('')
  const generate = () => {
    setBusy(true)
    setError('')
    api
      .invoke('inspect:generate', { runId, input, temperature, length, seed, ...(topK ? { topK } : {}) })
      .then(
        (r) => setOutput(r),
        (e: Error) => setError(e.message),
      )
      .finally(() => setBusy(false))
  }
  return (
    <div className="inspect-generate" data-testid="inspect-generate">
      <label>
        {t('generateText.prompt')}{' '}
        <input data-testid="generate-prompt" value={input} onChange={(e) => setInput(e.target.value)} />
      </label>
      <label title={t('generateText.temperatureHint')}>
        {t('generateText.temperature')}{' '}
        <input
          type="number"
          data-testid="generate-temperature"
          min={0}
          max={10}
          step={0.1}
          value={temperature}
          onChange={(e) => setTemperature(clamp(e.target.value, 0, 10, 1))}
        />
      </label>
      <label title={t('generateText.topKHint')}>
        {t('generateText.topK')}{' '}
        <input
          type="number"
          data-testid="generate-top-k"
          min={1}
          step={1}
          value={topK ?? ''}
          onChange={(e) =>
            setTopK(e.target.value === '' ? undefined : Math.round(clamp(e.target.value, 1, 100_000, 1)))
          }
        />
      </label>
      <label>
        {t('generateText.length')}{' '}
        <input
          type="number"
          min={1}
          max={2000}
          value={length}
          onChange={(e) => setLength(Math.round(clamp(e.target.value, 1, 2000, 100)))}
        />
      </label>
      <label>
        {t('generateText.seed')}{' '}
        <input
          type="number"
          min={0}
          value={seed}
          onChange={(e) => setSeed(Math.round(clamp(e.target.value, 0, 2 ** 31 - 1, 0)))}
        />
      </label>
      <button data-testid="generate-run" disabled={busy || !input} onClick={generate}>
        {busy ? t('generateText.running') : t('generateText.run')}
      </button>
      {error && <p className="error-text">{error}</p>}
      {output && (
        <figure>
          <figcaption>{t('generateText.result')}</figcaption>
          <p className="generated-text" data-testid="generate-output">
            <strong>{output.input}</strong>
            {output.output}
          </p>
        </figure>
      )}
    </div>
  )
}
