import { useTranslation } from 'react-i18next'
import { SCHEDULES, type TrainingConfig } from '../../../engine/graph/schema'

export type Schedule = TrainingConfig['schedule']

/** Milestones typed as "15, 30": whole numbers only, so a half-typed list is not sent as NaN. */
export const parseMilestones = (text: string): number[] =>
  text
    .split(/[,\s，]+/)
    .filter((s) => /^\d+$/.test(s))
    .map(Number)

/**
 * The learning-rate schedule and the fields its type uses; the engine's schema checks the values
 * (ascending milestones, a warm-up shorter than the cosine) when training starts.
 */
export function ScheduleField({ value, onChange }: { value: Schedule; onChange(s: Schedule): void }) {
  const { t } = useTranslation()
  const set = (patch: Partial<Schedule>) => onChange({ ...value, ...patch })
  const num = (key: 'gamma' | 'stepEpochs' | 'warmupEpochs' | 'finalLr', step = 'any') => (
    <label key={key}>
      {t(`schedule.${key}`)}
      <input
        type="number"
        step={step}
        min={0}
        data-testid={`schedule-${key}`}
        value={value[key]}
        onChange={(e) => set({ [key]: Number(e.target.value) })}
      />
    </label>
  )
  const { type } = value
  return (
    <>
      <label>
        {t('schedule.label')}
        <select
          data-testid="train-schedule"
          value={type}
          onChange={(e) => set({ type: e.target.value as Schedule['type'] })}
        >
          {SCHEDULES.map((s) => (
            <option key={s} value={s}>
              {t(`schedule.type.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {type === 'multistep' && (
        <label title={t('schedule.milestonesHint')}>
          {t('schedule.milestones')}
          <input
            data-testid="schedule-milestones"
            placeholder="15, 30"
            defaultValue={value.milestones.join(', ')}
            onChange={(e) => set({ milestones: parseMilestones(e.target.value) })}
          />
        </label>
      )}
      {type === 'step' && num('stepEpochs', '1')}
      {(type === 'step' || type === 'multistep') && num('gamma')}
      {type !== 'constant' && num('warmupEpochs', '1')}
      {type === 'warmup-cosine' && (
        <>
          <label title={t('schedule.maxEpochsHint')}>
            {t('schedule.maxEpochs')}
            <input
              type="number"
              min={1}
              data-testid="schedule-maxEpochs"
              placeholder={t('schedule.maxEpochsHint')}
              value={value.maxEpochs ?? ''}
              onChange={(e) =>
                set({ maxEpochs: Number(e.target.value) > 0 ? Number(e.target.value) : undefined })
              }
            />
          </label>
          {num('finalLr')}
        </>
      )}
    </>
  )
}
