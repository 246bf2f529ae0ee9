/**
 * Web mode's request frames, from text to answer. A frame is untrusted text from any page that
 * learnt the token, so it is bounded before anything is built from it: its size (uploads alone
 * may be large), its nesting depth (a linear scan before JSON.parse), and how many requests may
 * be in flight at once, per connection and in all. Every failure becomes an answer; nothing a
 * frame holds can throw past this file and stop the server.
 */
import type { WebSocket } from 'ws'
import { BoundError, parseJsonBounded } from '../budget/untrusted'
import type { EngineHost } from './engine-host'
import { createSlots } from './slots'
import { MAX_IMPORT_BYTES } from './uploads'

/** Largest request frame: the largest preset is 14 kB and a project a few times that. */
export const MAX_FRAME = 4 * 1024 * 1024
/** An upload's frame: its files in base64 (4 characters per 3 bytes) plus their paths. */
export const MAX_UPLOAD_FRAME = Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 2 * 1024 * 1024
/** Requests one page may have unanswered; the app's busiest moment (start-up) sends about 8. */
export const MAX_IN_FLIGHT = 16
/** Requests all pages together may have unanswered. */
export const MAX_TOTAL_IN_FLIGHT = 64
/**
 * Answers and pushes waiting for a page to read them. The app reads everything at once; a page
 * that stops reading while it keeps asking would otherwise make the server hold every answer.
 */
export const MAX_UNREAD = 32 * 1024 * 1024

/** Ends a page's connection when it has left more than MAX_UNREAD unread; true when it did. */
export function dropIfNotReading(ws: WebSocket): boolean {
  if (ws.bufferedAmount <= MAX_UNREAD) return false
  ws.terminate()
  return true
}

// the app's client writes { id, channel, args } in this order (renderer/src/ws-client.ts)
const HEAD = /^\{"id":(\d{1,15}),"channel":"([\w:-]{1,40})"/
const MB = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`

export function createFrameHandler(host: Pick<EngineHost, 'handle'>) {
  let total = 0
  const inFlight = new WeakMap<WebSocket, number>()
  // parsing an upload frame takes up to a second or two: one at a time keeps others answered
  const uploads = createSlots(1, () => new BoundError('another upload is being read: wait for it to finish'))

  return function onFrame(ws: WebSocket, data: Buffer): void {
    if (dropIfNotReading(ws)) return
    const reply = (msg: { id: number | null; result?: unknown; error?: string }) => {
      if (ws.readyState !== ws.OPEN || dropIfNotReading(ws)) return
      let text: string
      try {
        text = JSON.stringify(msg)
      } catch {
        text = JSON.stringify({ id: msg.id, error: 'the answer could not be written as JSON' })
      }
      // a socket that closes mid-send reports it here, not as an exception
      ws.send(text, () => {})
    }
    const head = HEAD.exec(data.subarray(0, 80).toString('latin1'))
    const headId = head ? Number(head[1]) : null
    const mine = inFlight.get(ws) ?? 0
    if (mine >= MAX_IN_FLIGHT || total >= MAX_TOTAL_IN_FLIGHT)
      return reply({
        id: headId,
        error: `too many requests at once (${mine >= MAX_IN_FLIGHT ? `${MAX_IN_FLIGHT} from this page` : `${MAX_TOTAL_IN_FLIGHT} in all`}): wait for answers before sending more`,
      })
    const upload = head?.[2] === 'datasets:import'
    const limit = upload ? MAX_UPLOAD_FRAME : MAX_FRAME
    if (data.length > limit)
      return reply({
        id: headId,
        error: `the request is ${MB(data.length)}, more than the ${MB(limit)} ${upload ? 'an upload' : 'a request other than an upload'} may be`,
      })
    inFlight.set(ws, mine + 1)
    total++
    void (upload && data.length > MAX_FRAME ? uploads.run(() => answer(data, headId)) : answer(data, headId))
      .then(
        (msg) => reply(msg),
        (e: unknown) => reply({ id: headId, error: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => {
        inFlight.set(ws, (inFlight.get(ws) ?? 1) - 1)
        total--
      })
  }

  async function answer(
    data: Buffer,
    headId: number | null,
  ): Promise<{ id: number | null; result?: unknown; error?: string }> {
    let msg: unknown
    try {
      msg = parseJsonBounded(data.toString('utf8'), 'the request')
    } catch (e) {
      return { id: headId, error: e instanceof BoundError ? e.message : 'message is not JSON' }
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg))
      return { id: null, error: 'a request must be an object { id, channel, args }' }
    const { id: rawId, channel, args } = msg as { id?: unknown; channel?: unknown; args?: unknown }
    const id = typeof rawId === 'number' ? rawId : null
    if (typeof channel !== 'string') return { id, error: 'a request needs a channel name' }
    try {
      return { id, result: await host.handle(channel, args) }
    } catch (e) {
      return { id, error: e instanceof Error ? e.message : String(e) }
    }
  }
}
