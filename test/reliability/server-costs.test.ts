/**
 * Costly documents sent to `deepwire serve` over its WebSocket: each is refused within 10 s,
 * the server's peak memory stays under 1 GiB (its heap is capped at 1 GiB: past that it would
 * die, and the test would see the exit), and a `projects:list` sent meanwhile is answered at once.
 */
import { readFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import { ask, startServerChild, type Reply, type ServerChild } from './server-child'

const xor = JSON.parse(readFileSync(path.resolve(__dirname, '../../presets/xor.json'), 'utf8')) as object
const GiB = 1024
const counts = { frames: 0 }
let server: ServerChild
/** A page that only lists projects, to time the server's answers while others attack it. */
let probe: WebSocket
let nextId = 1

beforeAll(async () => {
  server = await startServerChild(GiB)
  probe = await server.connect()
})
afterAll(async () => {
  console.log(`server costs: ${counts.frames} costly frames refused by a server capped at 1 GiB`)
  await server.stop()
})

/** Milliseconds `projects:list` takes while whatever was sent before it is being handled. */
async function listLatency(): Promise<number> {
  const t = performance.now()
  const id = nextId++
  const reply = await ask(probe, JSON.stringify({ id, channel: 'projects:list', args: {} }), id)
  expect(Array.isArray(reply.result)).toBe(true)
  return performance.now() - t
}

/** Opens `n` pages; the server admits MAX_CONNECTIONS (8), and the probe holds one. */
const open = (n: number) => Promise.all(Array.from({ length: n }, () => server.connect()))

/** Closes pages and waits until each is closed, so the next test finds its places free. */
const closeAll = (sockets: WebSocket[]) =>
  Promise.all(sockets.map((ws) => new Promise((resolve) => ws.once('close', resolve).close())))

/** A `train:start` frame whose args carry `extra` as raw JSON text. */
const trainFrame = (id: number, extra: string) =>
  `{"id":${id},"channel":"train:start","args":{"graph":${JSON.stringify(xor)}${extra}}}`

/**
 * A run that was accepted must fail by itself: resolves with the request's error, or with the
 * message of its run's 'failed' event.
 */
function refusal(ws: WebSocket, frame: string, id: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let runId: string | null = null
    const onMessage = (d: WebSocket.RawData) => {
      const msg = JSON.parse(String(d)) as Reply & {
        push?: string
        payload?: { runId: string; event: { type: string; message?: string } }
      }
      if (msg.id === id && !msg.push) {
        if (msg.error !== undefined) resolve(msg.error)
        else runId = (msg.result as { runId: string }).runId
      } else if (msg.push === 'train:event' && msg.payload!.runId === runId) {
        const e = msg.payload!.event
        if (e.type === 'failed') resolve(e.message!)
        else if (e.type === 'finished') reject(new Error('the costly run trained to its end'))
      }
    }
    ws.on('message', onMessage)
    ws.send(frame)
  })
}

