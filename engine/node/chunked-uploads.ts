/**
 * A large file uploaded from a browser in order, chunk by chunk (see budget/upload.ts), into
 * imported/<name>/<file>: `begin` names it and declares its size, each `chunk` appends the next
 * bytes at the offset reached so far, `finish` checks that every byte came and moves the folder
 * into place as an ordinary upload would. The chunks go to a staging file on disk, never held in
 * memory together; any refusal removes the upload's staging folder, and an upload idle for too
 * long is dropped when the next one begins.
 */
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { MAX_OPEN_UPLOADS, MAX_UPLOAD_BYTES, UPLOAD_CHUNK_BYTES, UPLOAD_IDLE_MS } from '../budget/upload'
import { quote } from '../budget/untrusted'
import { folderName, namePartProblem } from './file-names'
import { RequestError } from './request-error'
import { IMPORTED } from './uploads'

interface Open {
  name: string
  file: string
  size: number
  received: number
  staging: string
  handle: FileHandle
  touched: number
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const MB = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`

export function createChunkedUploads(
  importedDir: string,
  /** Moves a finished staging folder to imported/<name> (replacing an earlier one). */
  place: (staging: string, name: string) => Promise<void>,
  now: () => number = Date.now,
) {
  const open = new Map<string, Open>()

  async function drop(id: string): Promise<void> {
    const u = open.get(id)
    if (!u) return
    open.delete(id)
    await u.handle.close().catch(() => {})
    await fs.rm(u.staging, { recursive: true, force: true })
  }

  /** Runs a step of upload `id`; a refusal ends the upload and leaves nothing behind. */
  async function step<T>(id: string, f: (u: Open) => Promise<T>): Promise<T> {
    const u = open.get(id)
    if (!u) throw new RequestError(`upload ${quote(id)} is not open: it finished, failed or waited too long`)
    u.touched = now()
    try {
      return await f(u)
    } catch (e) {
      await drop(id)
      throw e
    }
  }

  async function begin(args: { name: string; file: string; size: number }): Promise<{ id: string }> {
    for (const [id, u] of open) if (now() - u.touched > UPLOAD_IDLE_MS) await drop(id)
    const folder = folderName(args.name)
    if ('problem' in folder) throw new RequestError(`upload: the folder name ${folder.problem}`)
    const why = namePartProblem(args.file.normalize('NFC'))
    if (why) throw new RequestError(`upload ${quote(folder.name)}: the file name ${why}`)
    if (!Number.isSafeInteger(args.size) || args.size < 1 || args.size > MAX_UPLOAD_BYTES)
      throw new RequestError(
        `upload ${quote(folder.name)}: a file of ${args.size} bytes cannot be uploaded (1 byte to ${MAX_UPLOAD_BYTES / 2 ** 30} GiB)`,
      )
    if (open.size >= MAX_OPEN_UPLOADS)
      throw new RequestError(`${MAX_OPEN_UPLOADS} uploads are already open: wait for them to finish`)
    await fs.mkdir(importedDir, { recursive: true })
    // a leading dot: no import name can start with one, so staging never meets a user's folder
    const staging = await fs.mkdtemp(path.join(importedDir, '.upload-'))
    const file = args.file.normalize('NFC')
    const handle = await fs.open(path.join(staging, file), 'wx')
    const id = randomBytes(12).toString('hex')
    open.set(id, { name: folder.name, file, size: args.size, received: 0, staging, handle, touched: now() })
    return { id }
  }

  function chunk(args: { id: string; offset: number; data: string }): Promise<{ received: number }> {
    return step(args.id, async (u) => {
      if (args.offset !== u.received)
        throw new RequestError(
          `upload ${quote(u.file)}: a chunk at byte ${args.offset} after ${u.received} bytes; chunks must come in order`,
        )
      if (args.data.length % 4 !== 0 || !BASE64.test(args.data))
        throw new RequestError(`upload ${quote(u.file)}: the chunk at byte ${args.offset} is not base64`)
      const bytes = Buffer.from(args.data, 'base64')
      if (bytes.length === 0 || bytes.length > UPLOAD_CHUNK_BYTES)
        throw new RequestError(
          `upload ${quote(u.file)}: a chunk of ${bytes.length} bytes (chunks hold 1 byte to ${MB(UPLOAD_CHUNK_BYTES)})`,
        )
      if (u.received + bytes.length > u.size)
        throw new RequestError(
          `upload ${quote(u.file)}: ${u.received + bytes.length} bytes is more than the ${u.size} announced`,
        )
      await u.handle.write(bytes, 0, bytes.length, u.received)
      u.received += bytes.length
      return { received: u.received }
    })
  }

  function finish(args: { id: string }): Promise<{ folder: string; files: number }> {
    return step(args.id, async (u) => {
      if (u.received !== u.size)
        throw new RequestError(
          `upload ${quote(u.file)}: ${u.received} of ${u.size} bytes came; the file is incomplete`,
        )
      await u.handle.close()
      open.delete(args.id)
      await place(u.staging, u.name).catch(async (e: unknown) => {
        await fs.rm(u.staging, { recursive: true, force: true })
        throw e
      })
      return { folder: IMPORTED + u.name, files: 1 }
    })
  }

  function abort(args: { id: string }): Promise<void> {
    return drop(args.id)
  }

  return { begin, chunk, finish, abort }
}
