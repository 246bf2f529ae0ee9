import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import '../learn/learn.css'
import { BatchNormLesson } from '../learn/BatchNormLesson'
import { DropoutLesson } from '../learn/DropoutLesson'
import { GradientLesson } from '../learn/GradientLesson'
import { NonConvexLesson } from '../learn/NonConvexLesson'
import { OptimizerLesson } from '../learn/OptimizerLesson'
import { PolyLesson } from '../learn/PolyLesson'
import { RatesLesson } from '../learn/RatesLesson'
import { StabilityLesson } from '../learn/StabilityLesson'

const LESSONS = {
  gd: GradientLesson,
  rates: RatesLesson,
  nonconvex: NonConvexLesson,
  optim: OptimizerLesson,
  poly: PolyLesson,
  dropout: DropoutLesson,
  stability: StabilityLesson,
  bn: BatchNormLesson,
} as const
type Lesson = keyof typeof LESSONS

/** The playground: lessons computed in the page, each a sub-view of this tab. */
export function Learn() {
  const { t } = useTranslation()
  const [lesson, setLesson] = useState<Lesson>('gd')
  const View = LESSONS[lesson]
  return (
    <div className="learn" data-testid="learn">
      <nav className="learn-lessons">
        {(Object.keys(LESSONS) as Lesson[]).map((k) => (
          <button
            key={k}
            className={k === lesson ? 'active' : ''}
            data-testid={`lesson-${k}`}
            onClick={() => setLesson(k)}
          >
            {t(`learn.lessons.${k}`)}
          </button>
        ))}
      </nav>
      <div className="learn-view">
        <View />
      </div>
    </div>
  )
}
