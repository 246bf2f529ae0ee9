/**
 * The Learn tab's optimiser paths are the engine's: each lesson update rule, run on the course's
 * f(x) = 0.1·x₁² + 2·x₂², lands where the engine's own stepper (tfjs, engine/train/optimizer.ts)
 * does, step after step.
 */
import { describe, expect, it } from 'vitest'
import { OPTIMIZERS, trainingSchema } from '../../../engine/graph/schema'
import { makeStepper } from '../../../engine/train/optimizer'
import { engineHyper, optimize, type OptimizerHyper } from '../../../renderer/src/learn/optimizers'
import { bowl, bowlGrad, OPTIM_KINDS, OPTIM_START } from '../../../renderer/src/learn/optimLesson'
import { tf } from '../../helpers/train'

const LR: Record<OptimizerHyper['kind'], number> = {
  sgd: 0.4,
  momentum: 0.1,
  rmsprop: 0.3,
  adagrad: 0.4,
  adadelta: 1,
  adam: 0.3,
}
const STEPS = 15

function engineSteps(kind: OptimizerHyper['kind']): number[][] {
  const stepper = makeStepper(tf, trainingSchema.parse({ optimizer: { type: kind, lr: LR[kind] } }))
  const x = tf.variable(tf.tensor1d(OPTIM_START))
  const path = [OPTIM_START]
  for (let k = 0; k < STEPS; k++) {
    const g = bowlGrad(Array.from(x.dataSync()))
    stepper.applyGradients({ [x.name]: tf.tensor1d(g) }, [x], new Map())
    path.push(Array.from(x.dataSync()))
  }
  stepper.optimizer.dispose()
  x.dispose()
  return path
}

describe('the lesson optimisers step as the engine does', () => {
  it('offers every optimiser the engine trains with (AdamW differs from Adam only by weight decay)', () => {
    expect([...OPTIM_KINDS].sort()).toEqual(OPTIMIZERS.filter((o) => o !== 'adamw').sort())
  })

  for (const kind of OPTIM_KINDS)
    it(`${kind}: the same points for ${STEPS} steps`, () => {
      const lesson = optimize(engineHyper(kind, LR[kind]), bowl, bowlGrad, OPTIM_START, STEPS)
      const engine = engineSteps(kind)
      expect(lesson).toHaveLength(engine.length)
      lesson.forEach((p, i) => {
        // float32 in the engine, float64 here
        expect(p.x[0]).toBeCloseTo(engine[i][0], 4)
        expect(p.x[1]).toBeCloseTo(engine[i][1], 4)
      })
      // and the path does go downhill
      expect(lesson.at(-1)!.f).toBeLessThan(bowl(OPTIM_START))
    })
})
