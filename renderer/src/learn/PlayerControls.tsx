import { useTranslation } from 'react-i18next'
import type { usePlayer } from './usePlayer'

export function PlayerControls(props: { player: ReturnType<typeof usePlayer>; testId: string }) {
  const { t } = useTranslation()
  const p = props.player
  return (
    <span className="learn-player">
      <button data-testid={`${props.testId}-play`} onClick={p.toggle}>
        {p.playing ? t('learn.player.pause') : t('learn.player.play')}
      </button>
      <button data-testid={`${props.testId}-step`} onClick={p.step}>
        {t('learn.player.step')}
      </button>
      <button data-testid={`${props.testId}-reset`} onClick={p.reset}>
        {t('learn.player.reset')}
      </button>
      <span className="learn-stats" data-testid={`${props.testId}-step-count`} data-step={p.shown}>
        {t('learn.player.stepOf', { step: p.shown, total: p.total })}
      </span>
    </span>
  )
}