describe('costly documents over the WebSocket', () => {
  it('refuses 60 fields nested 100,000 deep at once, and keeps answering', async () => {
    const deep = '['.repeat(100_000) + '0' + ']'.repeat(100_000)
    const sockets = await open(4)
    const t = performance.now()
    const replies = Array.from({ length: 60 }, (_, i) => {
      const id = nextId++
      return ask(sockets[i % 4], trainFrame(id, `,"unknown":${deep}`), id)
    })
    const latency = await listLatency()
    for (const r of await Promise.all(replies)) {
      expect(r.error).toMatch(
        /^the request nests arrays or objects more than 64 levels deep \(at character \d+\)$/,
      )
      counts.frames++
    }
    expect(performance.now() - t).toBeLessThan(10_000)
    expect(latency).toBeLessThan(2_000)
    expect(server.ended()).toBeNull()
    expect(server.peakRssMiB()).toBeLessThan(GiB)
    await closeAll(sockets)
  })

  it('refuses eight 15 MB frames of nested arrays from seven pages by their size, and keeps answering', async () => {
    const nested = (mb: number) => {
      const half = (mb * 2 ** 20) / 2
      return '['.repeat(half) + ']'.repeat(half)
    }
    const sockets = await open(7)
    const t = performance.now()
    const replies = Array.from({ length: 8 }, (_, i) => {
      const id = nextId++
      return ask(sockets[i % 7], `{"id":${id},"channel":"projects:save","args":${nested(15)}}`, id)
    })
    // under the frame limit, the depth scan refuses it
    const id = nextId++
    replies.push(ask(sockets[0], `{"id":${id},"channel":"projects:save","args":${nested(3.9)}}`, id))
    const latency = await listLatency()
    const errors = (await Promise.all(replies)).map((r) => r.error)
    expect(errors.slice(0, 8)).toEqual(
      Array(8).fill('the request is 15.0 MB, more than the 4.0 MB a request other than an upload may be'),
    )
    expect(errors[8]).toMatch(/nests arrays or objects more than 64 levels deep/)
    counts.frames += 9
    expect(performance.now() - t).toBeLessThan(10_000)
    expect(latency).toBeLessThan(2_000)
    expect(server.peakRssMiB()).toBeLessThan(GiB)
    await closeAll(sockets)
  })

  it('reads an upload-sized frame of 27 million numbers once, refuses it, and keeps answering', async () => {
    const ws = await server.connect()
    const id = nextId++
    // the largest frame an upload may send, filled with the values that cost JSON.parse the most
    const numbers = '0,'.repeat(26_000_000)
    const t = performance.now()
    const reply = ask(
      ws,
      `{"id":${id},"channel":"datasets:import","args":{"name":"x","files":[${numbers}0]}}`,
      id,
    )
    const latency = await listLatency()
    expect((await reply).error).toMatch(/^invalid arguments for 'datasets:import': files /)
    counts.frames++
    expect(performance.now() - t).toBeLessThan(10_000)
    expect(latency).toBeLessThan(5_000)
    expect(server.peakRssMiB()).toBeLessThan(GiB)
    await closeAll([ws])
  }, 30_000)

  it('takes one of seven simultaneous 50 MB uploads at a time, refusing the others, and keeps answering', async () => {
    const sockets = await open(7)
    // valid base64 of 37 MB per upload: each would be written if it were alone
    const data = 'QUFB'.repeat(12_500_000)
    const t = performance.now()
    const replies = sockets.map((ws, i) => {
      const id = nextId++
      const frame = JSON.stringify({
        id,
        channel: 'datasets:import',
        args: { name: `up${i}`, files: [{ path: 'a.bin', data }] },
      })
      return ask(ws, frame, id)
    })
    const latency = await listLatency()
    const results = await Promise.all(replies)
    const refused = results.filter((r) => r.error !== undefined)
    for (const r of refused)
      expect(r.error).toMatch(/^another upload is being (read|written): wait for it to finish$/)
    expect(results.length - refused.length).toBeGreaterThanOrEqual(1)
    counts.frames += refused.length
    expect(performance.now() - t).toBeLessThan(10_000)
    expect(latency).toBeLessThan(5_000)
    expect(server.peakRssMiB()).toBeLessThan(GiB)
    await closeAll(sockets)
  }, 30_000)

  it('ends a page that keeps asking but never reads its answers', async () => {
    const project = { format: 'deepwire-project', version: 1, graph: xor, notes: 'n'.repeat(3 * 2 ** 20) }
    const saved = await ask(
      probe,
      JSON.stringify({ id: 0, channel: 'projects:save', args: { name: 'big', project } }),
      0,
    )
    expect(saved.result).toEqual({ name: 'big' })
    // a raw client: the handshake, then masked frames (a zero mask leaves the text as it is)
    const socket = net.connect({ host: '127.0.0.1', port: server.port })
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.write(
      `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n` +
        `Origin: http://127.0.0.1:${server.port}\r\n\r\n`,
    )
    await new Promise((resolve) => socket.once('data', resolve))
    socket.pause()
    const frame = (text: string) => {
      const body = Buffer.from(text)
      return Buffer.concat([
        Buffer.from([0x81, 0xfe, body.length >> 8, body.length & 0xff, 0, 0, 0, 0]),
        body,
      ])
    }
    const ended = new Promise((resolve) => socket.once('close', resolve))
    // writes after the server has reset the connection fail: that is the point
    socket.on('error', () => {})
    // bursts of 16, the most one page may have in flight, each answered with a 3 MB project
    for (let i = 0; i < 400 && !socket.destroyed; i++) {
      socket.write(frame(JSON.stringify({ id: i, channel: 'projects:open', args: { name: 'big' } })))
      if (i % 16 === 15) await new Promise((r) => setTimeout(r, 50))
    }
    await new Promise((r) => setTimeout(r, 1000))
    expect(await listLatency()).toBeLessThan(2_000)
    expect(server.peakRssMiB()).toBeLessThan(GiB)
    // the server has ended the connection: what it had sent arrives, then the close
    socket.on('data', () => {})
    socket.resume()
    await ended
    counts.frames++
  }, 60_000)

  it('refuses an amplification graph (40,000 edges × 64 × 64 after expansion) within 10 s', async () => {
    // a block of 40,000 parallel edges, chained 64 times inside a block chained 64 times
    const edges = [{ source: '@in', target: 'a' }]
    for (let i = 0; i < 39_998; i++) edges.push({ source: 'a', target: 'b' })
    edges.push({ source: 'b', target: '@out' })
    const graph = {
      format: 'deepwire-graph',
      version: 2,
      name: 'amplifier',
      nodes: [
        { id: 'in', type: 'Input', params: { shape: [4] } },
        { id: 'big', type: 'Block', block: 'outer', repeat: 64 },
        { id: 'out', type: 'Dense', params: { units: 2 } },
      ],
      edges: [
        { source: 'in', target: 'big' },
        { source: 'big', target: 'out' },
      ],
      blocks: {
        outer: {
          nodes: [{ id: 'x', type: 'Block', block: 'inner', repeat: 64 }],
          edges: [
            { source: '@in', target: 'x' },
            { source: 'x', target: '@out' },
          ],
        },
        inner: {
          nodes: [
            { id: 'a', type: 'Dense', params: { units: 4 } },
            { id: 'b', type: 'Dense', params: { units: 4 } },
          ],
          edges,
        },
      },
    }
    const ws = await server.connect()
    const t = performance.now()
    const id = nextId++
    const refused = refusal(ws, JSON.stringify({ id, channel: 'train:start', args: { graph } }), id)
    const latency = await listLatency()
    const message = await refused
    expect(message).toMatch(/edges|nodes|too large|expan/i)
    expect(message).not.toMatch(/\n/)
    expect(message.length).toBeLessThan(600)
    counts.frames++
    expect(performance.now() - t).toBeLessThan(10_000)
    expect(latency).toBeLessThan(2_000)
    expect(server.ended()).toBeNull()
    expect(server.peakRssMiB()).toBeLessThan(GiB)
    await closeAll([ws])
  }, 60_000)
})
