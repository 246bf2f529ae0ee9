/**
 * Hostile clients of `deepwire serve`, with the server in a child process capped at 1 GiB of
 * heap: malformed HTTP must never end it, and a burst of training requests starts one run.
 */
import net from 'node:net'
import http from 'node:http'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import { ask, startServerChild, type ServerChild } from './server-child'

const xor = JSON.parse(readFileSync(path.resolve(__dirname, '../../presets/xor.json'), 'utf8')) as object
const counts = { http: 0, trains: 0, inFlight: 0, exports: 0 }
let server: ServerChild

beforeAll(async () => {
  server = await startServerChild(1024)
})
afterAll(async () => {
  console.log(
    `server: ${counts.http} malformed HTTP requests answered 4xx or closed, ${counts.trains} simultaneous train:start → one run, ${counts.exports} simultaneous exports → one, ${counts.inFlight} requests over the in-flight cap refused`,
  )
  await server.stop()
})

/** Sends raw bytes; resolves with whatever came back before the server closed or 5 s passed. */
const raw = (text: string) =>
  new Promise<string>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: server.port })
    let out = ''
    s.on('data', (d) => (out += d.toString('latin1')))
    s.on('error', () => resolve(out))
    s.on('close', () => resolve(out))
    s.setTimeout(5000, () => s.destroy())
    s.end(Buffer.from(text, 'latin1'))
  })

describe('the web server', () => {
  it('answers every malformed HTTP request with a 4xx or a close, then still serves the page and the socket', async () => {
    const origin = `http://127.0.0.1:${server.port}`
    const get = (target: string, headers = '') =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`
    const upgrade = (target: string) =>
      get(
        target,
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
          `Sec-WebSocket-Version: 13\r\nOrigin: ${origin}\r\n`,
      )
    const requests = [
      get('/%'),
      get('/%E0%A4%A'),
      get('/%ZZ'),
      get('/%C0%AF'),
      get('/..%2f..%2fetc%2fpasswd'),
      get('/%2e%2e%5c%2e%2e%5cwindows'),
      get('/a%00b'),
      get('/\0'),
      get('http://evil.example/%'),
      get('/', `X-Big: ${'a'.repeat(100_000)}\r\n`),
      get('/', 'Content-Length: -1\r\n'),
      'FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc',
      'DELETE /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      '\x00\x01\x02\xff\r\n\r\n',
      upgrade('/%'),
      upgrade('/ws?token=%&x=%E0%A4%A'),
      upgrade('/ws%'),
    ]
    for (const r of requests) {
      const reply = await raw(r)
      // refused with a 4xx, or the connection closed: never a crash, a 5xx or a file
      expect(reply === '' || /^HTTP\/1\.[01] 4\d\d /.test(reply), JSON.stringify(r.slice(0, 60))).toBe(true)
      counts.http++
    }
    expect(server.ended()).toBeNull()
    const home = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get(`${origin}/`, resolve).on('error', reject),
    )
    expect(home.statusCode).toBe(200)
    home.resume()
    const ws = await server.connect()
    expect(await ask(ws, JSON.stringify({ id: 5, channel: 'projects:list', args: {} }), 5)).toEqual({
      id: 5,
      result: [],
    })
    ws.close()
  })

  it('answers at most 16 requests in flight from one page, refusing the rest with a sentence', async () => {
    const ws = await server.connect()
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        ask(ws, JSON.stringify({ id: 300 + i, channel: 'presets:list', args: {} }), 300 + i),
      ),
    )
    const refused = replies.filter((r) => r.error !== undefined)
    for (const r of refused)
      expect(r.error).toBe(
        'too many requests at once (16 from this page): wait for answers before sending more',
      )
    expect(refused.length).toBeGreaterThan(0)
    expect(replies.length - refused.length).toBeGreaterThanOrEqual(16)
    // answered ones are whole answers
    for (const r of replies.filter((r) => r.error === undefined)) expect(Array.isArray(r.result)).toBe(true)
    counts.inFlight += refused.length
    ws.close()
  })

  it('writes one export at a time, refusing the others with a sentence', async () => {
    const ws = await server.connect()
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        ask(
          ws,
          JSON.stringify({ id: 400 + i, channel: 'export:run', args: { graph: xor, format: 'tfjs' } }),
          400 + i,
        ),
      ),
    )
    const done = replies.filter((r) => r.result !== undefined)
    expect(done).toHaveLength(1)
    expect(done[0].result).toMatchObject({ format: 'tfjs' })
    for (const r of replies.filter((r) => r.error !== undefined))
      expect(r.error).toBe(
        'an export is already being written: wait for it to finish before starting another',
      )
    counts.exports += replies.length
    ws.close()
  }, 60_000)

  it('accepts one of 50 simultaneous train:start requests, refuses the others with a sentence, and stops it', async () => {
    const sockets = await Promise.all(Array.from({ length: 5 }, () => server.connect()))
    const graph = { ...xor, training: { epochs: 10_000 } }
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        ask(
          sockets[i % 5],
          JSON.stringify({ id: 100 + i, channel: 'train:start', args: { graph } }),
          100 + i,
        ),
      ),
    )
    counts.trains += replies.length
    const accepted = replies.filter((r) => r.result !== undefined)
    expect(accepted).toHaveLength(1)
    const { runId } = accepted[0].result as { runId: string }
    for (const r of replies.filter((r) => r.error !== undefined))
      expect(r.error).toMatch(
        new RegExp(
          `^a training run is already going \\(run ${runId}, started \\d\\d:\\d\\d:\\d\\d\\): stop it or wait for it to finish before starting another$`,
        ),
      )
    const finished = new Promise<string>((resolve) =>
      sockets[0].on('message', (d: WebSocket.RawData) => {
        const msg = JSON.parse(String(d)) as { push?: string; payload?: { event: { type: string } } }
        const type = msg.payload?.event.type
        if (msg.push === 'train:event' && (type === 'finished' || type === 'failed')) resolve(type)
      }),
    )
    expect(
      await ask(
        sockets[1],
        JSON.stringify({ id: 1, channel: 'train:control', args: { runId, action: 'stop' } }),
        1,
      ),
    ).toEqual({
      id: 1,
      result: { ok: true },
    })
    expect(await finished).toBe('finished')
    // the place is free again
    const again = await ask(sockets[2], JSON.stringify({ id: 2, channel: 'train:start', args: { graph } }), 2)
    expect(again.result).toMatchObject({ runId: expect.any(String) })
    await ask(
      sockets[2],
      JSON.stringify({
        id: 3,
        channel: 'train:control',
        args: { runId: (again.result as { runId: string }).runId, action: 'stop' },
      }),
      3,
    )
    expect(server.peakRssMiB()).toBeLessThan(1024)
    for (const ws of sockets) ws.close()
  }, 60_000)
})
