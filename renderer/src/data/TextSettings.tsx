import { useTranslation } from 'react-i18next'
import type { TrainingConfig } from '../../../engine/graph/schema'
import { BoundedNumber } from '../fields/BoundedNumber'

type TextDataset = TrainingConfig['dataset']

/**
 * How a text corpus becomes training windows: the tokeniser, the vocabulary's minimum frequency
 * (rarer tokens read as <unk>) and the course's two minibatch partitions.
 */
export function TextSettings({ dataset, set }: { dataset: TextDataset; set(next: TextDataset): void }) {
  const { t } = useTranslation()
  const tokenizer = dataset.tokenizer ?? 'char'
  return (
    <fieldset data-testid="text-settings">
      <legend>{t('textData.legend')}</legend>
      <label>
        {t('textData.tokenizer')}{' '}
        <select
          data-testid="text-tokenizer"
          value={tokenizer}
          onChange={(e) => set({ ...dataset, tokenizer: e.target.value as TextDataset['tokenizer'] })}
        >
          <option value="char">{t('textData.char')}</option>
          <option value="word">{t('textData.word')}</option>
          <option value="letters">{t('textData.letters')}</option>
        </select>
      </label>
      <BoundedNumber
        label={t('textData.minFreq')}
        title={t('textData.minFreqHint')}
        testId="text-min-freq"
        min={1}
        max={1_000_000}
        integer
        value={dataset.minFreq ?? 1}
        // 1 keeps every token: store nothing, so the setting only appears where it is used
        onChange={(n) => set({ ...dataset, minFreq: n > 1 ? n : undefined })}
      />
      <label title={t('textData.partitionHint')}>
        {t('textData.partition')}{' '}
        <select
          data-testid="text-partition"
          value={dataset.partition ?? 'random'}
          onChange={(e) => set({ ...dataset, partition: e.target.value as TextDataset['partition'] })}
        >
          <option value="random">{t('textData.random')}</option>
          <option value="sequential">{t('textData.sequential')}</option>
        </select>
      </label>
    </fieldset>
  )
}
