import { useCallback, useEffect, useState } from 'react'

/**
 * Reveals a precomputed optimizer path one step at a time. The whole path is computed up front
 * (it is cheap), so "step" and "play" only move the cursor and reset never recomputes.
 */
export function usePlayer(total: number, intervalMs = 120) {
  const [shown, setShown] = useState(0)
  const [playing, setPlaying] = useState(false)
  const last = Math.max(0, total)
  useEffect(() => {
    if (!playing) return
    const id = setInterval(() => {
      setShown((s) => {
        if (s >= last) {
          setPlaying(false)
          return s
        }
        return s + 1
      })
    }, intervalMs)
    return () => clearInterval(id)
  }, [playing, last, intervalMs])
  // a new path starts from its beginning
  useEffect(() => {
    setShown(0)
    setPlaying(false)
  }, [total])
  return {
    shown: Math.min(shown, last),
    total: last,
    playing,
    toggle: useCallback(() => setPlaying((p) => !p), []),
    step: useCallback(() => setShown((s) => Math.min(s + 1, last)), [last]),
    reset: useCallback(() => {
      setPlaying(false)
      setShown(0)
    }, []),
  }
}
