import { Position } from '@xyflow/react'
import { create } from 'zustand'

export type FlowDirection = 'down' | 'right'

const KEY = 'deepwire.flow'

/**
 * Which way the network flows on the canvas: top to bottom (the default; deep stacks scroll down)
 * or left to right (wide, shallow graphs and the way many papers draw them). Auto-layout and every
 * node's connection points follow it; it is remembered across sessions.
 */
export const useFlow = create<{ direction: FlowDirection; setDirection(d: FlowDirection): void }>()(
  (set) => ({
    direction: localStorage.getItem(KEY) === 'right' ? 'right' : 'down',
    setDirection: (direction) => {
      localStorage.setItem(KEY, direction)
      set({ direction })
    },
  }),
)

/** Where a node's incoming and outgoing wires attach. */
export function useHandlePositions(): { target: Position; source: Position } {
  const right = useFlow((s) => s.direction === 'right')
  return right
    ? { target: Position.Left, source: Position.Right }
    : { target: Position.Top, source: Position.Bottom }
}
