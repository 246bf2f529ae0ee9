import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { forkEngine, stderrTail } from '../../../engine/node/engine-process'

// inside the project, so a TypeScript entry is an ES module like the engine's own files
const entry = (code: string, ext = 'mjs') => {
  mkdirSync('.cache', { recursive: true })
  const file = path.join(mkdtempSync(path.resolve('.cache/dw-engine-')), `entry.${ext}`)
  writeFileSync(file, code)
  return pathToFileURL(file)
}
const exitOf = (url: URL) =>
  new Promise<{ why: string | null; messages: unknown[] }>((resolve) => {
    const p = forkEngine(url)
    const messages: unknown[] = []
    p.onMessage((m) => messages.push(m))
    p.onExit((why) => resolve({ why, messages }))
  })

describe('the engine process', () => {
  it('names how a crashed engine ended, with the last telling line of its stderr', async () => {
    const crash = entry(
      "process.stderr.write('<--- Last few GCs --->\\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\\n'); process.abort()",
    )
    const { why } = await exitOf(crash)
    expect(why).toMatch(/^signal SIGABRT: FATAL ERROR: Reached heap limit .* JavaScript heap out of memory$/)
  })

  it('delivers every message posted before a clean exit, and reports that exit as clean', async () => {
    // the engine's own side of the line: close() must wait for the queued sends
    const port = JSON.stringify(path.resolve('engine/node/parent-port.ts'))
    const talk = entry(
      `import { connectToParent } from ${port}
      const p = connectToParent()
      for (let i = 0; i < 200; i++) p.post({ i, big: new Float32Array(10000) })
      p.close()`,
      'ts',
    )
    const { why, messages } = await exitOf(talk)
    expect(why).toBeNull()
    expect(messages).toHaveLength(200)
    // typed arrays cross as typed arrays (advanced serialisation), as worker messages did
    expect(Object.prototype.toString.call((messages[199] as { big: unknown }).big)).toBe(
      '[object Float32Array]',
    )
  })

  it('keeps only the end of a long stderr', () => {
    const t = stderrTail(null)
    for (let i = 0; i < 10_000; i++) t.push(`line ${i}\n`)
    t.push('Error: device lost\n')
    expect(t.why(1, null)).toBe('exit code 1: Error: device lost')
    expect(t.why(0, null)).toBeNull()
  })
})
