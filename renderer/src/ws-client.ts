import type { EngineApi, Pushes } from '../../engine/app-contract'

/**
 * The engine API over web mode's WebSocket: requests carry an id and resolve with the reply
 * of the same id; pushes are fanned out to listeners. The token comes from the page URL the
 * server printed.
 */
export function connectWebSocket(token: string): EngineApi {
  const ws = new WebSocket(
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${token}`,
  )
  const open = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true })
    ws.addEventListener('error', () => reject(new Error('cannot reach the Deepwire engine')), { once: true })
  })
  let next = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  ws.addEventListener('message', (m) => {
    const msg = JSON.parse(String(m.data)) as {
      id?: number
      result?: unknown
      error?: string
      push?: string
      payload?: unknown
    }
    if (msg.push) {
      for (const l of listeners.get(msg.push) ?? []) l(msg.payload)
      return
    }
    const p = pending.get(msg.id ?? -1)
    if (!p) return
    pending.delete(msg.id!)
    if (msg.error) p.reject(new Error(msg.error))
    else p.resolve(msg.result)
  })
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new Error('the connection to the Deepwire engine closed'))
    pending.clear()
  })
  return {
    async invoke(channel, args) {
      await open
      const id = next++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        ws.send(JSON.stringify({ id, channel, args }))
      })
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(channel, set)
      return () => set.delete(listener as (p: unknown) => void)
    },
  } satisfies EngineApi & { on<P extends keyof Pushes>(c: P, l: (p: Pushes[P]) => void): () => void }
}
