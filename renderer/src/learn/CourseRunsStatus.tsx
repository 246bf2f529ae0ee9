import { useTranslation } from 'react-i18next'
import { useCourseRuns } from '../store/course-runs'

/** Which of a one-click comparison's runs is training, or why the comparison stopped. */
export function CourseRunsStatus(props: { which: string; testId: string }) {
  const { t } = useTranslation()
  const s = useCourseRuns()
  if (s.key !== props.which || s.status === 'idle') return null
  return (
    <p className="learn-note" data-testid={props.testId} data-status={s.status} data-index={s.index}>
      {s.status === 'running' && t('courseRuns.running', { name: s.name, index: s.index, count: s.count })}
      {s.status === 'failed' && (
        <span className="error-text">{t('courseRuns.failed', { name: s.name, message: s.message })}</span>
      )}
    </p>
  )
}
