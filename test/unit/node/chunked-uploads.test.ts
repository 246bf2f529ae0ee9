/**
 * Web mode's chunked upload of a large model: the page's uploadInChunks against the engine's
 * chunked-uploads.ts (through the contract's request schemas) reassembles a file larger than a
 * one-request upload may be, byte for byte; and every malformed step is refused in a sentence,
 * ending the upload and leaving no staging file behind.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { requestSchemas, type EngineApi } from '../../../engine/app-contract'
import { MAX_OPEN_UPLOADS, MAX_UPLOAD_BYTES, UPLOAD_IDLE_MS } from '../../../engine/budget/upload'
import { createChunkedUploads } from '../../../engine/node/chunked-uploads'
import { createUploads, MAX_IMPORT_BYTES } from '../../../engine/node/uploads'
import { uploadInChunks } from '../../../renderer/src/data/chunked-upload'

const root = mkdtempSync(path.join(tmpdir(), 'deepwire-chunks-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function setup(now = () => Date.now()) {
  const dir = mkdtempSync(path.join(root, 'imported-'))
  const chunked = createChunkedUploads(dir, createUploads(dir).placeFolder, now)
  const calls: string[] = []
  // the engine host's routing, with the contract's validation of every request
  const invoke = (async (channel: string, args: unknown) => {
    calls.push(channel)
    const a = requestSchemas[channel as keyof typeof requestSchemas].parse(args) as never
    if (channel === 'uploads:begin') return chunked.begin(a)
    if (channel === 'uploads:chunk') return chunked.chunk(a)
    if (channel === 'uploads:finish') return chunked.finish(a)
    if (channel === 'uploads:abort') return chunked.abort(a).then(() => null)
    throw new Error(`unexpected ${channel}`)
  }) as EngineApi['invoke']
  const staged = () => readdirSync(dir).filter((f) => f.startsWith('.'))
  return { dir, chunked, invoke, calls, staged }
}

describe('chunked model upload', () => {
  it('reassembles a file from its chunks, byte for byte', async () => {
    const { dir, invoke, calls, staged } = setup()
    const bytes = randomBytes(5 * 2 ** 20 + 17)
    const seen: number[] = []
    const folder = await uploadInChunks(invoke, 'big model', 'model.onnx', new Blob([bytes]), (f) =>
      seen.push(f),
    )
    expect(folder).toBe('imported:big model')
    expect(readFileSync(path.join(dir, 'big model', 'model.onnx')).equals(bytes)).toBe(true)
    // 2 MiB chunks: 3 of them, then finish
    expect(calls.filter((c) => c === 'uploads:chunk')).toHaveLength(3)
    expect(calls.at(-1)).toBe('uploads:finish')
    expect(seen.at(-1)).toBe(1)
    expect(staged()).toEqual([])
  })

  it('takes a model larger than a one-request upload may be (100 MB against 40 MB)', async () => {
    const { chunked, staged } = setup()
    expect(100e6).toBeGreaterThan(MAX_IMPORT_BYTES)
    const { id } = await chunked.begin({ name: 'vgg', file: 'vgg.onnx', size: 100e6 })
    await chunked.chunk({ id, offset: 0, data: Buffer.alloc(2 ** 20).toString('base64') })
    await chunked.abort({ id })
    expect(staged()).toEqual([])
  })

  it('replaces an earlier upload of the same name', async () => {
    const { dir, invoke } = setup()
    await uploadInChunks(invoke, 'm', 'a.onnx', new Blob([Buffer.from('first')]))
    await uploadInChunks(invoke, 'm', 'b.onnx', new Blob([Buffer.from('second')]))
    expect(readdirSync(path.join(dir, 'm'))).toEqual(['b.onnx'])
  })

  it('refuses bad steps in a sentence each, ending the upload and leaving nothing behind', async () => {
    const { chunked, staged } = setup()
    const b64 = (s: string) => Buffer.from(s).toString('base64')
    const begin = () => chunked.begin({ name: 'm', file: 'm.onnx', size: 6 })

    let { id } = await begin()
    await expect(chunked.chunk({ id, offset: 3, data: b64('abc') })).rejects.toThrow(
      /a chunk at byte 3 after 0 bytes; chunks must come in order/,
    )
    // the refusal ended it
    await expect(chunked.chunk({ id, offset: 0, data: b64('abc') })).rejects.toThrow(/is not open/)
    ;({ id } = await begin())
    await expect(chunked.chunk({ id, offset: 0, data: 'not base64!' })).rejects.toThrow(/is not base64/)
    ;({ id } = await begin())
    await expect(chunked.chunk({ id, offset: 0, data: b64('seven b') })).rejects.toThrow(
      /7 bytes is more than the 6 announced/,
    )
    ;({ id } = await begin())
    await chunked.chunk({ id, offset: 0, data: b64('abc') })
    await expect(chunked.finish({ id })).rejects.toThrow(/3 of 6 bytes came; the file is incomplete/)
    await expect(chunked.begin({ name: 'm', file: 'm.onnx', size: MAX_UPLOAD_BYTES + 1 })).rejects.toThrow(
      /cannot be uploaded \(1 byte to 2 GiB\)/,
    )
    await expect(chunked.begin({ name: 'm', file: '..', size: 6 })).rejects.toThrow(
      /the file name '..' is not a name/,
    )
    await expect(chunked.begin({ name: '.hidden', file: 'm.onnx', size: 6 })).rejects.toThrow(
      /may not start with a dot/,
    )
    expect(staged()).toEqual([])

    const ids = []
    for (let i = 0; i < MAX_OPEN_UPLOADS; i++) ids.push((await begin()).id)
    await expect(begin()).rejects.toThrow(`${MAX_OPEN_UPLOADS} uploads are already open`)
    for (const i of ids) await chunked.abort({ id: i })
    expect(staged()).toEqual([])
  })

  it('drops an upload left idle when the next one begins', async () => {
    let t = 0
    const { chunked, staged } = setup(() => t)
    const { id } = await chunked.begin({ name: 'm', file: 'm.onnx', size: 6 })
    t += UPLOAD_IDLE_MS + 1
    await chunked.begin({ name: 'n', file: 'n.onnx', size: 6 })
    await expect(chunked.chunk({ id, offset: 0, data: 'YWJj' })).rejects.toThrow(/waited too long/)
    expect(staged()).toHaveLength(1)
  })

  it('the contract bounds a chunk to the budget before it reaches the engine', () => {
    const big = 'A'.repeat(4 * 2 ** 20)
    expect(
      requestSchemas['uploads:chunk'].safeParse({ id: 'a'.repeat(24), offset: 0, data: big }).success,
    ).toBe(false)
  })
})
