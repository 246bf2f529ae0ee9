import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/** A fresh temp folder, removed after the tests. Call it while collecting (file or describe body), not in a hook. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `deepwire-${prefix}-`))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Points the dataset cache at a temp folder so tests neither read nor fill ~/.cache; same rule as tempDir. */
export function tempCache(): string {
  const dir = tempDir('cache')
  process.env.DEEPWIRE_CACHE = dir
  return dir
}

export const bytesEqual = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
