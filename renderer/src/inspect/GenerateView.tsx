import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../api'
import { BoundedNumber } from '../fields/BoundedNumber'

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
      <BoundedNumber
        label={t('generateText.temperature')}
        title={t('generateText.temperatureHint')}
        testId="generate-temperature"
        min={0}
        max={10}
        step={0.1}
        fallback={1}
        value={temperature}
        onChange={setTemperature}
      />
      <BoundedNumber
        label={t('generateText.topK')}
        title={t('generateText.topKHint')}
        testId="generate-top-k"
        min={1}
        max={100_000}
        integer
        value={topK}
        // an empty box (the fallback, 0) samples from every token
        fallback={0}
        onChange={(k) => setTopK(k || undefined)}
      />
      <BoundedNumber
        label={t('generateText.length')}
        min={1}
        max={2000}
        integer
        fallback={100}
        value={length}
        onChange={setLength}
      />
      <BoundedNumber
        label={t('generateText.seed')}
        min={0}
        max={2 ** 31 - 1}
        integer
        fallback={0}
        value={seed}
        onChange={setSeed}
      />
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
